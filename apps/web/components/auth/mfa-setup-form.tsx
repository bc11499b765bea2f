'use client';
import { ZMfaCodeRequest, type MfaSetup } from '@bitflow/contracts';
import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Skeleton } from '@/components/ui/skeleton';
import { TextField } from '@/components/ui/text-field';
import { apiError, type ApiProblem } from '@/lib/api';
import { beginMfaSetup, enableMfa } from '@/lib/session';
import { StepLinks } from './mfa-verify-form';
import { applyServerErrors } from './server-errors';

// Platform owners must use two-factor authentication: on their first sign-in they enrol here (with
// the challenge token). Signed-in users enrol from their profile with the same form (no token).
// The secret is shown for manual entry (and as an otpauth: link, which phones open in the app).
export function MfaSetupForm({ mfaToken, onDone, onCancel }: { mfaToken?: string; onDone: () => Promise<void>; onCancel: () => void }) {
  const signedIn = !mfaToken;
  const [setup, setSetup] = useState<MfaSetup | null>(null);
  const [setupError, setSetupError] = useState<ApiProblem | null>(null);
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const { register, handleSubmit, setError, formState } = useForm({ resolver: zodResolver(ZMfaCodeRequest), defaultValues: { code: '' } });

  useEffect(() => {
    beginMfaSetup(mfaToken).then(setSetup, (e: unknown) => setSetupError(apiError(e)));
  }, [mfaToken]);

  const onSubmit = handleSubmit(async ({ code }) => {
    setFormError(null);
    try {
      setRecoveryCodes(await enableMfa(mfaToken, code));
    } catch (e) {
      setFormError(applyServerErrors(apiError(e), ['code'], setError));
    }
  });

  if (recoveryCodes) {
    return (
      <div className="space-y-5">
        <Alert tone="success" title="Two-factor authentication is on">
          Save these recovery codes somewhere safe. Each one signs you in once if you lose your phone.
        </Alert>
        <ul aria-label="Recovery codes" className="grid grid-cols-2 gap-2 rounded-lg border border-slate-200 bg-slate-50 p-4 font-mono text-sm dark:border-slate-700 dark:bg-slate-800">
          {recoveryCodes.map((c) => (
            <li key={c}>{c}</li>
          ))}
        </ul>
        {formError && <Alert tone="error">{formError}</Alert>}
        <Button className="w-full" onClick={() => onDone().catch((e: unknown) => setFormError(apiError(e).message))}>
          {signedIn ? 'I have saved them — done' : 'I have saved them — continue'}
        </Button>
      </div>
    );
  }
  if (setupError) {
    return (
      <div className="space-y-5">
        <Alert tone="error">{setupError.message}</Alert>
        {signedIn ? (
          <Button variant="secondary" onClick={onCancel}>
            Close
          </Button>
        ) : (
          <StepLinks onCancel={onCancel} />
        )}
      </div>
    );
  }
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-5">
      <p className="text-sm text-slate-700 dark:text-slate-300">
        {signedIn ? 'Add this key to an authenticator app, then enter the code it shows.' : 'Your account requires two-factor authentication. Add this key to an authenticator app, then enter the code it shows.'}
      </p>
      {setup ? (
        <div className="rounded-lg border border-slate-200 bg-slate-50 p-4 dark:border-slate-700 dark:bg-slate-800">
          <p className="text-xs font-medium text-slate-600 dark:text-slate-400">Setup key</p>
          <p className="mt-1 font-mono text-sm break-all text-slate-900 dark:text-slate-100" data-testid="mfa-secret">
            {setup.secret.match(/.{1,4}/g)?.join(' ')}
          </p>
          <a href={setup.otpauth_uri} className="mt-2 inline-block text-sm font-medium text-blue-700 hover:underline dark:text-blue-400">
            Open in authenticator app
          </a>
        </div>
      ) : (
        <div role="status" aria-label="Preparing your setup key">
          <Skeleton className="h-20 w-full" />
        </div>
      )}
      {formError && <Alert tone="error">{formError}</Alert>}
      <TextField id="mfa-setup-code" label="Authentication code" inputMode="numeric" autoComplete="one-time-code" maxLength={6} error={formState.errors.code?.message} {...register('code')} />
      <Button type="submit" loading={formState.isSubmitting} disabled={!setup} className="w-full">
        {signedIn ? 'Turn on two-factor authentication' : 'Turn on and sign in'}
      </Button>
      {signedIn ? (
        <Button variant="ghost" onClick={onCancel} className="w-full">
          Cancel
        </Button>
      ) : (
        <StepLinks onCancel={onCancel} />
      )}
    </form>
  );
}
