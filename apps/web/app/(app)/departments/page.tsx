import type { Metadata } from 'next';
import { Suspense } from 'react';
import { DepartmentsList } from '@/components/departments/departments-list';

export const metadata: Metadata = { title: 'Departments' };

// The list reads its page, search and sort from the URL (useSearchParams), hence the Suspense boundary.
export default function Page() {
  return (
    <Suspense>
      <DepartmentsList />
    </Suspense>
  );
}
