'use client';
import { ZForgotPasswordRequest } from '@bitflow/contracts';
import { zodResolver } from '@hookform/resolvers/zod';
import Link from 'next/link';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/text-field';
import { api, apiError, type MessageEnvelope } from '@/lib/api';
import { applyServerErrors } from './server-errors';

// Asks for a reset link. The answer is the same whether or not the account exists (no enumeration).
export function ForgotPasswordForm() {
  const [sent, setSent] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const { register, handleSubmit, setError, formState } = useForm({ resolver: zodResolver(ZForgotPasswordRequest), defaultValues: { email: '' } });

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    try {
      const res = await api.post<MessageEnvelope>('/auth/forgot-password', values);
      setSent(res.data.message);
    } catch (e) {
      setFormError(applyServerErrors(apiError(e), ['email'], setError));
    }
  });

  return (
    <div className="space-y-5">
      {sent ? (
        <Alert tone="success">{sent} The link works once, for one hour.</Alert>
      ) : (
        <form onSubmit={onSubmit} noValidate className="space-y-5">
          {formError && <Alert tone="error">{formError}</Alert>}
          <TextField id="email" label="E-mail" type="email" autoComplete="username" inputMode="email" spellCheck={false} autoFocus error={formState.errors.email?.message} {...register('email')} />
          <Button type="submit" loading={formState.isSubmitting} className="w-full">
            Send reset link
          </Button>
        </form>
      )}
      <p className="text-center text-sm">
        <Link href="/login" className="font-medium text-blue-700 hover:underline dark:text-blue-400">
          Back to sign in
        </Link>
      </p>
    </div>
  );
}
