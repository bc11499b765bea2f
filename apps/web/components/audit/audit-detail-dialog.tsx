'use client';
import type { AuditLogEntry } from '@bitflow/contracts';
import { Dialog, DialogBody } from '@/components/ui/dialog';
import { formatDateTime, humanize } from '@/lib/format';

function show(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v.join(', ');
  return JSON.stringify(v, null, 2);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/** The change itself: a before/after table when the entry carries both, else the values written. */
function Changes({ changes }: { changes: unknown }) {
  if (changes === null || changes === undefined) return <p className="text-sm text-slate-600 dark:text-slate-400">This entry records an event without field changes.</p>;
  if (!isRecord(changes)) return <pre className="overflow-x-auto rounded-lg bg-slate-50 p-3 text-xs dark:bg-slate-800">{show(changes)}</pre>;
  const diff = isRecord(changes.before) || isRecord(changes.after);
  const before = diff && isRecord(changes.before) ? changes.before : {};
  const after = diff ? (isRecord(changes.after) ? changes.after : {}) : changes;
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  if (!fields.length) return <p className="text-sm text-slate-600 dark:text-slate-400">No fields changed.</p>;
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-700">
      <table className="min-w-full text-sm" data-testid="audit-changes">
        <caption className="sr-only">{diff ? 'Values before and after the change' : 'Values written by the change'}</caption>
        <thead className="bg-slate-50 text-left text-xs font-semibold tracking-wide text-slate-600 uppercase dark:bg-slate-800/60 dark:text-slate-400">
          <tr>
            <th scope="col" className="px-3 py-2">
              Field
            </th>
            {diff && (
              <th scope="col" className="px-3 py-2">
                Before
              </th>
            )}
            <th scope="col" className="px-3 py-2">
              {diff ? 'After' : 'New value'}
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {fields.map((f) => (
            <tr key={f}>
              <th scope="row" className="px-3 py-2 text-left align-top font-mono text-xs font-medium whitespace-nowrap text-slate-700 dark:text-slate-300">
                {f}
              </th>
              {diff && <td className="px-3 py-2 align-top whitespace-pre-wrap wrap-anywhere text-red-800 dark:text-red-300">{show(before[f])}</td>}
              <td className={diff ? 'px-3 py-2 align-top whitespace-pre-wrap wrap-anywhere text-emerald-800 dark:text-emerald-300' : 'px-3 py-2 align-top whitespace-pre-wrap wrap-anywhere'}>{show(after[f])}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function AuditDetailDialog({ entry, actorName, onClose }: { entry: AuditLogEntry | null; actorName: (id: string | null) => string; onClose: () => void }) {
  const rows: [string, string][] = entry
    ? [
        ['When', formatDateTime(entry.created_at)],
        ['Actor', actorName(entry.actor_id)],
        ...(entry.impersonator_id ? ([['Impersonated by', actorName(entry.impersonator_id)]] as [string, string][]) : []),
        ['Entity', entry.entity_type ? `${humanize(entry.entity_type)} ${entry.entity_id ?? ''}`.trim() : '—'],
        ['IP address', entry.ip ?? '—'],
        ['Browser', entry.user_agent ?? '—'],
        ['Request id', entry.request_id ?? '—'],
        ['Chain position', `#${entry.seq}`],
        ['Hash', entry.hash],
      ]
    : [];
  return (
    <Dialog open={!!entry} onClose={onClose} title={entry ? humanize(entry.action) : 'Audit entry'} description={entry && <span className="font-mono">{entry.action}</span>} size="lg">
      {entry && (
        <DialogBody>
          <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1.5 text-sm">
            {rows.map(([k, v]) => (
              <div key={k} className="contents">
                <dt className="text-slate-600 dark:text-slate-400">{k}</dt>
                <dd className={k === 'Hash' || k === 'Request id' ? 'font-mono text-xs break-all text-slate-900 dark:text-slate-100' : 'break-words text-slate-900 dark:text-slate-100'}>{v}</dd>
              </div>
            ))}
          </dl>
          <h3 className="pt-2 text-sm font-semibold text-slate-900 dark:text-slate-100">Change</h3>
          <Changes changes={entry.changes} />
          <p className="text-xs text-slate-600 dark:text-slate-400">Personal data and secrets are masked in the audit trail.</p>
        </DialogBody>
      )}
    </Dialog>
  );
}
