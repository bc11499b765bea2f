'use client';
import { ZLoginRequest } from '@bitflow/contracts';
import { zodResolver } from '@hookform/resolvers/zod';
import Link from 'next/link';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/text-field';
import { apiError } from '@/lib/api';
import { suspensionOf, type Suspension } from '@/lib/suspension';
import { signIn, type SignInResult } from '@/lib/session';
import { PasswordField } from './password-field';
import { applyServerErrors } from './server-errors';
import { SuspendedNotice } from './suspended-notice';

// Step 1 of sign-in. Validates with the API's own schema (packages/contracts), then shows the API's
// field errors on the fields and anything else above the form.
export function LoginForm({ notice, onResult }: { notice?: { tone: 'info' | 'success' | 'warning'; text: string }; onResult: (r: SignInResult) => Promise<void> | void }) {
  const [formError, setFormError] = useState<string | null>(null);
  const [suspended, setSuspended] = useState<Suspension | null>(null);
  const { register, handleSubmit, setError, formState } = useForm({ resolver: zodResolver(ZLoginRequest), defaultValues: { email: '', password: '' } });
  const { errors, isSubmitting } = formState;

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    setSuspended(null);
    try {
      await onResult(await signIn(values));
    } catch (e) {
      const problem = apiError(e);
      const suspension = suspensionOf(problem);
      if (suspension) setSuspended(suspension);
      else setFormError(applyServerErrors(problem, ['email', 'password'], setError));
    }
  });

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-5" aria-describedby={formError || suspended ? 'login-error' : undefined}>
      {suspended ? (
        <div id="login-error">
          <SuspendedNotice suspension={suspended} />
        </div>
      ) : formError ? (
        <div id="login-error">
          <Alert tone="error">{formError}</Alert>
        </div>
      ) : (
        notice && <Alert tone={notice.tone}>{notice.text}</Alert>
      )}
      <TextField id="email" label="E-mail" type="email" autoComplete="username" inputMode="email" spellCheck={false} autoFocus error={errors.email?.message} {...register('email')} />
      <PasswordField id="password" label="Password" autoComplete="current-password" error={errors.password?.message} {...register('password')} />
      <p className="-mt-2 text-right text-sm">
        <Link href="/forgot-password" className="font-medium text-blue-700 hover:underline dark:text-blue-400">
          Forgot your password?
        </Link>
      </p>
      <Button type="submit" loading={isSubmitting} className="w-full">
        {isSubmitting ? 'Signing in…' : 'Sign in'}
      </Button>
    </form>
  );
}
