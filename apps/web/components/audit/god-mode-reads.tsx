'use client';
import type { AuditReadGroup } from '@bitflow/contracts';
import { Eye } from 'lucide-react';
import { DataTable, type Column } from '@/components/tables/data-table';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { useResource } from '@/hooks/use-resource';
import type { ListPage } from '@/lib/api';
import { formatDateTime, formatNumber } from '@/lib/format';

// God Mode writes one audit entry per read of tenant data; the log leaves them out unless the
// action filter asks for god_mode.read, and this panel shows them grouped per operator, route and
// day (the last 30 days). "Show" lists the group's own entries: url, tenant and time of each read.
export function GodModeReads({ actorName, onShow }: { actorName: (id: string | null) => string; onShow: (g: AuditReadGroup) => void }) {
  const { data, error, loading, reload } = useResource<ListPage<AuditReadGroup>>('/audit-logs/god-mode-reads', { per_page: 10 });
  const columns: Column<AuditReadGroup>[] = [
    { id: 'day', header: 'Day', cell: (g) => <span className="whitespace-nowrap">{g.day}</span> },
    { id: 'operator', header: 'Operator', cell: (g) => actorName(g.actor_id) },
    { id: 'route', header: 'Route', cell: (g) => <span className="font-mono text-xs">{g.route ?? '—'}</span> },
    { id: 'reads', header: 'Reads', align: 'right', cell: (g) => formatNumber(g.reads) },
    { id: 'last', header: 'Last read', className: 'hidden md:table-cell', cell: (g) => <time dateTime={g.last_at}>{formatDateTime(g.last_at)}</time> },
    {
      id: 'show',
      header: 'Entries',
      align: 'right',
      cell: (g) => (
        <Button variant="ghost" size="sm" onClick={() => onShow(g)} aria-label={`Show the ${g.reads} reads of ${g.route ?? 'unknown route'} on ${g.day}`}>
          <Eye aria-hidden className="size-4" />
          <span className="hidden sm:inline">Show</span>
        </Button>
      ),
    },
  ];
  return (
    <details className="mb-4" data-testid="god-mode-reads">
      <summary className="cursor-pointer text-sm font-medium text-slate-700 dark:text-slate-300">God Mode reads, grouped (hidden from the log below)</summary>
      <div className="mt-2">
        <DataTable
          caption="God Mode reads per operator, route and day"
          columns={columns}
          rows={data?.items}
          rowKey={(g) => `${g.day}|${g.actor_id ?? ''}|${g.route ?? ''}`}
          sort=""
          onSort={() => undefined}
          loading={loading}
          error={error}
          onRetry={reload}
          skeletonRows={3}
          empty={<EmptyState icon={Eye} title="No God Mode reads in the last 30 days">Reads of tenant data by platform operators appear here.</EmptyState>}
        />
      </div>
    </details>
  );
}
