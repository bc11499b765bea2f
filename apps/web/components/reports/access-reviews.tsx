'use client';
import type { AccessReview, Report } from '@bitflow/contracts';
import { ClipboardCheck } from 'lucide-react';
import { useCallback, useEffect, useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardHeader } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { SelectField } from '@/components/ui/select-field';
import { api, apiError, type Envelope, type ListPage } from '@/lib/api';
import { formatDateTime } from '@/lib/format';
import { useUiStore } from '@/stores/ui-store';

// Access reviews: the recorded reviews of this university, and (for its owners) recording that an
// access-review report was read and acted on, with a note saying what was done.
export function AccessReviews({ reports, canRecord }: { reports: Report[]; canRecord: boolean }) {
  const toast = useUiStore((s) => s.toast);
  const [items, setItems] = useState<AccessReview[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const ready = reports.filter((r) => r.type === 'access_review' && r.status === 'completed');
  const [reportId, setReportId] = useState('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  const load = useCallback(
    () =>
      api.get<Envelope<ListPage<AccessReview>>>('/compliance/access-reviews', { params: { per_page: 10 } }).then(
        (r) => {
          setItems(r.data.data.items);
          setLoadError(null);
        },
        (e: unknown) => setLoadError(apiError(e).message),
      ),
    [],
  );
  useEffect(() => {
    void load();
  }, [load]);
  const chosen = reportId || ready[0]?.id || '';

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setErrors({});
    try {
      await api.post('/compliance/access-reviews', { report_id: chosen, note });
      toast('Access review recorded.', 'success');
      setNote('');
      await load();
    } catch (err) {
      const p = apiError(err);
      const byField = Object.fromEntries(Object.entries(p.errors).map(([k, v]) => [k, v[0]!]));
      setErrors(Object.keys(byField).length ? byField : { form: p.message });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card labelledBy="access-reviews" className="mt-6">
      <CardHeader id="access-reviews" title="Access reviews" description="Who reviewed the university’s accounts and permissions, when, and what they did." />
      {canRecord && (
        <form onSubmit={submit} noValidate className="grid gap-4 border-b border-slate-100 p-5 sm:grid-cols-2 dark:border-slate-800">
          {ready.length === 0 ? (
            <p className="text-sm text-slate-600 sm:col-span-2 dark:text-slate-400">Generate an access review above; once it is ready and you have read it, record the review here.</p>
          ) : (
            <>
              <SelectField id="review-report" label="Access-review report" options={ready.map((r) => ({ value: r.id, label: `${formatDateTime(r.created_at)} · ${r.row_count ?? 0} accounts · ${r.format.toUpperCase()}` }))}
                value={chosen} onChange={(e) => setReportId(e.target.value)} error={errors.report_id} />
              <div className="sm:col-span-2">
                <label htmlFor="review-note" className="block text-sm font-medium text-slate-800 dark:text-slate-200">What was found and done</label>
                <textarea id="review-note" rows={3} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} aria-invalid={errors.note ? true : undefined} aria-describedby={errors.note ? 'review-note-error' : undefined}
                  className="mt-1.5 block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm focus:border-blue-600 focus:ring-2 focus:ring-blue-600/30 focus:outline-none dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100"
                  placeholder="e.g. Disabled two unused accounts; asked the registrar to turn on two-factor." />
                {errors.note && <p id="review-note-error" className="mt-1 text-sm text-red-700 dark:text-red-400">{errors.note}</p>}
              </div>
              {errors.form && <Alert tone="error" className="sm:col-span-2">{errors.form}</Alert>}
              <div className="sm:col-span-2">
                <Button type="submit" loading={busy}>
                  <ClipboardCheck aria-hidden className="size-4" />
                  Record review as done
                </Button>
              </div>
            </>
          )}
        </form>
      )}
      {loadError && <Alert tone="error" className="m-5">{loadError}</Alert>}
      {items?.length === 0 && <EmptyState icon={ClipboardCheck} title="No access reviews recorded yet">Recorded reviews appear here with their notes.</EmptyState>}
      {items && items.length > 0 && (
        <ul className="divide-y divide-slate-100 dark:divide-slate-800" data-testid="access-review-list">
          {items.map((r) => (
            <li key={r.id} className="px-5 py-3 text-sm">
              <p className="font-medium text-slate-900 dark:text-slate-100">
                {formatDateTime(r.created_at)} · {r.reviewed_by?.name ?? 'A former user'}
              </p>
              <p className="text-slate-600 dark:text-slate-400">
                Report of {formatDateTime(r.report_created_at)}, {r.accounts} accounts
              </p>
              <p className="mt-1 whitespace-pre-line text-slate-800 dark:text-slate-200">{r.note}</p>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
