'use client';
import { STUDENT_STATUSES, type Student } from '@bitflow/contracts';
import { Plus, Upload } from 'lucide-react';
import Link from 'next/link';
import { PageHeader } from '@/components/layout/page-header';
import { ResourceList, type ResourceListConfig } from '@/components/tables/resource-list';
import { buttonClass } from '@/components/ui/button';
import { StatusBadge } from '@/components/ui/status-badge';
import { humanize } from '@/lib/format';
import { useCan } from '@/stores/user-store';
import { studentName } from './types';

const config: ResourceListConfig<Student> = {
  path: '/students',
  noun: 'students',
  label: 'Student',
  defaultSort: 'last_name',
  searchLabel: 'Search students',
  searchPlaceholder: 'Name, admission no. or e-mail',
  emptyTitle: 'No students yet',
  emptyText: 'Students appear here once they are added or imported.',
  trashPermission: 'students.delete',
  describe: studentName,
  filters: [
    { key: 'status', label: 'Status', anyLabel: 'Any status', options: STUDENT_STATUSES.map((s) => ({ value: s, label: humanize(s) })) },
    { key: 'year_of_study', label: 'Year', anyLabel: 'Any year', options: Array.from({ length: 6 }, (_, i) => ({ value: String(i + 1), label: `Year ${i + 1}` })) },
  ],
  columns: [
    { id: 'admission', header: 'Admission no.', sortKey: 'admission_number', cell: (s) => <span className="font-mono text-xs">{s.admission_number}</span> },
    {
      id: 'name',
      header: 'Name',
      sortKey: 'last_name',
      cell: (s) => (
        <div className="min-w-40">
          {s.deleted_at ? (
            <p className="font-medium text-slate-900 dark:text-slate-100">
              {s.last_name}, {s.first_name}
            </p>
          ) : (
            <Link href={`/students/${s.id}`} className="font-medium text-slate-900 hover:text-blue-700 hover:underline dark:text-slate-100 dark:hover:text-blue-400">
              {s.last_name}, {s.first_name}
            </Link>
          )}
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
  const canCreate = useCan('students.create');
  const canImport = useCan('imports.create');
  return (
    <>
      <PageHeader
        title="Students"
        description="Every student you can see, searchable by name, admission number or e-mail."
        actions={
          <>
            {canImport && (
              <Link href="/imports?entity=students" className={buttonClass('secondary')}>
                <Upload aria-hidden className="size-4" />
                Import CSV
              </Link>
            )}
            {canCreate && (
              <Link href="/students/new" className={buttonClass('primary')}>
                <Plus aria-hidden className="size-4" />
                New student
              </Link>
            )}
          </>
        }
      />
      <ResourceList config={config} />
    </>
  );
}
