import type { ApiProblem } from './api';

// The API answers every user of a suspended university 403 TENANT_SUSPENDED, with the operator's
// reason in errors.suspended_reason (apps/api/src/modules/auth/tenant-suspended.ts). Sign-in and the
// workspace loader show it as its own notice rather than a generic failure.

export interface Suspension {
  reason: string | null;
}

export function suspensionOf(problem: ApiProblem | null): Suspension | null {
  if (!problem || problem.status !== 403) return null;
  const reason = problem.errors.suspended_reason?.[0] ?? null;
  if (!reason && !problem.message.startsWith('Your university is suspended')) return null;
  return { reason };
}
