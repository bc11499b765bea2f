'use client';
import { ZMfaDisableRequest } from '@bitflow/contracts';
import { zodResolver } from '@hookform/resolvers/zod';
import { ShieldCheck, ShieldOff } from 'lucide-react';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { MfaSetupForm } from '@/components/auth/mfa-setup-form';
import { PasswordField } from '@/components/auth/password-field';
import { applyServerErrors } from '@/components/auth/server-errors';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardHeader } from '@/components/ui/card';
import { Dialog, DialogBody, DialogFooter } from '@/components/ui/dialog';
import { api, apiError } from '@/lib/api';
import { useUiStore } from '@/stores/ui-store';

/** Two-factor status with setup (the sign-in's MfaSetupForm, signed-in mode) and turning it off. */
export function MfaCard({ enabled, onChange }: { enabled: boolean | null; onChange: (on: boolean) => void }) {
  const toast = useUiStore((s) => s.toast);
  const [setupOpen, setSetupOpen] = useState(false);
  const [disableOpen, setDisableOpen] = useState(false);

  return (
    <Card labelledBy="mfa">
      <CardHeader id="mfa" title="Two-factor authentication" description="A code from an authenticator app at each sign-in, on top of your password." />
      <div className="flex flex-wrap items-center justify-between gap-4 p-5">
        <p className="flex items-center gap-2 text-sm" data-testid="mfa-status">
          {enabled ? <ShieldCheck aria-hidden className="size-5 text-emerald-600" /> : <ShieldOff aria-hidden className="size-5 text-slate-500" />}
          {enabled === null ? 'Turn it on for a safer account, or off if you have it on already.' : enabled ? 'On. Sign-ins ask for a code from your app.' : 'Off. Sign-ins need only your password.'}
        </p>
        <div className="flex gap-2">
          {enabled !== true && <Button onClick={() => setSetupOpen(true)}>Set up</Button>}
          {enabled !== false && (
            <Button variant="secondary" onClick={() => setDisableOpen(true)}>
              Turn off
            </Button>
          )}
        </div>
      </div>
      <Dialog open={setupOpen} onClose={() => setSetupOpen(false)} title="Set up two-factor authentication" size="md">
        <DialogBody>
          <MfaSetupForm
            onDone={async () => {
              setSetupOpen(false);
              onChange(true);
              toast('Two-factor authentication is on.', 'success');
            }}
            onCancel={() => setSetupOpen(false)}
          />
        </DialogBody>
      </Dialog>
      <Dialog open={disableOpen} onClose={() => setDisableOpen(false)} title="Turn off two-factor authentication?" description="Confirm with your password." size="sm">
        <DisableForm
          onClose={() => setDisableOpen(false)}
          onDone={() => {
            setDisableOpen(false);
            onChange(false);
            toast('Two-factor authentication is off.', 'success');
          }}
        />
      </Dialog>
    </Card>
  );
}

function DisableForm({ onClose, onDone }: { onClose: () => void; onDone: () => void }) {
  const [formError, setFormError] = useState<string | null>(null);
  const { register, handleSubmit, setError, formState } = useForm({ resolver: zodResolver(ZMfaDisableRequest), defaultValues: { password: '' } });
  const onSubmit = handleSubmit(async (v) => {
    setFormError(null);
    try {
      await api.post('/auth/mfa/disable', v);
      onDone();
    } catch (e) {
      setFormError(applyServerErrors(apiError(e), ['password'], setError));
    }
  });
  return (
    <form onSubmit={onSubmit} noValidate>
      <DialogBody>
        {formError && <Alert tone="error">{formError}</Alert>}
        <PasswordField id="mfa-disable-password" label="Password" autoComplete="current-password" error={formState.errors.password?.message} {...register('password')} />
      </DialogBody>
      <DialogFooter>
        <Button variant="secondary" onClick={onClose} disabled={formState.isSubmitting}>
          Cancel
        </Button>
        <Button type="submit" variant="danger" loading={formState.isSubmitting}>
          Turn off
        </Button>
      </DialogFooter>
    </form>
  );
}
