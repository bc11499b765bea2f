'use client';
import { ZMfaCodeRequest } from '@bitflow/contracts';
import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/text-field';
import { apiError } from '@/lib/api';
import { verifyMfa } from '@/lib/session';
import { applyServerErrors } from './server-errors';

const ZRecovery = z.object({ recovery_code: z.string().trim().min(8, 'Enter one of your recovery codes.').max(20) });

// Step 2 when two-factor authentication is on: a 6-digit code from the app, or a recovery code.
export function MfaVerifyForm({ mfaToken, onDone, onCancel }: { mfaToken: string; onDone: () => Promise<void>; onCancel: () => void }) {
  const [useRecovery, setUseRecovery] = useState(false);
  return useRecovery ? (
    <RecoveryForm mfaToken={mfaToken} onDone={onDone} onCancel={onCancel} onSwitch={() => setUseRecovery(false)} />
  ) : (
    <CodeForm mfaToken={mfaToken} onDone={onDone} onCancel={onCancel} onSwitch={() => setUseRecovery(true)} />
  );
}

interface StepProps {
  mfaToken: string;
  onDone: () => Promise<void>;
  onCancel: () => void;
  onSwitch: () => void;
}

function CodeForm({ mfaToken, onDone, onCancel, onSwitch }: StepProps) {
  const [formError, setFormError] = useState<string | null>(null);
  const { register, handleSubmit, setError, formState } = useForm({ resolver: zodResolver(ZMfaCodeRequest), defaultValues: { code: '' } });
  const onSubmit = handleSubmit(async ({ code }) => {
    setFormError(null);
    try {
      await verifyMfa(mfaToken, { code });
      await onDone();
    } catch (e) {
      setFormError(applyServerErrors(apiError(e), ['code'], setError));
    }
  });
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-5">
      {formError && <Alert tone="error">{formError}</Alert>}
      <TextField id="mfa-code" label="Authentication code" hint="The 6-digit code from your authenticator app." inputMode="numeric" autoComplete="one-time-code" maxLength={6} autoFocus error={formState.errors.code?.message} {...register('code')} />
      <Button type="submit" loading={formState.isSubmitting} className="w-full">
        Verify
      </Button>
      <StepLinks onSwitch={onSwitch} switchLabel="Use a recovery code instead" onCancel={onCancel} />
    </form>
  );
}

function RecoveryForm({ mfaToken, onDone, onCancel, onSwitch }: StepProps) {
  const [formError, setFormError] = useState<string | null>(null);
  const { register, handleSubmit, setError, formState } = useForm({ resolver: zodResolver(ZRecovery), defaultValues: { recovery_code: '' } });
  const onSubmit = handleSubmit(async ({ recovery_code }) => {
    setFormError(null);
    try {
      await verifyMfa(mfaToken, { recovery_code });
      await onDone();
    } catch (e) {
      const problem = apiError(e);
      // The API reports a wrong code under `code`; show it on the recovery field.
      if (problem.errors.code) problem.errors = { recovery_code: problem.errors.code };
      setFormError(applyServerErrors(problem, ['recovery_code'], setError));
    }
  });
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-5">
      {formError && <Alert tone="error">{formError}</Alert>}
      <TextField id="recovery-code" label="Recovery code" hint="Each recovery code works once." autoComplete="off" spellCheck={false} autoFocus error={formState.errors.recovery_code?.message} {...register('recovery_code')} />
      <Button type="submit" loading={formState.isSubmitting} className="w-full">
        Verify
      </Button>
      <StepLinks onSwitch={onSwitch} switchLabel="Use an authentication code instead" onCancel={onCancel} />
    </form>
  );
}

export function StepLinks({ onSwitch, switchLabel, onCancel }: { onSwitch?: () => void; switchLabel?: string; onCancel: () => void }) {
  const link = 'font-medium text-blue-700 hover:underline dark:text-blue-400';
  return (
    <div className="flex flex-wrap justify-between gap-2 text-sm">
      {onSwitch && (
        <button type="button" onClick={onSwitch} className={link}>
          {switchLabel}
        </button>
      )}
      <button type="button" onClick={onCancel} className={link}>
        Back to sign in
      </button>
    </div>
  );
}
