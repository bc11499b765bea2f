'use client';
import type { Department } from '@bitflow/contracts';
import { PageHeader } from '@/components/layout/page-header';
import { ResourceList, type ResourceListConfig } from '@/components/tables/resource-list';
import { NewButton, RecordLink } from '@/components/tables/record-links';
import { StatusBadge } from '@/components/ui/status-badge';

const config: ResourceListConfig<Department> = {
  path: '/departments',
  noun: 'departments',
  defaultSort: 'name',
  searchLabel: 'Search departments',
  searchPlaceholder: 'Name or code',
  emptyTitle: 'No departments yet',
  emptyText: 'Departments appear here once a college adds them.',
  label: 'Department',
  trashPermission: 'departments.delete',
  describe: (d) => d.name,
  columns: [
    { id: 'name', header: 'Name', sortKey: 'name', cell: (d) => <RecordLink href={`/departments/${d.id}/edit`} permission="departments.update" deleted={!!d.deleted_at}>{d.name}</RecordLink> },
    { id: 'code', header: 'Code', sortKey: 'code', cell: (d) => <span className="font-mono text-xs">{d.code}</span> },
    { id: 'head', header: 'Head', cell: (d) => d.head_name ?? '—', className: 'hidden md:table-cell' },
    { id: 'email', header: 'E-mail', cell: (d) => d.email ?? '—', className: 'hidden lg:table-cell' },
    { id: 'status', header: 'Status', cell: (d) => <StatusBadge status={d.status} /> },
  ],
};

export function DepartmentsList() {
  return (
    <>
      <PageHeader title="Departments" description="Departments across the colleges you can see." actions={<NewButton href="/departments/new" label="New department" permission="departments.create" />} />
      <ResourceList config={config} />
    </>
  );
}
