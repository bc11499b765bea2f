import type { Metadata } from 'next';
import { PlatformHealth } from '@/components/god-mode/platform-health';

export const metadata: Metadata = { title: 'Platform health' };

export default function Page() {
  return <PlatformHealth />;
}
