'use client';
import type { Import } from '@bitflow/contracts';
import { useEffect } from 'react';
import { DataTable, type Column } from '@/components/tables/data-table';
import { Button } from '@/components/ui/button';
import { Card, CardHeader } from '@/components/ui/card';
import { StatusBadge } from '@/components/ui/status-badge';
import { useResource } from '@/hooks/use-resource';
import type { ListPage } from '@/lib/api';
import { formatDateTime, formatNumber, humanize } from '@/lib/format';

/** The last imports of this university (or the platform, in God Mode), newest first. */
export function ImportHistory({ refreshKey, onErrors }: { refreshKey: number; onErrors: (r: Import) => void }) {
  const { data, error, loading, reload } = useResource<ListPage<Import>>('/imports?per_page=10');
  useEffect(() => {
    if (refreshKey > 0) reload();
  }, [refreshKey, reload]);
  // Nothing imported yet: the wizard above says what to do; no empty table.
  if (data && data.items.length === 0) return null;

  const columns: Column<Import>[] = [
    { id: 'file', header: 'File', cell: (r) => <span className="block max-w-48 truncate">{r.original_name}</span> },
    {
      id: 'type',
      header: 'Type',
      cell: (r) => (
        <span className="whitespace-nowrap">
          {humanize(r.entity_type)}
          {r.dry_run && <span className="ml-1 text-xs text-slate-600 dark:text-slate-400">(dry run)</span>}
        </span>
      ),
    },
    { id: 'status', header: 'Status', cell: (r) => <StatusBadge status={r.status} /> },
    { id: 'counts', header: 'Added / updated / errors', align: 'right', cell: (r) => `${formatNumber(r.created_count)} / ${formatNumber(r.updated_count)} / ${formatNumber(r.error_count)}` },
    { id: 'started', header: 'Started', cell: (r) => <span className="whitespace-nowrap">{formatDateTime(r.created_at)}</span>, className: 'hidden md:table-cell' },
    {
      id: 'actions',
      header: 'Actions',
      align: 'right',
      cell: (r) =>
        r.error_report_url &&
        r.error_count > 0 && (
          <Button size="sm" variant="ghost" onClick={() => onErrors(r)}>
            Errors
          </Button>
        ),
    },
  ];

  return (
    <Card labelledBy="import-history" className="mt-6">
      <CardHeader id="import-history" title="Recent imports" />
      <DataTable bare caption="Recent imports" columns={columns} rows={data?.items} rowKey={(r) => r.id} sort="" onSort={() => undefined} loading={loading} error={error} onRetry={reload} skeletonRows={3} empty={null} />
    </Card>
  );
}
