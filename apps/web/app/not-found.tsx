import { Compass } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { buttonClass } from '@/components/ui/button';
import { StatusPage } from '@/components/ui/status-page';

export const metadata: Metadata = { title: 'Page not found' };

export default function NotFound() {
  return (
    <StatusPage icon={Compass} code="404" title="We could not find that page" actions={<Link href="/dashboard" className={buttonClass()}>Go to the dashboard</Link>}>
      The address may be mistyped, or the page may have moved. Check the link, or start again from your dashboard.
    </StatusPage>
  );
}
