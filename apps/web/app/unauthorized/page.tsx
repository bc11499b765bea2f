import { ShieldAlert } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { buttonClass } from '@/components/ui/button';
import { StatusPage } from '@/components/ui/status-page';

export const metadata: Metadata = { title: 'No access' };

// Where the portal sends a page its user may not open (AuthGate): `needs` names the missing
// permission, e.g. students.create for /students/new typed in by a read-only user.
const PERMISSION = /^[a-z_]+\.[a-z_]+$/;

export default async function Unauthorized({ searchParams }: { searchParams: Promise<{ needs?: string | string[] }> }) {
  const raw = (await searchParams).needs;
  const needs = typeof raw === 'string' && PERMISSION.test(raw) ? raw : null;
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
      <p>Your role does not include the permission this page needs. If you think it should, ask an administrator of your university.</p>
      {needs && (
        <p className="mt-2">
          Permission needed: <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-800 dark:bg-slate-800 dark:text-slate-200">{needs}</code>
        </p>
      )}
    </StatusPage>
  );
}
