'use client';
import type { DataOf, ZSessionListEnvelope } from '@bitflow/contracts';
import { useState } from 'react';
import { PageHeader } from '@/components/layout/page-header';
import { Card, CardHeader } from '@/components/ui/card';
import { Alert } from '@/components/ui/alert';
import { useResource } from '@/hooks/use-resource';
import { humanize, initials } from '@/lib/format';
import { loadMe } from '@/lib/session';
import { useUserStore } from '@/stores/user-store';
import { ChangePasswordCard } from './change-password-card';
import { MfaCard } from './mfa-card';
import { SessionsCard } from './sessions-card';

const SCOPES = { platform: 'The whole platform', university: 'Your university', college: 'Your college' } as const;

// Who you are, your password, where you are signed in and two-factor authentication.
export function ProfileView() {
  const me = useUserStore((s) => s.me)!;
  // While a platform owner impersonates, the account's security is the user's alone (the API
  // refuses it too): no password, two-factor or session controls, and no session list to load.
  const impersonating = !!me.impersonator;
  const sessions = useResource<DataOf<typeof ZSessionListEnvelope>>(impersonating ? null : '/auth/sessions');
  // /auth/me carries the state as of sign-in; a change made here overrides it.
  const [mfaOverride, setMfaOverride] = useState<boolean | null>(null);
  const mfa = mfaOverride ?? me.mfa_enabled ?? null;

  return (
    <>
      <PageHeader title="Profile & security" crumbs={[{ label: 'Home', href: '/dashboard' }, { label: 'Profile & security' }]} description="Your account, your password and the devices you are signed in on." />
      <div className="grid gap-6 lg:grid-cols-2">
        <Card labelledBy="profile" className="lg:col-span-2">
          <CardHeader id="profile" title="Profile" description="Your name and e-mail are managed by an administrator of your university." />
          <div className="flex flex-wrap items-center gap-5 p-5">
            <span aria-hidden className="grid size-14 place-items-center rounded-full bg-blue-100 text-lg font-semibold text-blue-800 dark:bg-blue-500/20 dark:text-blue-200">
              {initials(me.user.name)}
            </span>
            <dl className="grid min-w-0 flex-1 gap-x-8 gap-y-3 text-sm sm:grid-cols-2">
              <div>
                <dt className="text-slate-600 dark:text-slate-400">Name</dt>
                <dd className="font-medium text-slate-900 dark:text-slate-100" data-testid="profile-name">
                  {me.user.name}
                </dd>
              </div>
              <div className="min-w-0">
                <dt className="text-slate-600 dark:text-slate-400">E-mail</dt>
                <dd className="font-medium wrap-anywhere text-slate-900 dark:text-slate-100">{me.user.email}</dd>
              </div>
              <div>
                <dt className="text-slate-600 dark:text-slate-400">Roles</dt>
                <dd className="mt-0.5 flex flex-wrap gap-1">
                  {me.roles.map((r) => (
                    <span key={r} className="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-700 dark:bg-slate-800 dark:text-slate-300">
                      {humanize(r)}
                    </span>
                  ))}
                </dd>
              </div>
              <div>
                <dt className="text-slate-600 dark:text-slate-400">Acts across</dt>
                <dd className="font-medium text-slate-900 dark:text-slate-100">
                  {SCOPES[me.scope.level]} · {me.permissions.length} permissions
                </dd>
              </div>
            </dl>
          </div>
        </Card>
        {impersonating ? (
          <div className="lg:col-span-2" data-testid="security-impersonating">
            <Alert tone="info" title="Security settings are hidden while impersonating">
              The password, two-factor authentication and signed-in devices belong to {me.user.name} alone: only they can see or change them, so you cannot lock them out or keep a way back in.
            </Alert>
          </div>
        ) : (
          <>
            <ChangePasswordCard onChanged={sessions.reload} />
            <div className="space-y-6">
              <MfaCard
                enabled={mfa}
                onChange={(on) => {
                  setMfaOverride(on);
                  void loadMe().catch(() => undefined);
                }}
              />
            </div>
            <div className="lg:col-span-2">
              <SessionsCard sessions={sessions.data?.items} error={sessions.error} onReload={sessions.reload} />
            </div>
          </>
        )}
      </div>
    </>
  );
}
