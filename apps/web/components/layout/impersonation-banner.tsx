'use client';
import { ShieldAlert } from 'lucide-react';
import { useUserStore } from '@/stores/user-store';

/** Shown on every page while a platform owner acts as someone else (God Mode). */
export function ImpersonationBanner() {
  const me = useUserStore((s) => s.me);
  if (!me?.impersonator) return null;
  return (
    <div role="status" className="flex items-center justify-center gap-2 bg-amber-300 px-4 py-2 text-center text-sm font-medium text-amber-950">
      <ShieldAlert aria-hidden className="size-4 shrink-0" />
      <span>
        You are acting as <strong>{me.user.name}</strong>. {me.impersonator.name} started this impersonation; every action is audited under both names.
      </span>
    </div>
  );
}
