'use client';
import { Eye, Pencil, Plus, ShieldCheck, Trash2 } from 'lucide-react';
import Link from 'next/link';
import { useState } from 'react';
import { PageHeader } from '@/components/layout/page-header';
import { DataTable, type Column } from '@/components/tables/data-table';
import { Button, buttonClass } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { EmptyState } from '@/components/ui/empty-state';
import { useResource } from '@/hooks/use-resource';
import { api, apiError } from '@/lib/api';
import { humanize } from '@/lib/format';
import { useUiStore } from '@/stores/ui-store';
import { useCan, useUserStore } from '@/stores/user-store';
import type { DataOf, Role, ZRoleListEnvelope } from '@bitflow/contracts';

const LEVELS: Record<string, string> = { platform: 'Whole platform', university: 'University', college: 'One college' };

// Built-in roles (read-only) and the university's custom roles, which can be edited and deleted.
export function RolesView() {
  const toast = useUiStore((s) => s.toast);
  const canCreate = useCan('roles.create');
  const canUpdate = useCan('roles.update');
  const canDelete = useCan('roles.delete');
  const { data, error, loading, reload } = useResource<DataOf<typeof ZRoleListEnvelope>>('/roles');
  const [deleting, setDeleting] = useState<Role | null>(null);
  // The platform operator's role means nothing inside a university: only platform users see it.
  const platform = useUserStore((s) => s.me?.scope.level === 'platform');
  const rows = data?.items.filter((r) => platform || r.level !== 'platform');

  const remove = async (r: Role) => {
    try {
      await api.delete(`/roles/${r.id}`);
      toast(`The role “${r.display_name}” was deleted.`, 'success');
      reload();
    } catch (e) {
      toast(apiError(e).message, 'error');
      throw e;
    }
  };

  const columns: Column<Role>[] = [
    {
      id: 'role',
      header: 'Role',
      cell: (r) => (
        <div className="min-w-48">
          <p className="font-medium text-slate-900 dark:text-slate-100">
            {r.display_name}
            <span className={r.is_system ? 'ml-2 rounded-full bg-slate-100 px-1.5 py-0.5 text-xs font-medium text-slate-700 dark:bg-slate-800 dark:text-slate-300' : 'ml-2 rounded-full bg-violet-50 px-1.5 py-0.5 text-xs font-medium text-violet-800 dark:bg-violet-500/15 dark:text-violet-200'}>
              {r.is_system ? 'Built-in' : 'Custom'}
            </span>
          </p>
          <p className="font-mono text-xs text-slate-600 dark:text-slate-400">{r.name}</p>
          {r.description && <p className="mt-0.5 max-w-md text-xs text-slate-600 dark:text-slate-400">{r.description}</p>}
        </div>
      ),
    },
    { id: 'level', header: 'Acts across', className: 'hidden md:table-cell', cell: (r) => LEVELS[r.level] ?? humanize(r.level) },
    { id: 'permissions', header: 'Permissions', align: 'right', cell: (r) => r.permissions.length },
    {
      id: 'actions',
      header: 'Actions',
      align: 'right',
      cell: (r) => {
        const editable = !r.is_system && canUpdate;
        return (
          <div className="flex justify-end gap-1">
            <Link href={`/roles/${r.id}`} className={buttonClass('ghost', 'sm')} aria-label={`${editable ? 'Edit' : 'View'} ${r.display_name}`} title={editable ? 'Edit' : 'View'}>
              {editable ? <Pencil aria-hidden className="size-4" /> : <Eye aria-hidden className="size-4" />}
            </Link>
            {!r.is_system && canDelete && (
              <Button variant="ghost" size="sm" onClick={() => setDeleting(r)} aria-label={`Delete ${r.display_name}`} title="Delete" className="text-red-700 hover:bg-red-50 dark:text-red-400 dark:hover:bg-red-500/10">
                <Trash2 aria-hidden className="size-4" />
              </Button>
            )}
          </div>
        );
      },
    },
  ];

  return (
    <>
      <PageHeader
        title="Roles"
        description="What each role may do. Built-in roles are fixed; custom roles are yours to shape."
        actions={
          canCreate && (
            <Link href="/roles/new" className={buttonClass('primary')}>
              <Plus aria-hidden className="size-4" />
              New role
            </Link>
          )
        }
      />
      <DataTable
        caption="Roles"
        columns={columns}
        rows={rows}
        rowKey={(r) => r.id}
        sort=""
        onSort={() => undefined}
        loading={loading}
        error={error}
        onRetry={reload}
        skeletonRows={6}
        empty={<EmptyState icon={ShieldCheck} title="No roles">Roles appear here once they exist.</EmptyState>}
      />
      {data && !data.items.some((r) => !r.is_system) && canCreate && (
        <p className="mt-4 text-sm text-slate-600 dark:text-slate-400">You have no custom roles yet. Create one to give someone exactly the permissions they need.</p>
      )}
      <ConfirmDialog open={!!deleting} title={`Delete “${deleting?.display_name ?? ''}”?`} confirmLabel="Delete role" onConfirm={() => remove(deleting!)} onClose={() => setDeleting(null)}>
        The role is removed for good. A role still given to someone cannot be deleted: change their roles first.
      </ConfirmDialog>
    </>
  );
}
