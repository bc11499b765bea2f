'use client';
import type { College } from '@bitflow/contracts';
import { PageHeader } from '@/components/layout/page-header';
import { ResourceList, type ResourceListConfig } from '@/components/tables/resource-list';
import { NewButton, RecordLink } from '@/components/tables/record-links';
import { StatusBadge } from '@/components/ui/status-badge';

const config: ResourceListConfig<College> = {
  path: '/colleges',
  noun: 'colleges',
  defaultSort: 'name',
  searchLabel: 'Search colleges',
  searchPlaceholder: 'Name or code',
  emptyTitle: 'No colleges yet',
  emptyText: 'Colleges appear here once your university adds them.',
  label: 'College',
  trashPermission: 'colleges.delete',
  describe: (c) => c.name,
  columns: [
    { id: 'name', header: 'Name', sortKey: 'name', cell: (c) => <RecordLink href={`/colleges/${c.id}/edit`} permission="colleges.update" deleted={!!c.deleted_at}>{c.name}</RecordLink> },
    { id: 'code', header: 'Code', sortKey: 'code', cell: (c) => <span className="font-mono text-xs">{c.code}</span> },
    { id: 'dean', header: 'Dean', cell: (c) => c.dean_name ?? '—', className: 'hidden md:table-cell' },
    { id: 'email', header: 'E-mail', cell: (c) => c.email ?? '—', className: 'hidden lg:table-cell' },
    { id: 'status', header: 'Status', cell: (c) => <StatusBadge status={c.status} /> },
  ],
};

export function CollegesList() {
  return (
    <>
      <PageHeader title="Colleges" description="The colleges of your university. Deleting one hides its departments, courses and people until it is restored." actions={<NewButton href="/colleges/new" label="New college" permission="colleges.create" />} />
      <ResourceList config={config} />
    </>
  );
}
