import type { FastifyRequest } from 'fastify';
import type { Actor } from '../../core/actor.js';
import { GOD_MODE_READ } from './audit.repository.js';
import type { AuditWrite } from './audit-writer.js';

// Every God Mode read of tenant data keeps its own chained row (who, route, url, tenant, when), so
// the trail stays complete and each read is verifiable; what keeps them from flooding the list is
// reading them grouped (AuditRepository.readSummary) and the list leaving them out unless asked.
// Coalescing reads into one row per window was the alternative: a chained row cannot be updated,
// so the count would live in memory until the window closes — lost on a crash, i.e. reads served
// without their audit.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The tenant a read names: `?university_id=`, or the id of /universities/:id. */
function tenantOf(req: FastifyRequest): string | null {
  const q = (req.query ?? {}) as Record<string, unknown>;
  if (typeof q.university_id === 'string' && UUID.test(q.university_id)) return q.university_id;
  const p = (req.params ?? {}) as Record<string, unknown>;
  if (req.routeOptions.url?.startsWith('/api/v1/universities/:id') && typeof p.id === 'string' && UUID.test(p.id)) return p.id;
  return null;
}

/** The audit entry of one God Mode read; the route goes in entity_id, which the summary groups by. */
export function godModeReadEntry(req: FastifyRequest, operator: Actor): AuditWrite {
  const route = req.routeOptions.url ?? null;
  return {
    universityId: null,
    by: operator,
    collegeId: null,
    action: GOD_MODE_READ,
    entityType: 'route',
    entityId: route,
    changes: { route, url: req.url.slice(0, 500), university_id: tenantOf(req) },
  };
}
