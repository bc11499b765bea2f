'use client';
import type { Import } from '@bitflow/contracts';
import { IMPORT_ENTITIES, IMPORT_ROW_SCHEMAS, type ImportEntity } from '@bitflow/contracts';
import { Download, FileUp } from 'lucide-react';
import { useRouter, useSearchParams } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { PageHeader } from '@/components/layout/page-header';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardHeader } from '@/components/ui/card';
import { SelectField } from '@/components/ui/select-field';
import { api, apiError, type Envelope } from '@/lib/api';
import { downloadFile } from '@/lib/download';
import { formatNumber, humanize } from '@/lib/format';
import { useUiStore } from '@/stores/ui-store';
import { ImportHistory } from './import-history';

// Bulk import from CSV: choose what to import, pick a file, run a dry run (validates every row,
// writes nothing), watch the progress, read the summary and download the error report, then import
// for real. Rows are upserted by their natural key, so running a file twice is safe.

const COLUMNS: Record<ImportEntity, string[]> = Object.fromEntries(IMPORT_ENTITIES.map((e) => [e, Object.keys(IMPORT_ROW_SCHEMAS[e].shape)])) as Record<ImportEntity, string[]>;
const REQUIRED: Record<ImportEntity, string[]> = Object.fromEntries(
  IMPORT_ENTITIES.map((e) => [e, Object.entries(IMPORT_ROW_SCHEMAS[e].shape).filter(([, s]) => !s.safeParse(undefined).success).map(([k]) => k)]),
) as Record<ImportEntity, string[]>;

function isEntity(v: string | null): v is ImportEntity {
  return !!v && (IMPORT_ENTITIES as readonly string[]).includes(v);
}

export function ImportWizard() {
  const search = useSearchParams();
  const router = useRouter();
  const toast = useUiStore((s) => s.toast);
  const entity: ImportEntity = isEntity(search.get('entity')) ? (search.get('entity') as ImportEntity) : 'students';
  const [file, setFile] = useState<File | null>(null);
  const [dryRun, setDryRun] = useState(true);
  const [run, setRun] = useState<Import | null>(null);
  const [starting, setStarting] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [historyKey, setHistoryKey] = useState(0);
  const fileInput = useRef<HTMLInputElement>(null);
  const running = run && (run.status === 'queued' || run.status === 'processing');

  // Poll the run while it is queued or processing; the summary appears when it completes.
  useEffect(() => {
    if (!run || !running) return;
    const t = setTimeout(() => {
      api.get<Envelope<Import>>(`/imports/${run.id}`).then(
        (r) => {
          setRun(r.data.data);
          if (r.data.data.status === 'completed' || r.data.data.status === 'failed') setHistoryKey((n) => n + 1);
        },
        (e: unknown) => setProblem(apiError(e).message),
      );
    }, 800);
    return () => clearTimeout(t);
  }, [run, running]);

  const start = async (asDryRun: boolean) => {
    if (!file) {
      setProblem('Choose a CSV file first.');
      return;
    }
    setProblem(null);
    setStarting(true);
    try {
      const form = new FormData();
      form.append('file', file, file.name);
      const res = await api.post<Envelope<Import>>('/imports', form, { params: { entity_type: entity, dry_run: String(asDryRun) } });
      setRun(res.data.data);
    } catch (e) {
      const p = apiError(e);
      setProblem(p.errors.file?.[0] ?? p.message);
    } finally {
      setStarting(false);
    }
  };

  const template = () => {
    const url = URL.createObjectURL(new Blob([`${COLUMNS[entity].join(',')}\n`], { type: 'text/csv' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `${entity}-template.csv`;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };

  const errorReport = (r: Import) => downloadFile(r.error_report_url!, `${r.entity_type}-import-errors.csv`).catch((e: unknown) => toast(apiError(e).message, 'error'));

  return (
    <>
      <PageHeader title="Import from CSV" description="Add or update students, faculty or courses in bulk. Existing records are matched by admission number, employee id or course code." />
      <div className="grid gap-6 lg:grid-cols-3">
        <Card labelledBy="import-setup" className="lg:col-span-2">
          <CardHeader id="import-setup" title="1. Choose a file" />
          <div className="space-y-5 p-5">
            <SelectField
              id="import-entity"
              label="What are you importing?"
              options={IMPORT_ENTITIES.map((e) => ({ value: e, label: humanize(e) }))}
              value={entity}
              disabled={!!running}
              onChange={(e) => {
                setRun(null);
                router.replace(`/imports?entity=${e.target.value}`);
              }}
              className="sm:max-w-xs"
            />
            <div>
              <p className="text-sm font-medium text-slate-800 dark:text-slate-200">Columns</p>
              <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
                {COLUMNS[entity].map((c, i) => (
                  <span key={c}>
                    {i > 0 && ', '}
                    <code className={REQUIRED[entity].includes(c) ? 'font-semibold text-slate-900 dark:text-slate-100' : undefined}>{c}</code>
                  </span>
                ))}
                . Bold columns are required; departments and colleges are named by their code.
              </p>
              <Button variant="ghost" size="sm" className="mt-2 -ml-3" onClick={template}>
                <Download aria-hidden className="size-4" />
                Download a template
              </Button>
            </div>
            <div>
              <label htmlFor="import-file" className="block text-sm font-medium text-slate-800 dark:text-slate-200">
                CSV file
              </label>
              <input
                ref={fileInput}
                id="import-file"
                type="file"
                accept=".csv,text/csv"
                disabled={!!running}
                onChange={(e) => {
                  setFile(e.target.files?.[0] ?? null);
                  setRun(null);
                  setProblem(null);
                }}
                className="mt-1.5 block w-full text-sm text-slate-700 file:mr-3 file:rounded-lg file:border-0 file:bg-blue-50 file:px-3 file:py-2 file:text-sm file:font-medium file:text-blue-800 hover:file:bg-blue-100 dark:text-slate-300 dark:file:bg-blue-500/10 dark:file:text-blue-300"
              />
            </div>
            <label className="flex items-start gap-2 text-sm text-slate-800 dark:text-slate-200">
              <input type="checkbox" checked={dryRun} onChange={(e) => setDryRun(e.target.checked)} className="mt-0.5 size-4 rounded border-slate-300" />
              <span>
                Dry run first <span className="text-slate-600 dark:text-slate-400">— check every row and report errors without changing anything.</span>
              </span>
            </label>
            {problem && <Alert tone="error">{problem}</Alert>}
            <Button onClick={() => void start(dryRun)} loading={starting} disabled={!!running}>
              <FileUp aria-hidden className="size-4" />
              {dryRun ? 'Start dry run' : 'Import'}
            </Button>
          </div>
        </Card>
        <Card labelledBy="import-progress">
          <CardHeader id="import-progress" title="2. Progress and result" />
          <div className="p-5">
            {!run ? (
              <p className="text-sm text-slate-600 dark:text-slate-400">The progress and a summary appear here once the file is uploaded.</p>
            ) : (
              <RunSummary run={run} onErrors={() => void errorReport(run)} onImport={run.dry_run && run.status === 'completed' ? () => void start(false) : undefined} starting={starting} />
            )}
          </div>
        </Card>
      </div>
      <ImportHistory refreshKey={historyKey} onErrors={(r) => void errorReport(r)} />
    </>
  );
}

function RunSummary({ run, onErrors, onImport, starting }: { run: Import; onErrors: () => void; onImport?: () => void; starting: boolean }) {
  const done = run.status === 'completed';
  return (
    <div className="space-y-4" data-testid="import-summary">
      <div>
        <div className="flex justify-between text-sm">
          <span className="font-medium text-slate-900 dark:text-slate-100">
            {run.dry_run ? 'Dry run' : 'Import'}: {humanize(run.status)}
          </span>
          <span className="tabular-nums text-slate-600 dark:text-slate-400">{run.progress}%</span>
        </div>
        <div role="progressbar" aria-label="Import progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={run.progress} className="mt-2 h-2 overflow-hidden rounded-full bg-slate-100 dark:bg-slate-800">
          <div className="h-full rounded-full bg-blue-600 transition-all" style={{ width: `${run.progress}%` }} />
        </div>
        <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">
          {formatNumber(run.processed_rows)} of {formatNumber(run.total_rows)} rows
        </p>
      </div>
      {run.status === 'failed' && <Alert tone="error">{run.error ?? 'The import failed.'}</Alert>}
      {done && (
        <dl className="grid grid-cols-3 gap-2 text-center">
          {[
            [run.dry_run ? 'Would add' : 'Added', run.created_count],
            [run.dry_run ? 'Would update' : 'Updated', run.updated_count],
            ['Rows with errors', run.error_count],
          ].map(([label, n]) => (
            <div key={label} className="rounded-lg bg-slate-50 p-2 dark:bg-slate-800/60">
              <dt className="text-xs text-slate-600 dark:text-slate-400">{label}</dt>
              <dd className="text-lg font-semibold tabular-nums">{formatNumber(n as number)}</dd>
            </div>
          ))}
        </dl>
      )}
      {done && run.error_count > 0 && (
        <Alert tone="warning" title="Some rows have problems">
          <p>Rows with errors are skipped. The report lists the row, the column and what is wrong.</p>
          <Button size="sm" variant="secondary" onClick={onErrors} className="mt-2">
            <Download aria-hidden className="size-4" />
            Error report
          </Button>
        </Alert>
      )}
      {onImport && (
        <Button onClick={onImport} loading={starting} className="w-full">
          {run.error_count > 0 ? 'Import the valid rows' : 'Import now'}
        </Button>
      )}
    </div>
  );
}
