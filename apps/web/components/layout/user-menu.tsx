'use client';
import { Bell, ChevronDown, LogOut, UserRound } from 'lucide-react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useId, useRef, useState } from 'react';
import { useDismiss } from '@/hooks/use-dismiss';
import { humanize, initials } from '@/lib/format';
import { signOut } from '@/lib/session';
import { useUiStore } from '@/stores/ui-store';
import { useUserStore } from '@/stores/user-store';

// Account disclosure: who is signed in, their roles, profile and notifications, and sign out.
export function UserMenu() {
  const router = useRouter();
  const me = useUserStore((s) => s.me);
  const panelId = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const [open, setOpen] = useState(false);
  const [signingOut, setSigningOut] = useState(false);
  useDismiss(root, open, (reason) => {
    setOpen(false);
    if (reason === 'escape') button.current?.focus();
  });
  if (!me) return null;

  const onSignOut = async () => {
    setSigningOut(true);
    try {
      await signOut();
    } catch {
      useUiStore.getState().toast('You are signed out on this device. The server could not be reached to end the session.', 'error');
    }
    router.replace('/login?signed_out=1');
  };

  return (
    <div ref={root} className="relative">
      <button
        ref={button}
        type="button"
        onClick={() => setOpen(!open)}
        aria-expanded={open}
        aria-controls={panelId}
        data-testid="user-menu"
        className="flex items-center gap-2 rounded-lg p-1 pr-2 hover:bg-slate-100 dark:hover:bg-slate-800"
      >
        <span aria-hidden className="grid size-8 place-items-center rounded-full bg-blue-100 text-xs font-semibold text-blue-800 dark:bg-blue-500/20 dark:text-blue-200">
          {initials(me.user.name)}
        </span>
        <span className="hidden max-w-44 truncate text-sm font-medium text-slate-800 md:block dark:text-slate-200" data-testid="user-name">
          {me.user.name}
        </span>
        <span className="sr-only md:hidden">{me.user.name}</span>
        <ChevronDown aria-hidden className="hidden size-4 text-slate-500 md:block dark:text-slate-400" />
      </button>
      {open && (
        <div id={panelId} className="absolute right-0 z-40 mt-2 w-64 overflow-hidden rounded-xl border border-slate-200 bg-white shadow-lg dark:border-slate-700 dark:bg-slate-900">
          <div className="border-b border-slate-100 px-4 py-3 dark:border-slate-800">
            <p className="truncate text-sm font-semibold text-slate-900 dark:text-slate-100">{me.user.name}</p>
            <p className="truncate text-sm text-slate-600 dark:text-slate-400">{me.user.email}</p>
            <p className="mt-2 flex flex-wrap gap-1">
              {me.roles.map((r) => (
                <span key={r} className="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-700 dark:bg-slate-800 dark:text-slate-300">
                  {humanize(r)}
                </span>
              ))}
            </p>
          </div>
          <div className="border-b border-slate-100 p-1 dark:border-slate-800">
            {[
              { href: '/profile', label: 'Profile & security', icon: UserRound },
              { href: '/notifications', label: 'Notifications', icon: Bell },
            ].map((l) => (
              <Link
                key={l.href}
                href={l.href}
                onClick={() => setOpen(false)}
                className="flex w-full items-center gap-2 rounded-lg px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-100 dark:text-slate-200 dark:hover:bg-slate-800"
              >
                <l.icon aria-hidden className="size-4" />
                {l.label}
              </Link>
            ))}
          </div>
          <div className="p-1">
            <button
              type="button"
              onClick={onSignOut}
              disabled={signingOut}
              className="flex w-full items-center gap-2 rounded-lg px-3 py-2 text-left text-sm font-medium text-slate-700 hover:bg-slate-100 disabled:opacity-60 dark:text-slate-200 dark:hover:bg-slate-800"
            >
              <LogOut aria-hidden className="size-4" />
              {signingOut ? 'Signing out…' : 'Sign out'}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
