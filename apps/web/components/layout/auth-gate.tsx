'use client';
import { usePathname, useRouter } from 'next/navigation';
import { useEffect, useState, type ReactNode } from 'react';
import { Button, buttonClass } from '@/components/ui/button';
import { SuspendedNotice } from '@/components/auth/suspended-notice';
import { Alert } from '@/components/ui/alert';
import { LogoMark } from '@/components/ui/logo';
import { Spinner } from '@/components/ui/spinner';
import { apiError, type ApiProblem } from '@/lib/api';
import { pagePermissions } from '@/lib/nav';
import { refreshSession } from '@/lib/refresh';
import { suspensionOf } from '@/lib/suspension';
import { loadMe } from '@/lib/session';
import { useAuthStore } from '@/stores/auth-store';
import { hasPermission, useUserStore } from '@/stores/user-store';

// Client-side route protection for every signed-in page. The access token is only in memory, so on
// a fresh page load the session is restored through the refresh cookie, then /auth/me says who the
// user is and what they may do. No session → /login?next=…; missing permission → /unauthorized.
export function AuthGate({ children }: { children: ReactNode }) {
  const router = useRouter();
  const pathname = usePathname();
  const me = useUserStore((s) => s.me);
  const status = useAuthStore((s) => s.status);
  const [failure, setFailure] = useState<ApiProblem | null>(null);
  const [attempt, setAttempt] = useState(0);
  const needsSession = !me && status !== 'anonymous';

  useEffect(() => {
    if (!needsSession) return;
    let mounted = true;
    (async () => {
      if (useAuthStore.getState().status === 'unknown') {
        const token = await refreshSession();
        if (!token) {
          const here = window.location.pathname + window.location.search;
          router.replace(`/login?next=${encodeURIComponent(here)}`);
          return;
        }
      }
      await loadMe();
    })().catch((e: unknown) => {
      if (mounted) setFailure(apiError(e));
    });
    return () => {
      mounted = false;
    };
  }, [needsSession, attempt, router]);

  const missing = me ? pagePermissions(pathname).find((p) => !hasPermission(me, p)) : undefined;
  const allowed = !missing;
  useEffect(() => {
    if (missing) router.replace(`/unauthorized?from=${encodeURIComponent(pathname)}&needs=${encodeURIComponent(missing)}`);
  }, [missing, pathname, router]);

  const suspension = suspensionOf(failure);
  if (suspension) {
    return (
      <FullScreen>
        <div className="text-left">
          <SuspendedNotice suspension={suspension} />
        </div>
        <div className="mt-4 flex justify-center">
          <a href="/login" className={buttonClass('secondary')}>
            Sign in as someone else
          </a>
        </div>
      </FullScreen>
    );
  }
  if (failure) {
    return (
      <FullScreen>
        <Alert tone="error" title="We could not load your workspace">
          {failure.message}
        </Alert>
        <div className="mt-4 flex justify-center gap-3">
          <Button
            onClick={() => {
              setFailure(null);
              setAttempt((n) => n + 1);
            }}
          >
            Try again
          </Button>
          <a href="/login" className={buttonClass('secondary')}>
            Sign in again
          </a>
        </div>
      </FullScreen>
    );
  }
  if (!me || !allowed) {
    return (
      <FullScreen>
        <p role="status" className="flex items-center justify-center gap-2 text-sm text-slate-600 dark:text-slate-400">
          <Spinner className="size-4 text-blue-700 dark:text-blue-400" />
          Loading your workspace…
        </p>
      </FullScreen>
    );
  }
  return <>{children}</>;
}

function FullScreen({ children }: { children: ReactNode }) {
  return (
    <main className="grid min-h-dvh place-items-center p-6">
      <div className="w-full max-w-md text-center">
        <LogoMark className="mx-auto mb-6 size-10" />
        {children}
      </div>
    </main>
  );
}
