'use client';
import { ShieldAlert } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { apiError } from '@/lib/api';
import { endImpersonation } from '@/lib/impersonation';
import { loadMe } from '@/lib/session';
import { useUiStore } from '@/stores/ui-store';
import { useUserStore } from '@/stores/user-store';

/** Shown on every page while a platform owner acts as someone else (God Mode), with the way out. */
export function ImpersonationBanner() {
  const me = useUserStore((s) => s.me);
  const toast = useUiStore((s) => s.toast);
  const router = useRouter();
  const [ending, setEnding] = useState(false);
  const endsAt = (me?.impersonator && me.impersonation_expires_at) || null;
  // At its end the API ends the impersonation on the next request; make that request then, so the
  // tab returns to the owner on time even if nobody touches it (lib/refresh.ts follows the switch).
  useEffect(() => {
    if (!endsAt) return;
    const timer = window.setTimeout(() => void loadMe().catch(() => undefined), Math.max(0, Date.parse(endsAt) - Date.now()) + 1000);
    return () => window.clearTimeout(timer);
  }, [endsAt]);
  if (!me?.impersonator) return null;

  const end = async () => {
    setEnding(true);
    try {
      await endImpersonation();
      toast('Impersonation ended. You are yourself again.', 'success');
      router.push('/universities');
    } catch (e) {
      toast(apiError(e).message, 'error');
    } finally {
      setEnding(false);
    }
  };

  return (
    <div role="status" data-testid="impersonation-banner" className="sticky top-0 z-40 flex flex-wrap items-center justify-center gap-x-3 gap-y-1 bg-amber-300 px-4 py-2 text-center text-sm font-medium text-amber-950">
      <span>
        {/* Inside the text, so a wrapped line does not leave the icon alone on a row of its own. */}
        <ShieldAlert aria-hidden className="mr-1.5 inline size-4 align-[-3px]" />
        You are acting as <strong>{me.user.name}</strong> ({me.user.email}). {me.impersonator.name} started this impersonation; every action is audited under both names.
        {endsAt && <> It ends by itself at <time dateTime={endsAt}>{new Date(endsAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}</time>.</>}
      </span>
      <button type="button" onClick={() => void end()} disabled={ending} className="rounded-md bg-amber-950 px-3 py-1 text-xs font-semibold text-amber-50 hover:bg-amber-900 disabled:opacity-60">
        {ending ? 'Ending…' : 'End impersonation'}
      </button>
    </div>
  );
}
