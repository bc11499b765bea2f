import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.js';
import { AppError } from '../../core/app-error.js';

// The answer to a user of a suspended university, at sign-in and on every request: TENANT_SUSPENDED
// with the reason the operator gave when suspending it, in the message and, for clients that show
// it apart, in errors.suspended_reason. Read only on this rare path, so the actor cache need not
// carry the reason.
export async function tenantSuspendedError(db: Kysely<DB>, universityId: string): Promise<AppError> {
  const row = await db.selectFrom('universities').select('suspended_reason').where('id', '=', universityId).executeTakeFirst();
  const reason = row?.suspended_reason?.trim() || null;
  if (!reason) return new AppError('TENANT_SUSPENDED', 'Your university is suspended. Contact the platform operator.');
  return new AppError('TENANT_SUSPENDED', `Your university is suspended. Reason given: ${reason} Contact the platform operator.`, { suspended_reason: [reason] });
}
