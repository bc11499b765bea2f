import type { Metadata } from 'next';
import { Suspense } from 'react';
import { CollegesList } from '@/components/colleges/colleges-list';

export const metadata: Metadata = { title: 'Colleges' };

// The list reads its page, search and sort from the URL (useSearchParams), hence the Suspense boundary.
export default function Page() {
  return (
    <Suspense>
      <CollegesList />
    </Suspense>
  );
}
