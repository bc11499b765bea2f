'use client';
import type { FacultyMember } from '@bitflow/contracts';
import { PageHeader } from '@/components/layout/page-header';
import { ResourceList, type ResourceListConfig } from '@/components/tables/resource-list';
import { NewButton, RecordLink } from '@/components/tables/record-links';
import { StatusBadge } from '@/components/ui/status-badge';
import { humanize } from '@/lib/format';

const config: ResourceListConfig<FacultyMember> = {
  path: '/faculty',
  noun: 'faculty members',
  defaultSort: 'last_name',
  searchLabel: 'Search faculty',
  searchPlaceholder: 'Name, employee ID or e-mail',
  emptyTitle: 'No faculty yet',
  emptyText: 'Faculty members appear here once they are added or imported.',
  label: 'Faculty member',
  trashPermission: 'faculty.delete',
  describe: (f) => `${f.first_name} ${f.last_name}`,
  columns: [
    { id: 'employee', header: 'Employee ID', sortKey: 'employee_id', cell: (f) => <span className="font-mono text-xs">{f.employee_id}</span> },
    {
      id: 'name',
      header: 'Name',
      sortKey: 'last_name',
      cell: (f) => (
        <div className="min-w-40">
          <RecordLink href={`/faculty/${f.id}/edit`} permission="faculty.update" deleted={!!f.deleted_at}>
            {f.last_name}, {f.first_name}
          </RecordLink>
          {f.email && <p className="text-xs text-slate-600 dark:text-slate-400">{f.email}</p>}
        </div>
      ),
    },
    { id: 'designation', header: 'Designation', cell: (f) => f.designation ?? '—', className: 'hidden md:table-cell' },
    { id: 'type', header: 'Employment', cell: (f) => (f.employment_type ? humanize(f.employment_type) : '—'), className: 'hidden lg:table-cell' },
    { id: 'status', header: 'Status', cell: (f) => <StatusBadge status={f.status} /> },
  ],
};

export function FacultyList() {
  return (
    <>
      <PageHeader title="Faculty" description="Teaching and research staff across the departments you can see." actions={<NewButton href="/faculty/new" label="New faculty member" permission="faculty.create" />} />
      <ResourceList config={config} />
    </>
  );
}
