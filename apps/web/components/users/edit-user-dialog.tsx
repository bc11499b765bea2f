'use client';
import { ZUpdateUserRequest, type Role, type User } from '@bitflow/contracts';
import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { applyServerErrors } from '@/components/auth/server-errors';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Dialog, DialogBody, DialogFooter } from '@/components/ui/dialog';
import { TextField } from '@/components/ui/text-field';
import { api, apiError } from '@/lib/api';
import { useUiStore } from '@/stores/ui-store';
import { type ChecklistRole, RoleChecklist } from './role-checklist';

/** Rename a user and change their roles (PUT /users/{id}). */
export function EditUserDialog({ user, roles, onClose, onSaved }: { user: User | null; roles: Role[]; onClose: () => void; onSaved: () => void }) {
  return (
    <Dialog open={!!user} onClose={onClose} title={user ? `Edit ${user.name}` : 'Edit user'} description={user?.email} size="lg">
      {user && <EditUserForm user={user} roles={roles} onClose={onClose} onSaved={onSaved} />}
    </Dialog>
  );
}

function EditUserForm({ user, roles, onClose, onSaved }: { user: User; roles: Role[]; onClose: () => void; onSaved: () => void }) {
  const toast = useUiStore((s) => s.toast);
  const [formError, setFormError] = useState<string | null>(null);
  // Roles the editor cannot grant but the user holds stay listed so they are not silently dropped.
  const shown: ChecklistRole[] = [...roles, ...user.roles.filter((n) => !roles.some((r) => r.name === n)).map((n) => ({ id: n, name: n, display_name: n, description: 'You cannot grant this role.', level: 'university' as const, is_system: true }))];
  const { register, handleSubmit, control, setError, formState } = useForm({
    resolver: zodResolver(ZUpdateUserRequest),
    defaultValues: { name: user.name, roles: user.roles },
  });
  const { errors, isSubmitting } = formState;

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    try {
      await api.put(`/users/${user.id}`, { name: values.name, roles: values.roles });
      toast(`${values.name ?? user.name} was updated.`, 'success');
      onSaved();
      onClose();
    } catch (e) {
      setFormError(applyServerErrors(apiError(e), ['name', 'roles', 'college_id'], setError));
    }
  });

  return (
    <form onSubmit={onSubmit} noValidate>
      <DialogBody>
        {formError && <Alert tone="error">{formError}</Alert>}
        <TextField id="edit-user-name" label="Full name" autoComplete="off" error={errors.name?.message} {...register('name')} />
        <Controller control={control} name="roles" render={({ field }) => <RoleChecklist id="edit-user-roles" roles={shown} value={field.value ?? []} onChange={field.onChange} error={errors.roles?.message} />} />
      </DialogBody>
      <DialogFooter>
        <Button variant="secondary" onClick={onClose} disabled={isSubmitting}>
          Cancel
        </Button>
        <Button type="submit" loading={isSubmitting}>
          Save changes
        </Button>
      </DialogFooter>
    </form>
  );
}
