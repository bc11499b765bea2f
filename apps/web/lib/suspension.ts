import type { ApiProblem } from './api';

// The API answers every user of a suspended university 403 with the error code TENANT_SUSPENDED
// (packages/contracts errors.ts), with the operator's reason in errors.suspended_reason
// (apps/api/src/modules/auth/tenant-suspended.ts). Sign-in and the workspace loader show it as its
// own notice rather than a generic failure. Recognised by the code, never by the message's wording.

export interface Suspension {
  reason: string | null;
}

export function suspensionOf(problem: ApiProblem | null): Suspension | null {
  if (problem?.code !== 'TENANT_SUSPENDED') return null;
  return { reason: problem.errors.suspended_reason?.[0] ?? null };
}
