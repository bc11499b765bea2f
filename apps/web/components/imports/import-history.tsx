'use client';
import type { Import } from '@bitflow/contracts';
import { useEffect } from 'react';
import { DataTable, type Column } from '@/components/tables/data-table';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardHeader } from '@/components/ui/card';
import { StatusBadge } from '@/components/ui/status-badge';
import { HIGHLIGHT_ROWS, useHighlight } from '@/hooks/use-highlight';
import { useResource } from '@/hooks/use-resource';
import type { ListPage } from '@/lib/api';
import { formatDateTime, formatNumber, humanize } from '@/lib/format';

const importPath = (id: string) => `/imports/${id}`;

/**
 * The last imports of this university (or the platform, in God Mode), newest first. `?highlight=<id>`
 * (an "import finished" notification links there) marks that import, fetched when it is older.
 */
export function ImportHistory({ refreshKey, onErrors }: { refreshKey: number; onErrors: (r: Import) => void }) {
  const { data, error, loading, reload } = useResource<ListPage<Import>>('/imports?per_page=10');
  const { highlight, rows, missing } = useHighlight(data?.items, importPath);
  useEffect(() => {
    if (refreshKey > 0) reload();
  }, [refreshKey, reload]);
  // Nothing imported yet: the wizard above says what to do; no empty table.
  if (rows && rows.length === 0 && !missing) return null;

  const columns: Column<Import>[] = [
    {
      id: 'file',
      header: 'File',
      cell: (r) => (
        <span className="block max-w-48 truncate">
          {r.id === highlight && (
            <span data-highlighted className="sr-only">
              Linked import:{' '}
            </span>
          )}
          {r.original_name}
        </span>
      ),
    },
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
      {missing && (
        <div className="px-5 pt-4">
          <Alert tone="warning" title="That import is not available">
            It may have been removed, or it belongs to a part of the university you cannot see.
          </Alert>
        </div>
      )}
      <div className={HIGHLIGHT_ROWS}>
        <DataTable bare caption="Recent imports" columns={columns} rows={rows} rowKey={(r) => r.id} sort="" onSort={() => undefined} loading={loading} error={error} onRetry={reload} skeletonRows={3} empty={null} />
      </div>
    </Card>
  );
}
