import type { Metadata } from 'next';
import { Suspense } from 'react';
import { UsersView } from '@/components/users/users-view';

export const metadata: Metadata = { title: 'Users' };

// Filters and paging live in the URL (useSearchParams), hence the Suspense boundary.
export default function Page() {
  return (
    <Suspense>
      <UsersView />
    </Suspense>
  );
}
