import type { Metadata } from 'next';
import { Suspense } from 'react';
import { CoursesList } from '@/components/courses/courses-list';

export const metadata: Metadata = { title: 'Courses' };

// The list reads its page, search and sort from the URL (useSearchParams), hence the Suspense boundary.
export default function Page() {
  return (
    <Suspense>
      <CoursesList />
    </Suspense>
  );
}
