import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.js';
import type { Cache } from '../../platform/cache.js';
import { writeAudit, type AuditMeta } from '../audit/audit-writer.js';
import { ActorCache } from './actor-cache.js';
import { AuthRepository } from './auth.repository.js';

// The one way a God Mode impersonation ends, whoever notices first: the operator's End (or sign
// out), a request or refresh that finds it past its end, or the scheduler's sweep. Each path revokes
// the session (its tokens stop working at once) and the winner writes the single ended row.

export type ImpersonationEndReason = 'ended' | 'expired';
export const IMPERSONATION_ENDED = 'god_mode.impersonation_ended';


interface EndDeps {
  db: Kysely<DB>;
  repo: AuthRepository;
  actors: ActorCache;
}

/** Ends the session if it is a live impersonation; true when this call ended it. */
export async function endImpersonationSession(d: EndDeps, sessionId: string, reason: ImpersonationEndReason, meta: AuditMeta): Promise<boolean> {
  const s = await d.repo.endImpersonationSession(sessionId);
  if (!s) return false;
  await d.actors.forgetSessions([s.id]);
  await writeAudit(d.db, meta, {
    universityId: s.university_id,
    by: { userId: s.user_id, impersonatorId: s.impersonator_id },
    collegeId: null,
    action: IMPERSONATION_ENDED,
    entityType: 'user',
    entityId: s.user_id,
    changes: { reason, session_id: s.id },
  });
  return true;
}

// The sweep has no request and no client address: its rows carry none.
const SWEEP_META: AuditMeta = { ip: null, userAgent: null, requestId: 'impersonation-sweep' };

/** Ends every impersonation past its end (the scheduler's tick); returns how many it ended. */
export async function sweepExpiredImpersonations(db: Kysely<DB>, cache: Cache): Promise<number> {
  const repo = new AuthRepository(db);
  const d = { db, repo, actors: new ActorCache(repo, cache) };
  let ended = 0;
  for (const id of await repo.expiredImpersonationIds()) {
    if (await endImpersonationSession(d, id, 'expired', SWEEP_META)) ended++;
  }
  return ended;
}
