'use client';
import { useRouter, useSearchParams } from 'next/navigation';
import { useState } from 'react';
import { landingPath } from '@/lib/nav';
import { loadMe, type SignInResult } from '@/lib/session';
import { LoginForm } from './login-form';
import { MfaSetupForm } from './mfa-setup-form';
import { MfaVerifyForm } from './mfa-verify-form';

type Step = { kind: 'credentials' } | { kind: 'mfa'; mfaToken: string; setupRequired: boolean };

const NOTICES = {
  expired: { tone: 'warning', text: 'Your session has ended. Please sign in again.' },
  signed_out: { tone: 'success', text: 'You have been signed out.' },
} as const;

// Sign-in: credentials, then (if the account uses it) the two-factor step, then /auth/me and the
// page the user asked for (?next=), or the first page their permissions open.
export function LoginFlow() {
  const router = useRouter();
  const search = useSearchParams();
  const [step, setStep] = useState<Step>({ kind: 'credentials' });
  const notice = search.get('reason') === 'expired' ? NOTICES.expired : search.has('signed_out') ? NOTICES.signed_out : undefined;

  const finish = async () => {
    const me = await loadMe();
    router.replace(landingPath(me.permissions, search.get('next')));
  };

  const onResult = async (r: SignInResult) => {
    if (r.kind === 'mfa') setStep({ kind: 'mfa', mfaToken: r.mfaToken, setupRequired: r.setupRequired });
    else await finish();
  };
  const back = () => setStep({ kind: 'credentials' });

  const heading =
    step.kind === 'credentials'
      ? { title: 'Sign in', text: 'Use the e-mail address your university registered for you.' }
      : step.setupRequired
        ? { title: 'Set up two-factor authentication', text: 'One more step to protect your account.' }
        : { title: 'Two-factor authentication', text: 'Confirm it is you.' };

  return (
    <>
      <h1 className="text-2xl font-semibold tracking-tight text-slate-900 dark:text-white">{heading.title}</h1>
      <p className="mt-1.5 mb-8 text-sm text-slate-600 dark:text-slate-400">{heading.text}</p>
      {step.kind === 'credentials' ? (
        <LoginForm notice={notice} onResult={onResult} />
      ) : step.setupRequired ? (
        <MfaSetupForm mfaToken={step.mfaToken} onDone={finish} onCancel={back} />
      ) : (
        <MfaVerifyForm mfaToken={step.mfaToken} onDone={finish} onCancel={back} />
      )}
    </>
  );
}
