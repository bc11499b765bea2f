import { DEFAULT_UNUSED_DAYS, PRIVILEGED_PERMISSIONS, type ReportParameters } from '@bitflow/contracts';
import { toIso } from '../../db/time.js';
import type { ReportDefinition } from '../reports/report-definitions.js';
import { ComplianceRepository, type ReviewedAccount } from './compliance.repository.js';

// The access-review report: every account of the university with its roles, permissions, last
// sign-in and use, two-factor state and sign-in method, flagged where a reviewer should act.
// There is no single sign-on yet, so the method is a password for every account that has one.

const PRIVILEGED = new Set<string>(PRIVILEGED_PERMISSIONS);
const DAY = 86_400_000;
const stamp = (v: string | null) => (v ? toIso(v)!.slice(0, 16).replace('T', ' ') : null);
const day = (v: string | null) => (v ? v.slice(0, 10) : 'never');

export const UNUSED_FLAG = (days: number) => `Unused ${days}d+`;
export const MFA_FLAG = 'No MFA, privileged';

/** One review row, judged at `now`: unused past `days` (by sign-in or own session activity), MFA off with privileged permissions. */
export function reviewRow(a: ReviewedAccount, days: number, now: number) {
  const privileged = a.permissions.filter((p) => PRIVILEGED.has(p));
  const used = [a.last_login_at, a.last_active_at].filter((v): v is string => v !== null).sort().at(-1) ?? null;
  const flags: string[] = [];
  // A disabled account cannot sign in; the flags are about accounts that still can.
  if (a.status === 'active') {
    const since = Date.parse(toIso(used ?? a.created_at)!);
    if (now - since > days * DAY) flags.push(UNUSED_FLAG(days));
    if (privileged.length && !a.mfa_enabled) flags.push(MFA_FLAG);
  }
  return {
    name: a.name,
    email: a.email,
    roles: a.roles.join(', ') || '—',
    college: a.college ?? 'University-wide',
    status: a.status,
    last_login: stamp(a.last_login_at),
    last_active: stamp(used),
    last_login_day: day(a.last_login_at),
    last_active_day: day(used),
    mfa: a.mfa_enabled ? 'on' : 'off',
    method: a.has_password ? 'password' : 'none (invited)',
    privileged: privileged.join(' '),
    permission_count: a.permissions.length,
    permissions: a.permissions.join(' '),
    flags: flags.join('; '),
  };
}

export const accessReview: ReportDefinition = {
  title: 'Access review',
  // Landscape: a review is read across, and its flags must not be cut short.
  landscape: true,
  columns: [
    { key: 'name', label: 'Name', width: 0.12 },
    { key: 'email', label: 'E-mail', width: 0.16 },
    { key: 'roles', label: 'Roles', width: 0.13 },
    { key: 'college', label: 'College', width: 0, only: 'csv' },
    { key: 'status', label: 'Status', width: 0.06 },
    { key: 'last_login', label: 'Last sign-in (UTC)', width: 0, only: 'csv' },
    { key: 'last_active', label: 'Last active (UTC)', width: 0, only: 'csv' },
    { key: 'last_login_day', label: 'Last sign-in', width: 0.09, only: 'pdf' },
    { key: 'last_active_day', label: 'Last active', width: 0.08, only: 'pdf' },
    { key: 'mfa', label: 'MFA', width: 0.04 },
    { key: 'method', label: 'Sign-in', width: 0.07 },
    { key: 'privileged', label: 'Privileged permissions', width: 0, only: 'csv' },
    { key: 'permission_count', label: 'Perms', width: 0.05, only: 'pdf' },
    { key: 'permissions', label: 'Permissions', width: 0, only: 'csv' },
    { key: 'flags', label: 'Flags', width: 0.2 },
  ],
  resolve: (p) => ({ unused_days: p.unused_days ?? DEFAULT_UNUSED_DAYS }),
  describe: (p) => [`unused after ${p.unused_days} days`, 'sign-in: password for all (no single sign-on)'],
  async *rows(repo, scope, p: ReportParameters) {
    const now = Date.now();
    for await (const page of new ComplianceRepository(repo.db).accounts(scope)) yield page.map((a) => reviewRow(a, p.unused_days!, now));
  },
};
