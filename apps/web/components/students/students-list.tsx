'use client';
import { PageHeader } from '@/components/layout/page-header';
import { ResourceList, type ResourceListConfig } from '@/components/tables/resource-list';
import { StatusBadge } from '@/components/ui/status-badge';

interface Student {
  id: string;
  admission_number: string;
  first_name: string;
  last_name: string;
  email: string | null;
  program: string | null;
  year_of_study: number;
  status: string;
}

const config: ResourceListConfig<Student> = {
  path: '/students',
  noun: 'students',
  defaultSort: 'last_name',
  searchLabel: 'Search students',
  searchPlaceholder: 'Name, admission no. or e-mail',
  emptyTitle: 'No students yet',
  emptyText: 'Students appear here once they are added or imported.',
  columns: [
    { id: 'admission', header: 'Admission no.', sortKey: 'admission_number', cell: (s) => <span className="font-mono text-xs">{s.admission_number}</span> },
    {
      id: 'name',
      header: 'Name',
      sortKey: 'last_name',
      cell: (s) => (
        <div className="min-w-40">
          <p className="font-medium text-slate-900 dark:text-slate-100">
            {s.last_name}, {s.first_name}
          </p>
          {s.email && <p className="text-xs text-slate-600 dark:text-slate-400">{s.email}</p>}
        </div>
      ),
    },
    { id: 'program', header: 'Programme', cell: (s) => s.program ?? '—', className: 'hidden md:table-cell' },
    { id: 'year', header: 'Year', sortKey: 'year_of_study', align: 'right', cell: (s) => s.year_of_study, className: 'hidden sm:table-cell' },
    { id: 'status', header: 'Status', cell: (s) => <StatusBadge status={s.status} /> },
  ],
};

export function StudentsList() {
  return (
    <>
      <PageHeader title="Students" description="Every student you can see, searchable by name, admission number or e-mail." />
      <ResourceList config={config} />
    </>
  );
}
