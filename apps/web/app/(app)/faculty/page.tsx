import type { Metadata } from 'next';
import { Suspense } from 'react';
import { FacultyList } from '@/components/faculty/faculty-list';

export const metadata: Metadata = { title: 'Faculty' };

// The list reads its page, search and sort from the URL (useSearchParams), hence the Suspense boundary.
export default function Page() {
  return (
    <Suspense>
      <FacultyList />
    </Suspense>
  );
}
