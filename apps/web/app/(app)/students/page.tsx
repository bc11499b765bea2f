import type { Metadata } from 'next';
import { Suspense } from 'react';
import { StudentsList } from '@/components/students/students-list';

export const metadata: Metadata = { title: 'Students' };

// The list reads its page, search and sort from the URL (useSearchParams), hence the Suspense boundary.
export default function Page() {
  return (
    <Suspense>
      <StudentsList />
    </Suspense>
  );
}
