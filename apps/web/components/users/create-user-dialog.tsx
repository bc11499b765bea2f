'use client';
import { ZCreateUserRequest, type DataOf, type Role, type User, type ZCollegeListEnvelope, type ZUniversityListEnvelope } from '@bitflow/contracts';
import { zodResolver } from '@hookform/resolvers/zod';
import { KeyRound, Mail } from 'lucide-react';
import { useState } from 'react';
import { Controller, useForm, useWatch } from 'react-hook-form';
import { PasswordField } from '@/components/auth/password-field';
import { applyServerErrors } from '@/components/auth/server-errors';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Dialog, DialogBody, DialogFooter } from '@/components/ui/dialog';
import { SelectField } from '@/components/ui/select-field';
import { TextField } from '@/components/ui/text-field';
import { useResource } from '@/hooks/use-resource';
import { api, apiError, type Envelope } from '@/lib/api';
import { cx } from '@/lib/cx';
import { useUiStore } from '@/stores/ui-store';
import { useUserStore } from '@/stores/user-store';
import { RoleChecklist } from './role-checklist';

const FIELDS = ['name', 'email', 'password', 'roles', 'college_id', 'university_id'] as const;
const blankToUndefined = (v: unknown) => (v === '' ? undefined : v);

// Invite someone by e-mail (they set their own password from the link) or create the account with
// an initial password. Validated with the API's own schema; the API's 422 field errors land under
// the fields they name.
export function CreateUserDialog({ open, onClose, roles, onCreated }: { open: boolean; onClose: () => void; roles: Role[]; onCreated: () => void }) {
  return (
    <Dialog open={open} onClose={onClose} title="Add a user" description="Invite them by e-mail, or create the account with a password you pass on." size="lg">
      <CreateUserForm onClose={onClose} roles={roles} onCreated={onCreated} />
    </Dialog>
  );
}

function CreateUserForm({ onClose, roles, onCreated }: { onClose: () => void; roles: Role[]; onCreated: () => void }) {
  const toast = useUiStore((s) => s.toast);
  const platform = useUserStore((s) => s.me?.scope.level === 'platform');
  const [mode, setMode] = useState<'invite' | 'password'>('invite');
  const [formError, setFormError] = useState<string | null>(null);
  const { register, handleSubmit, control, setError, formState } = useForm({
    resolver: zodResolver(ZCreateUserRequest),
    defaultValues: { name: '', email: '', roles: [] as string[] },
  });
  const { errors, isSubmitting } = formState;
  const chosen = useWatch({ control, name: 'roles' }) ?? [];
  const needsCollege = roles.some((r) => r.level === 'college' && chosen.includes(r.name));
  const colleges = useResource<DataOf<typeof ZCollegeListEnvelope>>(needsCollege ? '/colleges' : null, { per_page: 100, sort: 'name' });
  const universities = useResource<DataOf<typeof ZUniversityListEnvelope>>(platform ? '/universities' : null, { per_page: 100 });

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    if (mode === 'password' && !values.password) {
      setError('password', { type: 'required', message: 'Enter an initial password, or send an invitation instead.' }, { shouldFocus: true });
      return;
    }
    const body = { ...values, password: mode === 'password' ? values.password : undefined, college_id: needsCollege ? values.college_id : undefined };
    try {
      const res = await api.post<Envelope<User>>('/users', body);
      toast(mode === 'password' ? `${values.name} can now sign in as ${res.data.data.email}.` : `Invitation sent to ${res.data.data.email}.`, 'success');
      onCreated();
      onClose();
    } catch (e) {
      setFormError(applyServerErrors(apiError(e), FIELDS, setError));
    }
  });

  return (
    <form onSubmit={onSubmit} noValidate>
      <DialogBody>
        {formError && <Alert tone="error">{formError}</Alert>}
        <fieldset>
          <legend className="text-sm font-medium text-slate-800 dark:text-slate-200">How they get access</legend>
          <div className="mt-1.5 grid gap-2 sm:grid-cols-2">
            {(
              [
                { value: 'invite', icon: Mail, title: 'Send an invitation', text: 'They choose their own password from an e-mailed link.' },
                { value: 'password', icon: KeyRound, title: 'Set a password', text: 'The account is active at once with the password you give.' },
              ] as const
            ).map((o) => (
              <label
                key={o.value}
                className={cx(
                  'flex cursor-pointer gap-3 rounded-lg border p-3 text-sm has-focus-visible:ring-2 has-focus-visible:ring-blue-600/40',
                  mode === o.value ? 'border-blue-600 bg-blue-50/60 dark:border-blue-500 dark:bg-blue-500/10' : 'border-slate-200 hover:bg-slate-50 dark:border-slate-700 dark:hover:bg-slate-800/50',
                )}
              >
                <input type="radio" name="access-mode" value={o.value} checked={mode === o.value} onChange={() => setMode(o.value)} className="mt-0.5 size-4 accent-blue-700" />
                <span>
                  <span className="flex items-center gap-1.5 font-medium text-slate-900 dark:text-slate-100">
                    <o.icon aria-hidden className="size-4" />
                    {o.title}
                  </span>
                  <span className="mt-0.5 block text-xs text-slate-600 dark:text-slate-400">{o.text}</span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField id="user-name" label="Full name" autoComplete="off" error={errors.name?.message} {...register('name')} />
          <TextField id="user-email" label="E-mail" type="email" autoComplete="off" spellCheck={false} error={errors.email?.message} {...register('email')} />
        </div>
        {mode === 'password' && (
          <PasswordField id="user-password" label="Initial password" autoComplete="new-password" error={errors.password?.message} {...register('password', { setValueAs: blankToUndefined })} />
        )}
        {platform && (
          <SelectField id="user-university" label="University" error={errors.university_id?.message} {...register('university_id', { setValueAs: blankToUndefined })}>
            <option value="">Platform (no university)</option>
            {universities.data?.items.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </SelectField>
        )}
        <Controller control={control} name="roles" render={({ field }) => <RoleChecklist id="user-roles" roles={roles} value={field.value ?? []} onChange={field.onChange} error={errors.roles?.message} />} />
        {needsCollege && (
          <SelectField id="user-college" label="College" hint="College roles act only inside this college." error={errors.college_id?.message} {...register('college_id', { setValueAs: blankToUndefined })}>
            <option value="">Choose a college…</option>
            {colleges.data?.items.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </SelectField>
        )}
      </DialogBody>
      <DialogFooter>
        <Button variant="secondary" onClick={onClose} disabled={isSubmitting}>
          Cancel
        </Button>
        <Button type="submit" loading={isSubmitting}>
          {mode === 'password' ? 'Create user' : 'Send invitation'}
        </Button>
      </DialogFooter>
    </form>
  );
}
