'use client';
import { useEffect } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardHeader } from '@/components/ui/card';
import { StatusBadge } from '@/components/ui/status-badge';
import { useResource } from '@/hooks/use-resource';
import { formatDateTime, formatNumber, humanize } from '@/lib/format';
import type { ImportRun } from './types';

/** The last imports of this university (or the platform, in God Mode), newest first. */
export function ImportHistory({ refreshKey, onErrors }: { refreshKey: number; onErrors: (r: ImportRun) => void }) {
  const { data, error, reload } = useResource<{ items: ImportRun[] }>('/imports?per_page=10');
  useEffect(() => {
    if (refreshKey > 0) reload();
  }, [refreshKey, reload]);
  if (error) return <Alert tone="error" className="mt-6" title="Recent imports could not be loaded">{error.message}</Alert>;
  if (!data || data.items.length === 0) return null;
  return (
    <Card labelledBy="import-history" className="mt-6">
      <CardHeader id="import-history" title="Recent imports" />
      <div className="overflow-x-auto">
        <table className="min-w-full text-sm">
          <caption className="sr-only">Recent imports</caption>
          <thead className="bg-slate-50 text-left text-xs font-semibold tracking-wide text-slate-600 uppercase dark:bg-slate-800/60 dark:text-slate-400">
            <tr>
              <th scope="col" className="px-5 py-2.5">File</th>
              <th scope="col" className="px-5 py-2.5">Type</th>
              <th scope="col" className="px-5 py-2.5">Status</th>
              <th scope="col" className="px-5 py-2.5 text-right">Added / updated / errors</th>
              <th scope="col" className="hidden px-5 py-2.5 md:table-cell">Started</th>
              <th scope="col" className="px-5 py-2.5"><span className="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
            {data.items.map((r) => (
              <tr key={r.id}>
                <td className="max-w-48 truncate px-5 py-3">{r.original_name}</td>
                <td className="px-5 py-3 whitespace-nowrap">
                  {humanize(r.entity_type)}
                  {r.dry_run && <span className="ml-1 text-xs text-slate-600 dark:text-slate-400">(dry run)</span>}
                </td>
                <td className="px-5 py-3"><StatusBadge status={r.status} /></td>
                <td className="px-5 py-3 text-right tabular-nums">
                  {formatNumber(r.created_count)} / {formatNumber(r.updated_count)} / {formatNumber(r.error_count)}
                </td>
                <td className="hidden px-5 py-3 whitespace-nowrap md:table-cell">{formatDateTime(r.created_at)}</td>
                <td className="px-5 py-3 text-right">
                  {r.error_report_url && r.error_count > 0 && (
                    <Button size="sm" variant="ghost" onClick={() => onErrors(r)}>
                      Errors
                    </Button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  );
}
