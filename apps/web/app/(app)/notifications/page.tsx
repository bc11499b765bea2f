import type { Metadata } from 'next';
import { Suspense } from 'react';
import { NotificationsView } from '@/components/notifications/notifications-view';

export const metadata: Metadata = { title: 'Notifications' };

// The unread filter and paging live in the URL (useSearchParams), hence the Suspense boundary.
export default function Page() {
  return (
    <Suspense>
      <NotificationsView />
    </Suspense>
  );
}
