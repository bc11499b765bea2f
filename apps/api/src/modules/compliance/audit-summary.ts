import { DEFAULT_PERIOD_DAYS, type ReportParameters } from '@bitflow/contracts';
import type { Kysely } from 'kysely';
import { toIso } from '../../db/time.js';
import type { DB } from '../../db/types.js';
import { AppError } from '../../core/app-error.js';
import { AuditRepository } from '../audit/audit.repository.js';
import { verifyChain } from '../audit/audit.service.js';
import type { ReportDefinition } from '../reports/report-definitions.js';
import { ComplianceRepository } from './compliance.repository.js';

// The audit/compliance summary of one university for a period: privileged actions, God Mode's
// reads and impersonations of it, exports, failed sign-ins and account security events, each
// counted from its audit chain, and the result of verifying that chain (the audit module's own
// verifyChain). Every category is printed even when empty, so "0" shows it was looked at.

const DAY = 86_400_000;

/** What each audited action is called in the summary, by category; the order is the report's. */
const CATEGORIES: { name: string; actions: Record<string, string> }[] = [
  {
    name: 'Privileged actions',
    actions: {
      'roles.created': 'Role created', 'roles.updated': 'Role changed', 'roles.deleted': 'Role deleted',
      'users.created': 'User created', 'users.invited': 'User invited', 'users.deleted': 'User deleted', 'users.restored': 'User restored',
      'universities.updated': 'University settings changed', 'universities.suspended': 'University suspended', 'universities.reactivated': 'University reactivated',
    },
  },
  { name: 'God Mode', actions: { 'god_mode.impersonation_started': 'Impersonation started', 'god_mode.impersonation_ended': 'Impersonation ended' } },
  { name: 'Exports', actions: { 'reports.downloaded': 'Report downloaded', 'tenant.export_requested': 'Tenant export requested', 'tenant.export_downloaded': 'Tenant export downloaded' } },
  {
    name: 'Failed sign-ins',
    actions: {
      'auth.login_failed': 'Wrong e-mail or password', 'auth.mfa_failed': 'Wrong two-factor code',
      'auth.refresh_reuse': 'Refresh token reused (sessions revoked)', 'auth.permission_denied': 'Request refused (no permission)',
    },
  },
  {
    name: 'Account security',
    actions: { 'auth.mfa_enabled': 'Two-factor turned on', 'auth.mfa_disabled': 'Two-factor turned off', 'auth.password_changed': 'Password changed', 'auth.password_reset': 'Password reset' },
  },
  { name: 'Compliance', actions: { 'access_reviews.recorded': 'Access review recorded' } },
];

type Row = { category: string; event: string; count: number; first: string | null; last: string | null; first_day: string | null; last_day: string | null; detail: string | null };
const at = (v: string | null | undefined) => (v ? toIso(v)!.slice(0, 16).replace('T', ' ') : null);
const row = (category: string, event: string, count: number, first?: string | null, last?: string | null, detail: string | null = null): Row => ({
  category, event, count, first: at(first), last: at(last), first_day: first ? first.slice(0, 10) : null, last_day: last ? last.slice(0, 10) : null, detail,
});
/** Counts with first and last time, per key. Timestamps are stored strings, which sort in time order. */
class Tally {
  private readonly m = new Map<string, { n: number; first: string; last: string }>();
  add(key: string, first: string, last = first, n = 1) {
    const t = this.m.get(key);
    if (!t) this.m.set(key, { n, first, last });
    else this.m.set(key, { n: t.n + n, first: first < t.first ? first : t.first, last: last > t.last ? last : t.last });
  }
  get(key: string) {
    return this.m.get(key);
  }
  entries() {
    return [...this.m];
  }
}
const changesOf = (c: string | null) => (c ? (JSON.parse(c) as Record<string, unknown>) : {});

/** The period's bounds as stored timestamps (UTC days, inclusive). */
function bounds(p: ReportParameters) {
  return { from: `${p.from} 00:00:00.000`, to: `${p.to} 23:59:59.999` };
}

export async function summaryRows(db: Kysely<DB>, universityId: string, p: ReportParameters): Promise<Row[]> {
  const audit = new AuditRepository(db);
  const names = new ComplianceRepository(db);
  const { from, to } = bounds(p);
  const [check, counts, reads, details] = await Promise.all([
    verifyChain(audit, universityId),
    audit.actionCounts(universityId, from, to),
    audit.godModeReadsOf(universityId, from, to),
    audit.rowsOf(universityId, ['users.updated', 'god_mode.impersonation_started', 'auth.login_failed'], from, to, 10_000),
  ]);
  const emails = await names.emails([...reads.map((r) => r.actor_id), ...details.flatMap((d) => [d.actor_id, d.impersonator_id])].filter((v): v is string => Boolean(v)));
  const who = (id: string | null) => (id ? (emails.get(id) ?? id) : 'unknown');

  const out: Row[] = [];
  // The whole chain, not only the period: a broken link before it casts doubt on everything after.
  out.push(row('Audit chain', 'Chain verification', check.checked, null, null, check.ok
    ? `intact: ${check.checked} rows${check.head ? `, head ${check.head.signed ? 'signed' : 'unsigned (before migration 009)'}` : ''}`
    : `BROKEN at seq ${check.first_broken?.seq} (${check.first_broken?.reason})`));

  const byAction = new Tally();
  const impersonated = new Tally();
  for (const c of counts) {
    byAction.add(c.action, c.first_at, c.last_at, Number(c.n));
    // What the operator did as the user (the start and end rows are the impersonation itself).
    if (Number(c.impersonated) === 1 && !c.action.startsWith('god_mode.impersonation_')) impersonated.add('all', c.first_at, c.last_at, Number(c.n));
  }
  const impersonatedActions = impersonated.get('all');

  for (const cat of CATEGORIES) {
    const before = out.length;
    for (const [action, label] of Object.entries(cat.actions)) {
      const c = byAction.get(action);
      if (c) out.push(row(cat.name, label, c.n, c.first, c.last));
    }
    if (cat.name === 'Privileged actions') {
      // A user change is a suspension, a re-activation or a change of roles by what it changed.
      const kinds = new Tally();
      for (const d of details.filter((x) => x.action === 'users.updated')) {
        const ch = changesOf(d.changes);
        kinds.add(ch.status === 'disabled' ? 'User suspended (disabled)' : ch.status === 'active' ? 'User re-enabled' : ch.roles ? 'User roles changed' : 'User details changed', d.created_at);
      }
      for (const [kind, t] of kinds.entries()) out.push(row(cat.name, kind, t.n, t.first, t.last));
    }
    if (cat.name === 'God Mode') {
      for (const r of reads) out.push(row(cat.name, 'Reads of this university', Number(r.n), r.first_at, r.last_at, `by ${who(r.actor_id)}`));
      if (impersonatedActions) out.push(row(cat.name, 'Actions while impersonating', impersonatedActions.n, impersonatedActions.first, impersonatedActions.last));
      for (const d of details.filter((x) => x.action === 'god_mode.impersonation_started')) {
        const ch = changesOf(d.changes);
        // The reason first: a PDF row is one line, and the reason is what a reviewer reads.
        out.push(row('Impersonation', `of ${who(d.actor_id)}`, 1, d.created_at, null, `${String(ch.reason ?? '')} (${String(ch.minutes ?? '?')} min), by ${who(d.impersonator_id)}`));
      }
    }
    if (cat.name === 'Failed sign-ins') {
      // Which accounts were tried, most tried first: a spray over many accounts or one account under attack.
      const tried = new Tally();
      for (const d of details.filter((x) => x.action === 'auth.login_failed')) tried.add(String(changesOf(d.changes).email ?? who(d.actor_id)), d.created_at);
      for (const [email, t] of tried.entries().sort((a, b) => b[1].n - a[1].n).slice(0, 20)) out.push(row('Failed sign-ins by account', email, t.n, t.first, t.last));
    }
    if (out.length === before) out.push(row(cat.name, 'none in this period', 0));
  }
  return out;
}

export const auditSummary: ReportDefinition = {
  title: 'Audit and compliance summary',
  landscape: true,
  columns: [
    { key: 'category', label: 'Category', width: 0.16 },
    { key: 'event', label: 'Event', width: 0.24 },
    { key: 'count', label: 'Count', width: 0.07 },
    { key: 'first', label: 'First (UTC)', width: 0, only: 'csv' },
    { key: 'last', label: 'Last (UTC)', width: 0, only: 'csv' },
    { key: 'first_day', label: 'First', width: 0.1, only: 'pdf' },
    { key: 'last_day', label: 'Last', width: 0.1, only: 'pdf' },
    { key: 'detail', label: 'Detail', width: 0.33 },
  ],
  resolve: (p, now) => {
    if (p.from || p.to) {
      const to = p.to ?? now.toISOString().slice(0, 10);
      return { from: p.from ?? new Date(Date.parse(to) - (DEFAULT_PERIOD_DAYS - 1) * DAY).toISOString().slice(0, 10), to };
    }
    const days = p.period_days ?? DEFAULT_PERIOD_DAYS;
    return { from: new Date(now.getTime() - (days - 1) * DAY).toISOString().slice(0, 10), to: now.toISOString().slice(0, 10) };
  },
  describe: (p) => [`period ${p.from} to ${p.to} (UTC)`, 'chain verified in full'],
  async *rows(repo, scope, p) {
    if (scope.level === 'platform') throw AppError.validation({ university_id: ['Name the university to summarise.'] });
    yield await summaryRows(repo.db, scope.universityId, p);
  },
};
