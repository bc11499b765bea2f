'use client';
import type { Permission } from '@bitflow/contracts';
import { Plus } from 'lucide-react';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { buttonClass } from '@/components/ui/button';
import { useCan } from '@/stores/user-store';

/** "New …" in a list's header, for holders of the create permission. */
export function NewButton({ href, label, permission }: { href: string; label: string; permission: Permission }) {
  if (!useCan(permission)) return null;
  return (
    <Link href={href} className={buttonClass('primary')}>
      <Plus aria-hidden className="size-4" />
      {label}
    </Link>
  );
}

/** A row's name, linking to where it can be opened or edited (plain text in the trash or without the permission). */
export function RecordLink({ href, permission, deleted, children }: { href: string; permission?: Permission; deleted?: boolean; children: ReactNode }) {
  const can = useCan(permission);
  if (deleted || !can) return <span className="font-medium text-slate-900 dark:text-slate-100">{children}</span>;
  return (
    <Link href={href} className="font-medium text-slate-900 hover:text-blue-700 hover:underline dark:text-slate-100 dark:hover:text-blue-400">
      {children}
    </Link>
  );
}
