'use client';
import { REPORT_TYPES, type Report } from '@bitflow/contracts';
import { Download, FileText } from 'lucide-react';
import { useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useRef, useState } from 'react';
import { PageHeader } from '@/components/layout/page-header';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardHeader } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { Skeleton } from '@/components/ui/skeleton';
import { api, apiError, type ApiProblem, type Envelope, type ListPage } from '@/lib/api';
import { cx } from '@/lib/cx';
import { downloadFile } from '@/lib/download';
import { formatDateTime, formatNumber } from '@/lib/format';
import { useUiStore } from '@/stores/ui-store';
import { useCan, useUserStore } from '@/stores/user-store';
import { AccessReviews } from './access-reviews';
import { ComplianceParameters, EMPTY_DRAFT, isCompliance, parametersOf } from './report-parameters';
import { ScheduledReports } from './scheduled-reports';
import { REPORT_TITLES } from './titles';

const STATUS = {
  generating: { label: 'Generating…', className: 'bg-amber-50 text-amber-900 ring-amber-600/20 dark:bg-amber-500/10 dark:text-amber-300' },
  completed: { label: 'Ready', className: 'bg-emerald-50 text-emerald-800 ring-emerald-600/20 dark:bg-emerald-500/10 dark:text-emerald-300' },
  failed: { label: 'Failed', className: 'bg-red-50 text-red-800 ring-red-600/20 dark:bg-red-500/10 dark:text-red-300' },
} as const;

const selectClass = 'mt-1.5 block h-10 w-full rounded-lg border border-slate-300 bg-white px-3 text-sm dark:border-slate-600 dark:bg-slate-900 sm:w-64';

// Generate a report, watch it move from "generating" to "ready" (polled), download it.
// `?highlight=<id>` (the link in a scheduled report's e-mail) marks that report's row, fetching it
// when it is not among the newest.
export function ReportsView() {
  const highlight = useSearchParams().get('highlight');
  const [linked, setLinked] = useState<Report | null>(null);
  const [linkedMissing, setLinkedMissing] = useState(false);
  const highlighted = useRef<HTMLTableRowElement>(null);
  const god = useUserStore((s) => s.me?.scope.level === 'platform');
  const canCreate = useCan('reports.create');
  const canSchedule = useCan('scheduled_reports.view');
  const canCompliance = useCan('compliance.view');
  const canRecordReview = useCan('compliance.review') && !god;
  const [draft, setDraft] = useState(EMPTY_DRAFT);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const toast = useUiStore((s) => s.toast);
  const [type, setType] = useState<string>('student_roster');
  const [format, setFormat] = useState('pdf');
  const [submitting, setSubmitting] = useState(false);
  const [reports, setReports] = useState<Report[] | null>(null);
  const [error, setError] = useState<ApiProblem | null>(null);

  const load = useCallback(
    () =>
      api.get<Envelope<ListPage<Report>>>('/reports', { params: { per_page: 20 } }).then(
        (r) => {
          setReports(r.data.data.items);
          setError(null);
        },
        (e: unknown) => setError(apiError(e)),
      ),
    [],
  );
  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    if (!highlight || !reports || linkedMissing || reports.some((r) => r.id === highlight) || linked?.id === highlight) return;
    api.get<Envelope<Report>>(`/reports/${encodeURIComponent(highlight)}`).then(
      (r) => setLinked(r.data.data),
      () => setLinkedMissing(true),
    );
  }, [highlight, reports, linked, linkedMissing]);
  const rows = reports && linked && !reports.some((r) => r.id === linked.id) ? [linked, ...reports] : reports;
  const shown = Boolean(highlight && rows?.some((r) => r.id === highlight));
  useEffect(() => {
    if (shown) highlighted.current?.scrollIntoView({ block: 'center' });
  }, [shown]);
  useEffect(() => {
    if (!reports?.some((r) => r.status === 'generating')) return;
    const t = setInterval(() => void load(), 1500);
    return () => clearInterval(t);
  }, [reports, load]);

  const generate = async (e: React.FormEvent) => {
    e.preventDefault();
    setSubmitting(true);
    setFieldErrors({});
    try {
      await api.post('/reports/generate', { type, format, parameters: parametersOf(type, draft, false) });
      toast('Report requested. It will be ready in a moment.', 'success');
      await load();
    } catch (err) {
      const p = apiError(err);
      setFieldErrors(Object.fromEntries(Object.entries(p.errors).map(([k, v]) => [k, v[0]!])));
      toast(p.message, 'error');
    } finally {
      setSubmitting(false);
    }
  };

  const download = async (r: Report) => {
    try {
      await downloadFile(r.download_url!, `${r.type.replace(/_/g, '-')}-${r.created_at.slice(0, 10)}.${r.format}`);
    } catch (err) {
      toast(apiError(err).message, 'error');
    }
  };

  return (
    <>
      <PageHeader title="Reports" description="Rosters, enrolment summaries, directories and compliance reviews as PDF or CSV, generated in the background." />
      {canCreate && (
        <Card labelledBy="generate-report" className="mb-6">
          <CardHeader id="generate-report" title="Generate a report" />
          <form onSubmit={generate} className="flex flex-wrap items-end gap-4 p-5">
            <div>
              <label htmlFor="report-type" className="block text-sm font-medium">
                Report
              </label>
              <select id="report-type" value={type} onChange={(e) => setType(e.target.value)} className={selectClass}>
                {REPORT_TYPES.filter((t) => (god || t !== 'platform_usage') && (canCompliance || !isCompliance(t))).map((t) => (
                  <option key={t} value={t}>
                    {REPORT_TITLES[t]}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label htmlFor="report-format" className="block text-sm font-medium">
                Format
              </label>
              <select id="report-format" value={format} onChange={(e) => setFormat(e.target.value)} className={selectClass}>
                <option value="pdf">PDF</option>
                <option value="csv">CSV</option>
              </select>
            </div>
            <ComplianceParameters idPrefix="report" type={type} schedule={false} value={draft} onChange={setDraft} errors={fieldErrors} />
            <Button type="submit" loading={submitting}>
              Generate
            </Button>
          </form>
        </Card>
      )}
      {error && (
        <Alert tone="error" title="Reports could not be loaded" className="mb-4" action={<Button size="sm" variant="secondary" onClick={() => void load()}>Try again</Button>}>
          {error.message}
        </Alert>
      )}
      {linkedMissing && (
        <Alert tone="warning" title="That report is not available" className="mb-4">
          It may have been removed, or it belongs to a part of the university you cannot see.
        </Alert>
      )}
      <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900">
        <table className="min-w-full text-sm">
          <caption className="sr-only">Your reports, newest first</caption>
          <thead className="border-b border-slate-200 bg-slate-50 text-left text-xs font-semibold tracking-wide text-slate-600 uppercase dark:border-slate-800 dark:bg-slate-800/60 dark:text-slate-400">
            <tr>
              <th scope="col" className="px-4 py-2.5">Report</th>
              <th scope="col" className="px-4 py-2.5">Format</th>
              <th scope="col" className="px-4 py-2.5">Status</th>
              <th scope="col" className="hidden px-4 py-2.5 text-right sm:table-cell">Rows</th>
              <th scope="col" className="hidden px-4 py-2.5 md:table-cell">Requested</th>
              <th scope="col" className="px-4 py-2.5">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
            {!reports &&
              !error &&
              [0, 1, 2].map((i) => (
                <tr key={i}>
                  <td colSpan={6} className="px-4 py-3">
                    <Skeleton className="h-4 w-full" />
                  </td>
                </tr>
              ))}
            {reports?.length === 0 && (
              <tr>
                <td colSpan={6}>
                  <EmptyState icon={FileText} title="No reports yet">
                    {canCreate ? 'Generate one above; it appears here while it is being prepared.' : 'Reports generated for you appear here.'}
                  </EmptyState>
                </td>
              </tr>
            )}
            {rows?.map((r) => (
              <tr
                key={r.id}
                data-testid="report-row"
                ref={r.id === highlight ? highlighted : undefined}
                aria-current={r.id === highlight ? 'true' : undefined}
                className={cx(r.id === highlight && 'bg-blue-50 ring-2 ring-blue-500 ring-inset dark:bg-blue-500/10')}
              >
                <td className="px-4 py-3 font-medium text-slate-900 dark:text-slate-100">{REPORT_TITLES[r.type] ?? r.type}</td>
                <td className="px-4 py-3 uppercase">{r.format}</td>
                <td className="px-4 py-3">
                  <span className={cx('rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset', STATUS[r.status].className)}>{STATUS[r.status].label}</span>
                  {r.error && <span className="ml-2 text-xs text-red-700 dark:text-red-400">{r.error}</span>}
                </td>
                <td className="hidden px-4 py-3 text-right tabular-nums sm:table-cell">{formatNumber(r.row_count)}</td>
                <td className="hidden px-4 py-3 md:table-cell">{formatDateTime(r.created_at)}</td>
                <td className="px-4 py-3 text-right">
                  {r.download_url && (
                    <Button variant="secondary" size="sm" onClick={() => void download(r)}>
                      <Download aria-hidden className="size-4" />
                      Download
                    </Button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {canCompliance && !god && <AccessReviews reports={reports ?? []} canRecord={canRecordReview} />}
      {canSchedule && <ScheduledReports god={god} />}
    </>
  );
}
