import type { Metadata } from 'next';
import { Suspense } from 'react';
import { TenantsView } from '@/components/god-mode/tenants-view';

export const metadata: Metadata = { title: 'Universities' };

export default function Page() {
  return (
    <Suspense>
      <TenantsView />
    </Suspense>
  );
}
