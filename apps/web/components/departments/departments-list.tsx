'use client';
import { PageHeader } from '@/components/layout/page-header';
import { ResourceList, type ResourceListConfig } from '@/components/tables/resource-list';
import { StatusBadge } from '@/components/ui/status-badge';

interface Department {
  id: string;
  name: string;
  code: string;
  head_name: string | null;
  email: string | null;
  status: string;
}

const config: ResourceListConfig<Department> = {
  path: '/departments',
  noun: 'departments',
  defaultSort: 'name',
  searchLabel: 'Search departments',
  searchPlaceholder: 'Name or code',
  emptyTitle: 'No departments yet',
  emptyText: 'Departments appear here once a college adds them.',
  columns: [
    { id: 'name', header: 'Name', sortKey: 'name', cell: (d) => <span className="font-medium text-slate-900 dark:text-slate-100">{d.name}</span> },
    { id: 'code', header: 'Code', sortKey: 'code', cell: (d) => <span className="font-mono text-xs">{d.code}</span> },
    { id: 'head', header: 'Head', cell: (d) => d.head_name ?? '—', className: 'hidden md:table-cell' },
    { id: 'email', header: 'E-mail', cell: (d) => d.email ?? '—', className: 'hidden lg:table-cell' },
    { id: 'status', header: 'Status', cell: (d) => <StatusBadge status={d.status} /> },
  ],
};

export function DepartmentsList() {
  return (
    <>
      <PageHeader title="Departments" description="Departments across the colleges you can see." />
      <ResourceList config={config} />
    </>
  );
}
