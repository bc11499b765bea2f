import type { Metadata } from 'next';
import { ProfileView } from '@/components/profile/profile-view';

export const metadata: Metadata = { title: 'Profile & security' };

export default function Page() {
  return <ProfileView />;
}
