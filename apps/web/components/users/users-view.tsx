'use client';
import type { DataOf, User, ZRoleListEnvelope, ZUniversityListEnvelope } from '@bitflow/contracts';
import { MailPlus, Pencil, SearchX, UserPlus, UserRoundCheck, UserRoundX } from 'lucide-react';
import { useCallback, useMemo, useState } from 'react';
import { PageHeader } from '@/components/layout/page-header';
import { canGrant, roleLabel } from '@/components/roles/types';
import { DataTable, type Column } from '@/components/tables/data-table';
import { Pagination } from '@/components/tables/pagination';
import { SearchField } from '@/components/tables/search-field';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { EmptyState } from '@/components/ui/empty-state';
import { SelectField } from '@/components/ui/select-field';
import { StatusBadge } from '@/components/ui/status-badge';
import { Alert } from '@/components/ui/alert';
import { HIGHLIGHT_ROWS, useHighlight } from '@/hooks/use-highlight';
import { useResource } from '@/hooks/use-resource';
import { useUrlList } from '@/hooks/use-url-list';
import { api, apiError } from '@/lib/api';
import { formatDateTime } from '@/lib/format';
import { useUiStore } from '@/stores/ui-store';
import { useCan, useUserStore } from '@/stores/user-store';
import { CreateUserDialog } from './create-user-dialog';
import { EditUserDialog } from './edit-user-dialog';

const FILTERS = ['q', 'status', 'role'] as const;
const userPath = (id: string) => `/users/${id}`;

// The university's users: search, status and role filters in the URL; add (invite or password),
// edit name and roles, deactivate and reactivate, resend an invitation. `?highlight=<id>` (where an
// "invited" notification links) marks that user's row, fetched and put first when not on this page.
export function UsersView() {
  const me = useUserStore((s) => s.me);
  const toast = useUiStore((s) => s.toast);
  const canCreate = useCan('users.create');
  const canUpdate = useCan('users.update');
  const { params, setParams, data, error, loading, retry } = useUrlList<User>('/users', { sort: 'name', filters: FILTERS });
  const linked = useHighlight(data?.items, userPath);
  // Holders of roles.view read every role (labels, the role filter); others who may add users read
  // the roles they may give (GET /roles/grantable) — a college admin has no roles.view.
  const canViewRoles = useCan('roles.view');
  const rolesQuery = useResource<DataOf<typeof ZRoleListEnvelope>>(canViewRoles ? '/roles' : canCreate ? '/roles/grantable' : null);
  const roles = rolesQuery.data?.items;
  const platform = me?.scope.level === 'platform';
  const universities = useResource<DataOf<typeof ZUniversityListEnvelope>>(platform ? '/universities' : null, { per_page: 100 });
  const universityNames = useMemo(() => new Map((universities.data?.items ?? []).map((u) => [u.id, u.name])), [universities.data]);
  const grantable = useMemo(() => (roles ?? []).filter((r) => canGrant(me, r)), [roles, me]);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<User | null>(null);
  const [deactivating, setDeactivating] = useState<User | null>(null);

  const q = params.filters.q ?? '';
  const filtered = Object.keys(params.filters).length > 0;
  const onSearch = useCallback((text: string) => setParams({ filters: { q: text }, page: 1 }, q ? 'replace' : 'push'), [setParams, q]);

  const setStatus = async (u: User, status: 'active' | 'disabled') => {
    try {
      await api.put(`/users/${u.id}`, { status });
      toast(status === 'disabled' ? `${u.name} was deactivated and signed out everywhere.` : `${u.name} can sign in again.`, 'success');
      retry();
    } catch (e) {
      toast(apiError(e).message, 'error');
      throw e;
    }
  };
  const resend = async (u: User) => {
    try {
      await api.post(`/users/${u.id}/invitation`, {});
      toast(`Invitation sent again to ${u.email}.`, 'success');
    } catch (e) {
      toast(apiError(e).message, 'error');
    }
  };

  const columns: Column<User>[] = [
    {
      id: 'name',
      header: 'Name',
      sortKey: 'name',
      cell: (u) => (
        <div className="min-w-40">
          <p className="font-medium text-slate-900 dark:text-slate-100">
            {u.id === linked.highlight && (
              <span data-highlighted className="sr-only">
                Linked user:{' '}
              </span>
            )}
            {u.name}
            {u.id === me?.user.id && <span className="ml-2 text-xs font-normal text-slate-600 dark:text-slate-400">(you)</span>}
          </p>
          <p className="text-xs text-slate-600 dark:text-slate-400">{u.email}</p>
          {/* Phones drop the roles column; the roles follow the e-mail instead. */}
          <p className="mt-1 text-xs text-slate-700 sm:hidden dark:text-slate-300">{u.roles.map((r) => roleLabel(roles, r)).join(', ')}</p>
        </div>
      ),
    },
    {
      id: 'roles',
      header: 'Roles',
      className: 'hidden sm:table-cell',
      cell: (u) => (
        <div className="flex flex-wrap gap-1">
          {u.roles.map((r) => (
            <span key={r} className="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium whitespace-nowrap text-slate-700 dark:bg-slate-800 dark:text-slate-300">
              {roleLabel(roles, r)}
            </span>
          ))}
        </div>
      ),
    },
    ...(platform
      ? [{ id: 'university', header: 'University', className: 'hidden xl:table-cell', cell: (u: User) => (u.university_id ? (universityNames.get(u.university_id) ?? '—') : 'Platform') }]
      : []),
    { id: 'status', header: 'Status', cell: (u) => <StatusBadge status={u.status} /> },
    { id: 'last', header: 'Last sign-in', className: 'hidden lg:table-cell', cell: (u) => (u.last_login_at ? formatDateTime(u.last_login_at) : <span className="text-slate-600 dark:text-slate-400">Never</span>) },
    {
      id: 'actions',
      header: 'Actions',
      align: 'right',
      // The API lets you change only users whose every role you could grant, and never yourself.
      cell: (u) =>
        u.id === me?.user.id || !canUpdate || !u.roles.every((n) => grantable.some((r) => r.name === n)) ? null : (
          <div className="flex justify-end gap-1">
            {u.status === 'invited' && canCreate && (
              <Button variant="ghost" size="sm" onClick={() => void resend(u)} aria-label={`Resend invitation to ${u.name}`} title="Resend invitation">
                <MailPlus aria-hidden className="size-4" />
              </Button>
            )}
            <Button variant="ghost" size="sm" onClick={() => setEditing(u)} aria-label={`Edit ${u.name}`} title="Edit">
              <Pencil aria-hidden className="size-4" />
            </Button>
            {u.status === 'disabled' ? (
              <Button variant="ghost" size="sm" onClick={() => void setStatus(u, 'active').catch(() => undefined)} aria-label={`Reactivate ${u.name}`} title="Reactivate">
                <UserRoundCheck aria-hidden className="size-4" />
              </Button>
            ) : (
              <Button variant="ghost" size="sm" onClick={() => setDeactivating(u)} aria-label={`Deactivate ${u.name}`} title="Deactivate" className="text-red-700 hover:bg-red-50 dark:text-red-400 dark:hover:bg-red-500/10">
                <UserRoundX aria-hidden className="size-4" />
              </Button>
            )}
          </div>
        ),
    },
  ];

  return (
    <>
      <PageHeader
        title="Users"
        description={platform ? 'Everyone who can sign in, across every university, with their roles.' : 'Everyone who can sign in to your university, with their roles.'}
        actions={
          canCreate && (
            <Button onClick={() => setCreating(true)} disabled={!roles} title={rolesQuery.error ? `The roles could not be loaded: ${rolesQuery.error.message}` : undefined}>
              <UserPlus aria-hidden className="size-4" />
              Add user
            </Button>
          )
        }
      />
      <div className="mb-4 flex flex-wrap items-end gap-3">
        <SearchField id="users-search" label="Search users" placeholder="Name or e-mail" value={q} onSearch={onSearch} />
        <SelectField id="users-status" label="Status" className="w-full sm:w-40" value={params.filters.status ?? ''} onChange={(e) => setParams({ filters: { status: e.target.value }, page: 1 })}>
          <option value="">Any status</option>
          <option value="active">Active</option>
          <option value="invited">Invited</option>
          <option value="disabled">Disabled</option>
        </SelectField>
        <SelectField id="users-role" label="Role" className="w-full sm:w-52" value={params.filters.role ?? ''} onChange={(e) => setParams({ filters: { role: e.target.value }, page: 1 })}>
          <option value="">Any role</option>
          {roles?.map((r) => (
            <option key={r.id} value={r.name}>
              {r.display_name}
            </option>
          ))}
        </SelectField>
      </div>
      {linked.missing && (
        <Alert tone="warning" title="That user is not available" className="mb-4">
          They may have been removed, or they belong to a part of the platform you cannot see.
        </Alert>
      )}
      <div className={HIGHLIGHT_ROWS}>
        <DataTable
          caption={filtered ? 'Users matching the filters' : 'Users'}
          columns={columns}
          rows={linked.rows}
          rowKey={(u) => u.id}
          sort={params.sort}
          onSort={(sort) => setParams({ sort, page: 1 })}
          loading={loading}
          error={error}
          onRetry={retry}
          skeletonRows={Math.min(params.per_page, 10)}
          empty={
            filtered ? (
              <EmptyState icon={SearchX} title="No users match these filters" action={<Button variant="secondary" size="sm" onClick={() => setParams({ filters: { q: '', status: '', role: '' }, page: 1 })}>Clear filters</Button>}>
                Try another name, status or role.
              </EmptyState>
            ) : (
              <EmptyState title="No users yet">Add someone with the button above; they appear here straight away.</EmptyState>
            )
          }
        />
      </div>
      {!error && <Pagination info={data?.pagination} noun="users" onPage={(page, cursor) => setParams({ page, cursor })} onPerPage={(per_page) => setParams({ per_page, page: 1 })} />}

      <CreateUserDialog open={creating} onClose={() => setCreating(false)} roles={grantable} onCreated={retry} />
      <EditUserDialog user={editing} roles={grantable} onClose={() => setEditing(null)} onSaved={retry} />
      <ConfirmDialog
        open={!!deactivating}
        title={`Deactivate ${deactivating?.name ?? 'user'}?`}
        confirmLabel="Deactivate"
        onConfirm={() => setStatus(deactivating!, 'disabled')}
        onClose={() => setDeactivating(null)}
      >
        They are signed out on every device at once and cannot sign in until you reactivate them. Their history stays in the audit log.
      </ConfirmDialog>
    </>
  );
}
