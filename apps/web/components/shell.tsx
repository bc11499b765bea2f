'use client';
import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { api, refreshSession } from '@/lib/api';
import { useAuth } from '@/stores/auth';

const NAV = [
  { href: '/dashboard', label: 'Dashboard', permission: 'dashboard.view' },
  { href: '/students', label: 'Students', permission: 'students.view' },
];

// The signed-in frame: restores the session from the refresh cookie, loads /auth/me, and shows the
// header, a sidebar filtered by permission, and the impersonation banner.
export function Shell({ children }: { children: React.ReactNode }) {
  const router = useRouter();
  const path = usePathname();
  const { me, setMe, accessToken } = useAuth();
  const [dark, setDark] = useState(false);

  useEffect(() => {
    let cancelled = false;
    (async () => {
      if (!useAuth.getState().accessToken && !(await refreshSession())) {
        router.replace(`/login?next=${encodeURIComponent(path)}`);
        return;
      }
      const { data } = await api.get('/auth/me');
      if (!cancelled) setMe(data.data);
    })().catch(() => router.replace('/login'));
    return () => {
      cancelled = true;
    };
    // Re-run only when the session is lost (token cleared), not on every token rotation.
  }, [accessToken === null]);

  useEffect(() => {
    document.documentElement.classList.toggle('dark', dark);
  }, [dark]);

  const signOut = async () => {
    await api.post('/auth/logout', {}).catch(() => undefined);
    useAuth.getState().setToken(null);
    setMe(null);
    router.replace('/login');
  };

  if (!me) {
    return (
      <div className="grid min-h-screen place-items-center" role="status" aria-live="polite">
        <p className="text-slate-600 dark:text-slate-400">Loading your workspace…</p>
      </div>
    );
  }
  const items = NAV.filter((n) => me.permissions.includes(n.permission));
  return (
    <div className="min-h-screen">
      {me.impersonator && (
        <div role="status" className="bg-amber-400 px-4 py-2 text-center text-sm font-medium text-amber-950">
          {me.impersonator.name} is impersonating {me.user.name}.
        </div>
      )}
      <header className="flex items-center justify-between border-b border-slate-200 bg-white px-4 py-3 dark:border-slate-800 dark:bg-slate-900">
        <Link href="/dashboard" className="flex items-center gap-2 font-semibold">
          <span aria-hidden className="grid h-8 w-8 place-items-center rounded-lg bg-blue-700 text-white">B</span>
          <span className="hidden sm:inline">Bitflow Owner Portal</span>
        </Link>
        <div className="flex items-center gap-3">
          <button onClick={() => setDark(!dark)} className="rounded-md border border-slate-300 px-2 py-1 text-sm dark:border-slate-700" aria-label="Toggle dark theme">
            {dark ? 'Light' : 'Dark'}
          </button>
          <span className="hidden text-sm text-slate-700 sm:inline dark:text-slate-300" data-testid="user-name">{me.user.name}</span>
          <button onClick={signOut} className="rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white dark:bg-slate-100 dark:text-slate-900">
            Sign out
          </button>
        </div>
      </header>
      <div className="flex flex-col md:flex-row">
        <nav aria-label="Main" className="shrink-0 border-b border-slate-200 bg-white p-2 md:min-h-[calc(100vh-57px)] md:w-56 md:border-r md:border-b-0 md:p-3 dark:border-slate-800 dark:bg-slate-900">
          <ul className="flex gap-1 overflow-x-auto md:block md:space-y-1">
            {items.map((n) => (
              <li key={n.href}>
                <Link href={n.href} aria-current={path.startsWith(n.href) ? 'page' : undefined} className={`block rounded-md px-3 py-2 text-sm ${path.startsWith(n.href) ? 'bg-blue-50 font-medium text-blue-800 dark:bg-blue-950 dark:text-blue-200' : 'text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800'}`}>
                  {n.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <main className="min-w-0 flex-1 p-4 md:p-8">{children}</main>
      </div>
    </div>
  );
}
