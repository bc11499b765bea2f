'use client';
import { ZCreateRoleRequest, type DataOf, type Role, type SavedRole, type ZPermissionListEnvelope, type ZUniversityListEnvelope } from '@bitflow/contracts';
import { zodResolver } from '@hookform/resolvers/zod';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Controller, useForm, useWatch } from 'react-hook-form';
import { applyServerErrors } from '@/components/auth/server-errors';
import { PageHeader } from '@/components/layout/page-header';
import { Alert } from '@/components/ui/alert';
import { Button, buttonClass } from '@/components/ui/button';
import { Card, CardHeader } from '@/components/ui/card';
import { SelectField } from '@/components/ui/select-field';
import { Skeleton } from '@/components/ui/skeleton';
import { TextField } from '@/components/ui/text-field';
import { useResource } from '@/hooks/use-resource';
import { api, apiError, type Envelope } from '@/lib/api';
import { useUiStore } from '@/stores/ui-store';
import { useCan, useUserStore } from '@/stores/user-store';
import { MATRIX_PERMISSIONS, neededBy, PermissionMatrix, permissionLabel } from './permission-matrix';

const FIELDS = ['name', 'display_name', 'description', 'level', 'permissions', 'university_id'] as const;
const blankToUndefined = (v: unknown) => (v === '' ? undefined : v);
const slug = (s: string) =>
  s
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^[^a-z]+|_+$/g, '')
    .slice(0, 100);

/** /roles/new (no id) or /roles/{id}: a built-in role is shown read-only. */
export function RoleEditor({ id }: { id?: string }) {
  const role = useResource<Role>(id ? `/roles/${id}` : null);
  const perms = useResource<DataOf<typeof ZPermissionListEnvelope>>('/permissions');
  const crumbs = [{ label: 'Home', href: '/dashboard' }, { label: 'Administration' }, { label: 'Roles', href: '/roles' }, { label: id ? (role.data?.display_name ?? 'Role') : 'New role' }];

  if (id && role.error) {
    return (
      <>
        <PageHeader title="Role" crumbs={crumbs} />
        <Alert tone="error" title="The role could not be loaded" action={<Button size="sm" variant="secondary" onClick={role.reload}>Try again</Button>}>
          {role.error.message}
        </Alert>
      </>
    );
  }
  if ((id && !role.data) || (!perms.data && !perms.error)) {
    return (
      <>
        <PageHeader title={id ? 'Role' : 'New role'} crumbs={crumbs} />
        <div role="status" aria-label="Loading the role" className="space-y-4">
          <Skeleton className="h-40 w-full" />
          <Skeleton className="h-96 w-full" />
        </div>
      </>
    );
  }
  const descriptions = Object.fromEntries((perms.data?.items ?? []).map((p) => [p.name, p.description ?? p.name]));
  return <RoleForm key={role.data?.id ?? 'new'} role={role.data} crumbs={crumbs} descriptions={descriptions} />;
}

function RoleForm({ role, crumbs, descriptions }: { role?: Role; crumbs: { label: string; href?: string }[]; descriptions: Record<string, string> }) {
  const router = useRouter();
  const toast = useUiStore((s) => s.toast);
  const held = useUserStore((s) => s.me?.permissions ?? []);
  // Platform owners create a role inside a university they name.
  const platform = useUserStore((s) => s.me?.scope.level === 'platform');
  const universities = useResource<DataOf<typeof ZUniversityListEnvelope>>(platform && !role ? '/universities' : null, { per_page: 100 });
  const canWrite = useCan(role ? 'roles.update' : 'roles.create');
  const readOnly = !!role?.is_system || !canWrite;
  const [formError, setFormError] = useState<string | null>(null);
  const [nameTouched, setNameTouched] = useState(!!role);
  const { register, handleSubmit, control, setError, setValue, formState } = useForm({
    resolver: zodResolver(ZCreateRoleRequest),
    defaultValues: {
      name: role?.name ?? '',
      display_name: role?.display_name ?? '',
      description: role?.description ?? '',
      level: (role?.level === 'college' ? 'college' : 'university') as 'university' | 'college',
      permissions: role?.permissions ?? ['dashboard.view'],
    },
  });
  const { errors, isSubmitting } = formState;
  const chosen = useWatch({ control, name: 'permissions' }) ?? [];
  const count = chosen.length;
  const needs = [...neededBy(chosen)];
  const displayName = register('display_name');

  const onSubmit = handleSubmit(async (v) => {
    setFormError(null);
    try {
      if (role) {
        await api.put(`/roles/${role.id}`, { display_name: v.display_name, description: v.description || null, permissions: v.permissions });
        toast(`The role “${v.display_name}” was saved. Its holders have the new permissions now.`, 'success');
      } else {
        await api.post<Envelope<SavedRole>>('/roles', { name: v.name, display_name: v.display_name, description: v.description || undefined, level: v.level, permissions: v.permissions, university_id: v.university_id });
        toast(`The role “${v.display_name}” was created.`, 'success');
      }
      router.push('/roles');
    } catch (e) {
      const problem = apiError(e);
      setFormError(applyServerErrors(problem, FIELDS, setError));
      if (problem.status !== 422) toast(problem.message, 'error');
    }
  });

  const title = role ? role.display_name : 'New role';
  return (
    <>
      <PageHeader
        title={title}
        crumbs={crumbs}
        description={role?.is_system ? 'A built-in role: its permissions are fixed. Create a custom role to grant a different set.' : 'A custom role of your university, built from the permission catalogue.'}
      />
      <form onSubmit={onSubmit} noValidate className="space-y-6">
        {formError && <Alert tone="error">{formError}</Alert>}
        <Card labelledBy="role-details">
          <CardHeader id="role-details" title="Details" />
          <div className="grid gap-4 p-5 sm:grid-cols-2">
            <TextField
              id="role-display-name"
              label="Display name"
              readOnly={readOnly}
              error={errors.display_name?.message}
              {...displayName}
              onChange={(e) => {
                void displayName.onChange(e);
                if (!nameTouched) setValue('name', slug(e.target.value), { shouldValidate: formState.isSubmitted });
              }}
            />
            <TextField
              id="role-name"
              label="Key"
              hint="Lowercase letters, digits and underscores; used by imports and the API. It cannot change later."
              readOnly={!!role}
              error={errors.name?.message}
              {...register('name', { onChange: () => setNameTouched(true) })}
            />
            <TextField id="role-description" label="Description (optional)" readOnly={readOnly} className="sm:col-span-2" error={errors.description?.message} {...register('description')} />
            {platform && !role && (
              <SelectField id="role-university" label="University" error={errors.university_id?.message} {...register('university_id', { setValueAs: blankToUndefined })}>
                <option value="">Choose a university…</option>
                {universities.data?.items.map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.name}
                  </option>
                ))}
              </SelectField>
            )}
            <SelectField id="role-level" label="Acts across" disabled={!!role} hint="A college role needs a college when you give it to someone." error={errors.level?.message} {...register('level')}>
              <option value="university">The whole university</option>
              <option value="college">One college</option>
            </SelectField>
          </div>
        </Card>
        <Card labelledBy="role-permissions">
          <CardHeader
            id="role-permissions"
            title="Permissions"
            description={readOnly ? `${count} permissions.` : `${count} of ${MATRIX_PERMISSIONS.length} selected. You can grant only permissions you hold yourself.`}
          />
          <div className="p-5">
            <Controller
              control={control}
              name="permissions"
              render={({ field }) => <PermissionMatrix value={field.value ?? []} onChange={field.onChange} grantable={held} descriptions={descriptions} readOnly={readOnly} />}
            />
            {!readOnly && needs.length > 0 && (
              <div className="mt-4" data-testid="permission-prerequisites">
                <Alert tone="info" title="Included because other permissions need them">
                  <ul className="mt-1 list-disc space-y-0.5 pl-5">
                    {needs.map(([p, by]) => (
                      <li key={p}>
                        <span className="font-medium">{permissionLabel(p)}</span> — for {permissionLabel(by)}
                      </li>
                    ))}
                  </ul>
                  <p className="mt-1">A role that may change a record must be able to open it and read the choices its form offers.</p>
                </Alert>
              </div>
            )}
            {errors.permissions?.message && <p className="mt-2 text-sm text-red-700 dark:text-red-400">{errors.permissions.message}</p>}
          </div>
        </Card>
        <div className="flex flex-wrap justify-end gap-2">
          <Link href="/roles" className={buttonClass('secondary')}>
            {readOnly ? 'Back to roles' : 'Cancel'}
          </Link>
          {!readOnly && (
            <Button type="submit" loading={isSubmitting}>
              {role ? 'Save role' : 'Create role'}
            </Button>
          )}
        </div>
      </form>
    </>
  );
}
