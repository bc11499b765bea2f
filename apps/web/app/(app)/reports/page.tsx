import type { Metadata } from 'next';
import { Suspense } from 'react';
import { ReportsView } from '@/components/reports/reports-view';

export const metadata: Metadata = { title: 'Reports' };

// `?highlight=<id>` (scheduled-report e-mails link here) is read with useSearchParams, hence the Suspense boundary.
export default function Page() {
  return (
    <Suspense>
      <ReportsView />
    </Suspense>
  );
}
