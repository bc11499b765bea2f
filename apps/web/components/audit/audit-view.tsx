'use client';
import type { AuditChainCheck, AuditLogEntry, DataOf, ZUniversityListEnvelope, ZUserListEnvelope } from '@bitflow/contracts';
import { Download, FileSearch, SearchX, ShieldCheck, ShieldX } from 'lucide-react';
import { useMemo, useState, type FormEvent } from 'react';
import { PageHeader } from '@/components/layout/page-header';
import { DataTable, type Column } from '@/components/tables/data-table';
import { Pagination } from '@/components/tables/pagination';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { SelectField, selectClass } from '@/components/ui/select-field';
import { TextField } from '@/components/ui/text-field';
import { useResource } from '@/hooks/use-resource';
import { downloadFile } from '@/lib/download';
import { useUrlList } from '@/hooks/use-url-list';
import { api, apiError, type Envelope } from '@/lib/api';
import { formatDateTime, formatNumber, humanize } from '@/lib/format';
import { useUiStore } from '@/stores/ui-store';
import { useCan, useUserStore } from '@/stores/user-store';
import { AuditDetailDialog } from './audit-detail-dialog';
import { GodModeReads } from './god-mode-reads';
import { ENTITY_TYPES, KNOWN_ACTIONS } from './types';

const FILTERS = ['actor_id', 'entity_type', 'action', 'from', 'to'] as const;
type Filters = Partial<Record<(typeof FILTERS)[number], string>>;

const REASONS: Record<string, string> = {
  hash_mismatch: 'its content does not match its hash (the row was altered)',
  prev_hash_mismatch: 'it does not link to the entry before it',
  seq_gap: 'an entry before it is missing',
  tail_truncated: 'the newest entries were removed (the signed chain head names more than the log holds)',
  head_mismatch: 'it is not the entry the signed chain head names',
  head_missing: 'the chain head is missing',
  head_signature_invalid: 'the chain head was not signed by this platform (it was rewritten)',
};

// The append-only audit trail: filters in the URL, newest first, a detail dialog per entry, CSV
// export of what the filters select, and a check of the hash chain.
export function AuditView() {
  const toast = useUiStore((s) => s.toast);
  const platform = useUserStore((s) => s.me?.scope.level === 'platform');
  // The chain is the whole university's: only university-level readers (and God Mode) verify it.
  const canVerify = useUserStore((s) => s.me?.scope.level !== 'college');
  const canExport = useCan('audit_logs.export');
  const canListUsers = useCan('users.view');
  const { params, setParams, data, error, loading, retry } = useUrlList<AuditLogEntry>('/audit-logs', { filters: FILTERS });
  const people = useResource<DataOf<typeof ZUserListEnvelope>>(canListUsers ? '/users' : null, { per_page: 100, sort: 'name' });
  const universities = useResource<DataOf<typeof ZUniversityListEnvelope>>(platform ? '/universities' : null, { per_page: 100 });
  const [draft, setDraft] = useState<Filters>(params.filters);
  const [seen, setSeen] = useState(params.filters);
  if (seen !== params.filters && JSON.stringify(seen) !== JSON.stringify(params.filters)) {
    setSeen(params.filters);
    setDraft(params.filters);
  }
  const [detail, setDetail] = useState<AuditLogEntry | null>(null);
  const [exporting, setExporting] = useState(false);
  const [verifying, setVerifying] = useState(false);
  const [chain, setChain] = useState('platform');
  const [check, setCheck] = useState<{ result: AuditChainCheck; message: string } | null>(null);

  const names = useMemo(() => new Map((people.data?.items ?? []).map((p) => [p.id, p.name])), [people.data]);
  const universityNames = useMemo(() => new Map((universities.data?.items ?? []).map((u) => [u.id, u.name])), [universities.data]);
  const actorName = (id: string | null) => (id ? (names.get(id) ?? `User ${id.slice(0, 8)}…`) : 'System');
  const filtered = Object.keys(params.filters).length > 0;

  const apply = (e: FormEvent) => {
    e.preventDefault();
    if (draft.from && draft.to && draft.from > draft.to) {
      toast('The start date is after the end date.', 'error');
      return;
    }
    setParams({ filters: Object.fromEntries(FILTERS.map((f) => [f, draft[f] ?? ''])), page: 1 });
  };
  const reset = () => {
    setDraft({});
    setParams({ filters: Object.fromEntries(FILTERS.map((f) => [f, ''])), page: 1 });
  };

  const exportCsv = async () => {
    setExporting(true);
    try {
      const name = await downloadFile('/audit-logs/export', `audit-log-${new Date().toISOString().slice(0, 10)}.csv`, params.filters);
      toast(`Downloaded ${name}.`, 'success');
    } catch (e) {
      toast(apiError(e).message, 'error');
    } finally {
      setExporting(false);
    }
  };

  const verify = async () => {
    setVerifying(true);
    setCheck(null);
    try {
      const query = platform ? (chain === 'platform' ? { chain: 'platform' } : { university_id: chain }) : {};
      const r = await api.get<Envelope<AuditChainCheck>>('/audit-logs/verify', { params: query });
      setCheck({ result: r.data.data, message: r.data.message });
      toast(r.data.data.ok ? 'The audit chain is intact.' : 'The audit chain is broken.', r.data.data.ok ? 'success' : 'error');
    } catch (e) {
      toast(apiError(e).message, 'error');
    } finally {
      setVerifying(false);
    }
  };

  const columns: Column<AuditLogEntry>[] = [
    { id: 'when', header: 'When', cell: (a) => <time dateTime={a.created_at} className="whitespace-nowrap">{formatDateTime(a.created_at)}</time> },
    {
      id: 'actor',
      header: 'Actor',
      cell: (a) => (
        <span>
          {actorName(a.actor_id)}
          {a.impersonator_id && <span className="block text-xs text-amber-800 dark:text-amber-300">via {actorName(a.impersonator_id)}</span>}
        </span>
      ),
    },
    {
      id: 'action',
      header: 'Action',
      cell: (a) => (
        <div>
          <p className="font-medium text-slate-900 dark:text-slate-100">{humanize(a.action)}</p>
          <p className="font-mono text-xs text-slate-600 dark:text-slate-400">{a.action}</p>
        </div>
      ),
    },
    // Ids are UUIDv7, whose first characters are a timestamp shared by neighbours: show the tail.
    { id: 'entity', header: 'Entity', className: 'hidden md:table-cell', cell: (a) => (a.entity_type ? <span className="whitespace-nowrap">{humanize(a.entity_type)} {a.entity_id && <span title={a.entity_id} className="font-mono text-xs text-slate-600 dark:text-slate-400">…{a.entity_id.slice(-6)}</span>}</span> : '—') },
    ...(platform
      ? [{ id: 'university', header: 'University', className: 'hidden xl:table-cell', cell: (a: AuditLogEntry) => (a.university_id ? (universityNames.get(a.university_id) ?? '—') : 'Platform') }]
      : []),
    { id: 'ip', header: 'IP address', className: 'hidden lg:table-cell', cell: (a) => <span className="font-mono text-xs">{a.ip ?? '—'}</span> },
    {
      id: 'details',
      header: 'Details',
      align: 'right',
      cell: (a) => (
        <Button variant="ghost" size="sm" onClick={() => setDetail(a)} aria-label={`View details of ${humanize(a.action)} at ${formatDateTime(a.created_at)}`}>
          <FileSearch aria-hidden className="size-4" />
          <span className="hidden sm:inline">View</span>
        </Button>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every change and security event, append-only and hash-chained."
        actions={
          <>
            {platform && (
              <div>
                <label htmlFor="audit-chain" className="sr-only">
                  Chain to verify
                </label>
                <select id="audit-chain" value={chain} onChange={(e) => setChain(e.target.value)} className={`${selectClass} w-48`}>
                  <option value="platform">Platform chain</option>
                  {universities.data?.items.map((u) => (
                    <option key={u.id} value={u.id}>
                      {u.name}
                    </option>
                  ))}
                </select>
              </div>
            )}
            {canVerify && (
              <Button variant="secondary" onClick={() => void verify()} loading={verifying}>
                <ShieldCheck aria-hidden className="size-4" />
                Verify chain
              </Button>
            )}
            {canExport && (
              <Button variant="secondary" onClick={() => void exportCsv()} loading={exporting}>
                <Download aria-hidden className="size-4" />
                Export CSV
              </Button>
            )}
          </>
        }
      />
      {check && (
        <div className="mb-4" data-testid="chain-result">
          {check.result.ok ? (
            <Alert tone="success" title="The chain is intact">
              All {formatNumber(check.result.checked)} entries link to the one before them and match their hashes. Nothing was altered or removed.
            </Alert>
          ) : (
            <Alert tone="error" title="The chain is broken">
              {formatNumber(check.result.checked)} entries check out; entry #{check.result.first_broken?.seq} fails because {REASONS[check.result.first_broken?.reason ?? ''] ?? check.result.first_broken?.reason}. Investigate from there.
            </Alert>
          )}
        </div>
      )}
      {platform && (
        <GodModeReads
          actorName={actorName}
          onShow={(g) => setParams({ filters: { ...Object.fromEntries(FILTERS.map((f) => [f, ''])), action: 'god_mode.read', actor_id: g.actor_id ?? '', from: g.day, to: g.day }, page: 1 })}
        />
      )}
      <form onSubmit={apply} className="mb-4 rounded-xl border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-800 dark:bg-slate-900" aria-label="Filter the audit log">
        <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-5">
          {canListUsers ? (
            <SelectField id="audit-actor" label="Actor" value={draft.actor_id ?? ''} onChange={(e) => setDraft({ ...draft, actor_id: e.target.value })}>
              <option value="">Anyone</option>
              {people.data?.items.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </SelectField>
          ) : (
            <TextField id="audit-actor" label="Actor id" value={draft.actor_id ?? ''} onChange={(e) => setDraft({ ...draft, actor_id: e.target.value })} />
          )}
          <SelectField id="audit-entity" label="Entity type" value={draft.entity_type ?? ''} onChange={(e) => setDraft({ ...draft, entity_type: e.target.value })}>
            <option value="">Any entity</option>
            {ENTITY_TYPES.map((t) => (
              <option key={t} value={t}>
                {humanize(t)}
              </option>
            ))}
          </SelectField>
          <div>
            <TextField id="audit-action" label="Action" placeholder="e.g. users.updated" list="audit-actions" autoComplete="off" spellCheck={false} value={draft.action ?? ''} onChange={(e) => setDraft({ ...draft, action: e.target.value })} />
            <datalist id="audit-actions">
              {KNOWN_ACTIONS.map((a) => (
                <option key={a} value={a} />
              ))}
            </datalist>
          </div>
          <TextField id="audit-from" label="From" type="date" value={draft.from ?? ''} max={draft.to || undefined} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />
          <TextField id="audit-to" label="To" type="date" value={draft.to ?? ''} min={draft.from || undefined} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
        </div>
        <div className="mt-3 flex flex-wrap justify-end gap-2">
          {filtered && (
            <Button variant="ghost" onClick={reset}>
              Clear filters
            </Button>
          )}
          <Button type="submit" variant="secondary">
            Apply filters
          </Button>
        </div>
      </form>
      <DataTable
        caption={filtered ? 'Audit entries matching the filters, newest first' : 'Audit entries, newest first'}
        columns={columns}
        rows={data?.items}
        rowKey={(a) => a.id}
        sort=""
        onSort={() => undefined}
        loading={loading}
        error={error}
        onRetry={retry}
        skeletonRows={Math.min(params.per_page, 10)}
        empty={
          filtered ? (
            <EmptyState icon={SearchX} title="No entries match these filters" action={<Button variant="secondary" size="sm" onClick={reset}>Clear filters</Button>}>
              Widen the date range or choose another actor, entity or action.
            </EmptyState>
          ) : (
            <EmptyState icon={ShieldX} title="Nothing recorded yet">Changes and sign-ins appear here as they happen.</EmptyState>
          )
        }
      />
      {!error && <Pagination info={data?.pagination} noun="entries" onPage={(page, cursor) => setParams({ page, cursor })} onPerPage={(per_page) => setParams({ per_page, page: 1 })} />}
      <AuditDetailDialog entry={detail} actorName={actorName} onClose={() => setDetail(null)} />
    </>
  );
}
