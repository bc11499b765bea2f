import { ShieldAlert } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { buttonClass } from '@/components/ui/button';
import { StatusPage } from '@/components/ui/status-page';

export const metadata: Metadata = { title: 'No access' };

export default function Unauthorized() {
  return (
    <StatusPage
      icon={ShieldAlert}
      code="403"
      title="You do not have access to this page"
      actions={
        <>
          <Link href="/dashboard" className={buttonClass()}>
            Go to the dashboard
          </Link>
          <Link href="/login" className={buttonClass('secondary')}>
            Sign in as someone else
          </Link>
        </>
      }
    >
      Your role does not include the permission this page needs. If you think it should, ask an administrator of your university.
    </StatusPage>
  );
}
