import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.js';
import type { Actor, RequestMeta } from '../../core/actor.js';
import { AuditRepository } from './audit.repository.js';
import { recordAudit, type AuditEntry } from './audit.service.js';

type RequestEntry = Omit<AuditEntry, 'ip' | 'userAgent' | 'requestId' | 'impersonatorId'> & { impersonatorId?: string | null };

/**
 * An audit entry with the request's facts. The impersonating operator comes from the request (the
 * auth hook puts it on `meta`), so a row written during an impersonated session carries it whatever
 * the caller passed; an entry names one itself only when the request is not yet impersonated (the
 * start of an impersonation).
 */
export function withRequest(meta: RequestMeta, e: RequestEntry): AuditEntry {
  return { ...e, impersonatorId: meta.impersonatorId ?? e.impersonatorId ?? null, ip: meta.ip, userAgent: meta.userAgent, requestId: meta.requestId };
}

// What a service calls after a mutation: the actor, the impersonating operator (if any), the
// object's college and the request facts are filled in here so no call site can forget them.
export async function auditAction(
  db: Kysely<DB>,
  actor: Actor,
  meta: RequestMeta,
  e: { action: string; universityId: string | null; entityType: string; entityId: string | null; changes?: Record<string, unknown> | null; collegeId?: string | null },
) {
  // Read from the object when the caller does not say: one primary-key read, and no service can
  // leave a college admin's rows out of their list by forgetting it.
  const collegeId = e.collegeId !== undefined ? e.collegeId : e.universityId ? await new AuditRepository(db).collegeOf(e.entityType, e.entityId) : null;
  return recordAudit(db, withRequest(meta, { ...e, collegeId, actorId: actor.userId, impersonatorId: actor.impersonator?.id ?? null }));
}
