import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.js';
import type { Actor, RequestMeta } from '../../http/actor.js';
import { recordAudit } from './audit.service.js';

// What a service calls after a mutation: the actor, the impersonating operator (if any) and the
// request facts are filled in here so no call site can forget them.
export function auditAction(
  db: Kysely<DB>,
  actor: Actor,
  meta: RequestMeta,
  e: { action: string; universityId: string | null; entityType: string; entityId: string | null; changes?: Record<string, unknown> | null },
) {
  return recordAudit(db, {
    universityId: e.universityId,
    actorId: actor.userId,
    impersonatorId: actor.impersonator?.id ?? null,
    action: e.action,
    entityType: e.entityType,
    entityId: e.entityId,
    changes: e.changes ?? null,
    ip: meta.ip,
    userAgent: meta.userAgent,
    requestId: meta.requestId,
  });
}
