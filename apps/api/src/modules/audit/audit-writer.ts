import type { Kysely } from 'kysely';
import type { Actor } from '../../core/actor.js';
import type { DB } from '../../db/types.js';
import { AuditRepository } from './audit.repository.js';
import { recordAudit } from './audit.service.js';

/** The request facts an audit row keeps; `impersonatorId` is set by the auth hook on an impersonated request. */
export interface AuditMeta {
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  impersonatorId?: string | null;
}

/** Who did it when there is no signed-in actor yet (sign-in, a reset link) or it is someone else's row (a sweep). */
export interface AuditBy {
  userId: string | null;
  impersonatorId?: string | null;
}

export interface AuditWrite {
  action: string;
  universityId: string | null;
  entityType: string | null;
  entityId: string | null;
  changes?: Record<string, unknown> | null;
  by: Actor | AuditBy;
  /** The object's college, which scopes the row for college admins. Left out: read from the object. */
  collegeId?: string | null;
}

/**
 * The one way to write an audit row. The request's facts and the impersonating operator are filled
 * in here, so no caller can forget them: the operator comes from the request (meta, set by the auth
 * hook) whatever the caller passed, and only an entry written before the request is impersonated
 * (the start of an impersonation) names one itself. The row joins its tenant's hash chain
 * (recordAudit, audit.service.ts).
 */
export async function writeAudit(db: Kysely<DB>, meta: AuditMeta, e: AuditWrite) {
  const own = 'scope' in e.by ? (e.by.impersonator?.id ?? null) : (e.by.impersonatorId ?? null);
  // One primary-key read when the caller does not say, so no service can leave a college admin's
  // rows out of their list by forgetting it.
  const collegeId = e.collegeId !== undefined ? e.collegeId : e.universityId ? await new AuditRepository(db).collegeOf(e.entityType, e.entityId) : null;
  return recordAudit(db, {
    universityId: e.universityId,
    actorId: e.by.userId,
    impersonatorId: meta.impersonatorId ?? own,
    collegeId,
    action: e.action,
    entityType: e.entityType,
    entityId: e.entityId,
    changes: e.changes ?? null,
    ip: meta.ip,
    userAgent: meta.userAgent,
    requestId: meta.requestId,
  });
}
