'use client';
import { ZChangePasswordRequest } from '@bitflow/contracts';
import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { PasswordField } from '@/components/auth/password-field';
import { applyServerErrors } from '@/components/auth/server-errors';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardHeader } from '@/components/ui/card';
import { api, apiError } from '@/lib/api';
import { useUiStore } from '@/stores/ui-store';

// The API's schema plus a confirmation the API never sees.
const schema = ZChangePasswordRequest.extend({ confirm_password: z.string() }).refine((v) => v.new_password === v.confirm_password, { message: 'The passwords do not match.', path: ['confirm_password'] });

/** PUT /auth/password; this session stays signed in, every other one ends. */
export function ChangePasswordCard({ onChanged }: { onChanged: () => void }) {
  const toast = useUiStore((s) => s.toast);
  const [formError, setFormError] = useState<string | null>(null);
  const { register, handleSubmit, setError, reset, formState } = useForm({ resolver: zodResolver(schema), defaultValues: { current_password: '', new_password: '', confirm_password: '' } });
  const { errors, isSubmitting } = formState;

  const onSubmit = handleSubmit(async ({ current_password, new_password }) => {
    setFormError(null);
    try {
      await api.put('/auth/password', { current_password, new_password });
      reset();
      toast('Password changed. Your other sessions were signed out.', 'success');
      onChanged();
    } catch (e) {
      setFormError(applyServerErrors(apiError(e), ['current_password', 'new_password'], setError));
    }
  });

  return (
    <Card labelledBy="change-password">
      <CardHeader id="change-password" title="Change password" description="At least 8 characters, not your e-mail, not a common password. Other devices are signed out." />
      <form onSubmit={onSubmit} noValidate className="space-y-4 p-5">
        {formError && <Alert tone="error">{formError}</Alert>}
        <PasswordField id="current-password" label="Current password" autoComplete="current-password" error={errors.current_password?.message} {...register('current_password')} />
        <PasswordField id="new-password" label="New password" autoComplete="new-password" error={errors.new_password?.message} {...register('new_password')} />
        <PasswordField id="confirm-password" label="Repeat the new password" autoComplete="new-password" error={errors.confirm_password?.message} {...register('confirm_password')} />
        <div className="flex justify-end">
          <Button type="submit" loading={isSubmitting}>
            Change password
          </Button>
        </div>
      </form>
    </Card>
  );
}
