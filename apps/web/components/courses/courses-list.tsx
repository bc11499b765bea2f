'use client';
import type { Course } from '@bitflow/contracts';
import Link from 'next/link';
import { PageHeader } from '@/components/layout/page-header';
import { ResourceList, type ResourceListConfig } from '@/components/tables/resource-list';
import { NewButton } from '@/components/tables/record-links';
import { StatusBadge } from '@/components/ui/status-badge';
import { formatTerm } from '@/lib/format';

const config: ResourceListConfig<Course> = {
  path: '/courses',
  noun: 'courses',
  defaultSort: 'code',
  searchLabel: 'Search courses',
  searchPlaceholder: 'Code or title',
  emptyTitle: 'No courses yet',
  emptyText: 'Courses appear here once a department adds them.',
  label: 'Course',
  trashPermission: 'courses.delete',
  describe: (c) => c.code,
  filters: [
    { key: 'status', label: 'Status', anyLabel: 'Any status', options: ['active', 'inactive', 'archived'].map((s) => ({ value: s, label: s[0]!.toUpperCase() + s.slice(1) })) },
  ],
  columns: [
    { id: 'code', header: 'Code', sortKey: 'code', cell: (c) => <span className="font-mono text-xs">{c.code}</span> },
    { id: 'title', header: 'Title', sortKey: 'title', cell: (c) =>
      c.deleted_at ? (
        <span className="font-medium text-slate-900 dark:text-slate-100">{c.title}</span>
      ) : (
        <Link href={`/courses/${c.id}`} className="font-medium text-slate-900 hover:text-blue-700 hover:underline dark:text-slate-100 dark:hover:text-blue-400">
          {c.title}
        </Link>
      ) },
    { id: 'term', header: 'Term', sortKey: 'term', cell: (c) => (c.term ? formatTerm(c.term) : '—'), className: 'hidden sm:table-cell' },
    { id: 'credits', header: 'Credits', align: 'right', cell: (c) => c.credits, className: 'hidden md:table-cell' },
    { id: 'seats', header: 'Enrolled', align: 'right', cell: (c) => `${c.enrolled_count} / ${c.capacity}`, className: 'hidden md:table-cell' },
    { id: 'status', header: 'Status', cell: (c) => <StatusBadge status={c.status} /> },
  ],
};

export function CoursesList() {
  return (
    <>
      <PageHeader title="Courses" description="Courses offered by your departments, with seats taken per term." actions={<NewButton href="/courses/new" label="New course" permission="courses.create" />} />
      <ResourceList config={config} />
    </>
  );
}
