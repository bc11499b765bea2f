'use client';
import type { Session } from '@bitflow/contracts';
import { LogOut, Monitor, Smartphone } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardHeader } from '@/components/ui/card';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { Skeleton } from '@/components/ui/skeleton';
import { api, apiError, type ApiProblem } from '@/lib/api';
import { formatDateTime, relativeTime } from '@/lib/format';
import { useAuthStore } from '@/stores/auth-store';
import { useUiStore } from '@/stores/ui-store';
import { useUserStore } from '@/stores/user-store';

/** "Chrome on Linux" from a user-agent string, good enough to recognise one's own devices. */
export function describeAgent(ua: string | null): { label: string; mobile: boolean } {
  if (!ua) return { label: 'Unknown device', mobile: false };
  const browser = /Edg\//.test(ua) ? 'Edge' : /Firefox\//.test(ua) ? 'Firefox' : /Chrom(e|ium)\//.test(ua) ? 'Chrome' : /Safari\//.test(ua) ? 'Safari' : /node|undici|curl/i.test(ua) ? 'API client' : 'Browser';
  const os = /Android/.test(ua) ? 'Android' : /iPhone|iPad/.test(ua) ? 'iOS' : /Windows/.test(ua) ? 'Windows' : /Mac OS X/.test(ua) ? 'macOS' : /Linux/.test(ua) ? 'Linux' : null;
  return { label: os ? `${browser} on ${os}` : browser, mobile: /Mobile|Android|iPhone/.test(ua) };
}

export function SessionsCard({ sessions, error, onReload }: { sessions: Session[] | undefined; error: ApiProblem | null; onReload: () => void }) {
  const router = useRouter();
  const toast = useUiStore((s) => s.toast);
  const [revoking, setRevoking] = useState<string | null>(null);
  const [everywhere, setEverywhere] = useState(false);

  const revoke = async (s: Session) => {
    setRevoking(s.id);
    try {
      await api.delete(`/auth/sessions/${s.id}`);
      toast(`Signed out ${describeAgent(s.user_agent).label}.`, 'success');
      onReload();
    } catch (e) {
      toast(apiError(e).message, 'error');
    } finally {
      setRevoking(null);
    }
  };

  const signOutEverywhere = async () => {
    try {
      await api.post('/auth/logout-all', {});
    } catch (e) {
      toast(apiError(e).message, 'error');
      throw e;
    }
    useAuthStore.getState().clear();
    useUserStore.getState().setMe(null);
    router.replace('/login?signed_out=1');
  };

  return (
    <Card labelledBy="sessions">
      <CardHeader
        id="sessions"
        title="Where you are signed in"
        description="Sign out a device you no longer use or do not recognise."
        action={
          <Button variant="secondary" size="sm" onClick={() => setEverywhere(true)}>
            <LogOut aria-hidden className="size-4" />
            Sign out everywhere
          </Button>
        }
      />
      {error ? (
        <div className="p-5">
          <Alert tone="error" title="Your sessions could not be loaded" action={<Button size="sm" variant="secondary" onClick={onReload}>Try again</Button>}>
            {error.message}
          </Alert>
        </div>
      ) : !sessions ? (
        <div role="status" aria-label="Loading sessions" className="space-y-3 p-5">
          <Skeleton className="h-10 w-full" />
          <Skeleton className="h-10 w-full" />
        </div>
      ) : (
        <ul className="divide-y divide-slate-100 dark:divide-slate-800" aria-label="Active sessions">
          {sessions.map((s) => {
            const { label, mobile } = describeAgent(s.user_agent);
            const Icon = mobile ? Smartphone : Monitor;
            return (
              <li key={s.id} data-testid="session" className="flex flex-wrap items-center gap-4 px-5 py-3">
                <Icon aria-hidden className="size-5 shrink-0 text-slate-500 dark:text-slate-400" />
                <div className="min-w-0 flex-1 text-sm">
                  <p className="font-medium text-slate-900 dark:text-slate-100">
                    {label}
                    {s.current && <span className="ml-2 rounded-full bg-emerald-50 px-2 py-0.5 text-xs font-medium text-emerald-800 dark:bg-emerald-500/10 dark:text-emerald-300">This device</span>}
                    {s.impersonated && <span className="ml-2 rounded-full bg-amber-50 px-2 py-0.5 text-xs font-medium text-amber-900 dark:bg-amber-500/10 dark:text-amber-300">Impersonation</span>}
                  </p>
                  <p className="text-xs text-slate-600 dark:text-slate-400">
                    {s.ip ?? 'Unknown address'} · signed in {formatDateTime(s.created_at)} · active <time dateTime={s.last_activity_at}>{relativeTime(s.last_activity_at)}</time>
                  </p>
                </div>
                {!s.current && (
                  <Button variant="secondary" size="sm" onClick={() => void revoke(s)} loading={revoking === s.id} aria-label={`Sign out ${label}, signed in ${formatDateTime(s.created_at)}`}>
                    Sign out
                  </Button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      <ConfirmDialog open={everywhere} title="Sign out everywhere?" confirmLabel="Sign out everywhere" onConfirm={signOutEverywhere} onClose={() => setEverywhere(false)}>
        Every session ends, this one included. You will need your password to sign in again on each device.
      </ConfirmDialog>
    </Card>
  );
}
