'use client';
import { ZRegisterRequest } from '@bitflow/contracts';
import { zodResolver } from '@hookform/resolvers/zod';
import Link from 'next/link';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { Alert } from '@/components/ui/alert';
import { Button, buttonClass } from '@/components/ui/button';
import { TextField } from '@/components/ui/text-field';
import { api, apiError, type MessageEnvelope } from '@/lib/api';
import { PasswordField } from './password-field';
import { applyServerErrors } from './server-errors';

// Choosing a password with an e-mailed single-use token: the reset link (/reset-password) and the
// invitation (/register, the seed's register page, which also asks for the name to show).
// The password rules are the API's (length, not the e-mail, not a common password); the API's
// field errors land on the field, an expired or used token above the form.

const schema = ZRegisterRequest.extend({ confirm: z.string() }).refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'The passwords do not match.' });
type Values = z.infer<typeof schema>;

export function SetPasswordForm({ mode, token }: { mode: 'reset' | 'invite'; token: string | null }) {
  const [done, setDone] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const { register, handleSubmit, setError, formState } = useForm<Values>({ resolver: zodResolver(schema), defaultValues: { token: token ?? '', password: '', confirm: '', name: undefined } });
  const { errors, isSubmitting } = formState;

  if (!token) {
    return (
      <Alert tone="error" title="This link is incomplete">
        Open the link from your e-mail again, or {mode === 'reset' ? <Link href="/forgot-password" className="underline">ask for a new one</Link> : 'ask your administrator to send a new invitation'}.
      </Alert>
    );
  }
  if (done) {
    return (
      <div className="space-y-6">
        <Alert tone="success">{done}</Alert>
        <Link href="/login" className={buttonClass('primary', 'md', 'w-full')}>
          Go to sign in
        </Link>
      </div>
    );
  }

  const onSubmit = handleSubmit(async ({ confirm: _confirm, name, ...rest }) => {
    setFormError(null);
    try {
      const body = mode === 'invite' && name ? { ...rest, name } : rest;
      const res = await api.post<MessageEnvelope>(mode === 'reset' ? '/auth/reset-password' : '/auth/register', body);
      setDone(res.data.message);
    } catch (e) {
      const problem = apiError(e);
      const left = applyServerErrors(problem, ['password', 'name'], setError);
      setFormError(problem.errors.token ? 'This link has expired or was already used. Ask for a new one.' : left);
    }
  });

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-5">
      {formError && <Alert tone="error">{formError}</Alert>}
      {mode === 'invite' && <TextField id="name" label="Your name" autoComplete="name" hint="As colleagues will see it. Leave empty to keep the name you were invited with." error={errors.name?.message} {...register('name', { setValueAs: (v: string) => (v.trim() === '' ? undefined : v) })} />}
      <PasswordField id="password" label="New password" autoComplete="new-password" error={errors.password?.message} {...register('password')} />
      <PasswordField id="confirm" label="Repeat the password" autoComplete="new-password" error={errors.confirm?.message} {...register('confirm')} />
      <p className="text-xs text-slate-600 dark:text-slate-400">At least 8 characters; not your e-mail address and not a commonly used password.</p>
      <Button type="submit" loading={isSubmitting} className="w-full">
        {mode === 'reset' ? 'Set new password' : 'Create my account'}
      </Button>
    </form>
  );
}
