'use client';
import type { JobQueueState, PlatformHealth as HealthData } from '@bitflow/contracts';
import { RefreshCw } from 'lucide-react';
import { useEffect } from 'react';
import { PageHeader } from '@/components/layout/page-header';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardHeader } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { Skeleton } from '@/components/ui/skeleton';
import { StatusBadge } from '@/components/ui/status-badge';
import { useResource } from '@/hooks/use-resource';
import { formatDateTime, formatNumber, humanize } from '@/lib/format';

// God Mode: the platform's dependencies, totals, this API process, and the job queue with its
// dead letters (jobs that failed every retry). Refreshed every 15 seconds while open.
export function PlatformHealth() {
  const health = useResource<HealthData>('/god-mode/health');
  const jobs = useResource<JobQueueState>('/god-mode/jobs?limit=20');
  const { reload: reloadHealth } = health;
  const { reload: reloadJobs } = jobs;
  useEffect(() => {
    const t = setInterval(() => {
      reloadHealth();
      reloadJobs();
    }, 15_000);
    return () => clearInterval(t);
  }, [reloadHealth, reloadJobs]);

  return (
    <>
      <PageHeader
        title="Platform health"
        description="Dependencies, totals and the background job queue, across every university."
        actions={
          <Button
            variant="secondary"
            onClick={() => {
              reloadHealth();
              reloadJobs();
            }}
          >
            <RefreshCw aria-hidden className="size-4" />
            Refresh
          </Button>
        }
      />
      {health.error && <Alert tone="error" className="mb-6" title="Health could not be loaded">{health.error.message}</Alert>}
      <div className="grid gap-6 lg:grid-cols-2">
        <Card labelledBy="health-deps">
          <CardHeader id="health-deps" title="Dependencies" description={health.data ? `Running in ${health.data.mode} mode` : undefined} />
          {!health.data ? (
            <div className="space-y-2 p-5"><Skeleton className="h-5 w-full" /><Skeleton className="h-5 w-full" /><Skeleton className="h-5 w-full" /></div>
          ) : (
            <ul className="divide-y divide-slate-100 text-sm dark:divide-slate-800" data-testid="health-dependencies">
              {Object.entries(health.data.dependencies).map(([name, d]) => (
                <li key={name} className="flex items-center justify-between gap-4 px-5 py-3">
                  <span>
                    <span className="font-medium text-slate-900 dark:text-slate-100">{humanize(name)}</span>
                    <span className="ml-2 text-xs text-slate-600 dark:text-slate-400">{d.driver}</span>
                  </span>
                  <span className="flex items-center gap-3">
                    {'latency_ms' in d && typeof d.latency_ms === 'number' && <span className="text-xs tabular-nums text-slate-600 dark:text-slate-400">{d.latency_ms} ms</span>}
                    {'status' in d ? <StatusBadge status={d.status} /> : <span className="text-xs text-slate-600 dark:text-slate-400">configured</span>}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card labelledBy="health-totals">
          <CardHeader id="health-totals" title="Totals and this process" />
          {!health.data ? (
            <div className="p-5"><Skeleton className="h-24 w-full" /></div>
          ) : (
            <dl className="grid grid-cols-2 gap-3 p-5 sm:grid-cols-4">
              {[...Object.entries(health.data.totals).map(([k, v]) => [humanize(k), formatNumber(v)] as const),
                ['Uptime', `${Math.round(health.data.process.uptime_seconds / 60)} min`] as const,
                ['Memory (RSS)', `${health.data.process.rss_mb} MB`] as const,
                ['Heap used', `${health.data.process.heap_used_mb} MB`] as const,
                ['Node', health.data.process.node] as const,
              ].map(([label, value]) => (
                <div key={label} className="rounded-lg bg-slate-50 p-3 dark:bg-slate-800/60">
                  <dt className="text-xs text-slate-600 dark:text-slate-400">{label}</dt>
                  <dd className="mt-1 text-lg font-semibold tabular-nums text-slate-900 dark:text-slate-100">{value}</dd>
                </div>
              ))}
            </dl>
          )}
        </Card>
      </div>
      <Card labelledBy="health-jobs" className="mt-6">
        <CardHeader id="health-jobs" title="Job queue" description={jobs.data ? `Driver: ${jobs.data.driver}` : undefined} />
        {jobs.error ? (
          <div className="p-5"><Alert tone="error">{jobs.error.message}</Alert></div>
        ) : !jobs.data ? (
          <div className="p-5"><Skeleton className="h-16 w-full" /></div>
        ) : (
          <>
            <dl className="grid grid-cols-2 gap-3 p-5 sm:grid-cols-5">
              {Object.entries(jobs.data.counts).map(([k, v]) => (
                <div key={k} className="rounded-lg bg-slate-50 p-3 dark:bg-slate-800/60">
                  <dt className="text-xs text-slate-600 dark:text-slate-400">{humanize(k)}</dt>
                  <dd className="mt-1 text-lg font-semibold tabular-nums">{formatNumber(v)}</dd>
                </div>
              ))}
            </dl>
            {jobs.data.failed.length === 0 ? (
              <EmptyState title="No dead letters">Jobs that fail every retry appear here with their error.</EmptyState>
            ) : (
              <ul className="divide-y divide-slate-100 border-t border-slate-100 text-sm dark:divide-slate-800 dark:border-slate-800">
                {jobs.data.failed.map((j) => (
                  <li key={j.id} className="px-5 py-3">
                    <p className="font-medium">{j.name} <span className="font-mono text-xs text-slate-600 dark:text-slate-400">{j.id}</span></p>
                    <p className="text-xs text-red-700 dark:text-red-400">{j.error || 'No reason recorded'}</p>
                    <p className="text-xs text-slate-600 dark:text-slate-400">{j.attempts} attempts · {formatDateTime(j.failed_at)}</p>
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </Card>
    </>
  );
}
