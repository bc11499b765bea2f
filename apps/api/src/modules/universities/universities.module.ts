import { ZCreateUniversityRequest, ZIdParams, ZSuspendRequest, ZUniversityListQuery, ZUpdateUniversityRequest } from '@bitflow/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { nowDb } from '../../db/time.js';
import type { DB } from '../../db/types.js';
import { AppError } from '../../core/app-error.js';
import { actorOf } from '../../http/auth.js';
import { ok } from '../../http/envelope.js';
import { auditAction } from '../audit/audit-actor.js';
import type { ActorCache } from '../auth/actor-cache.js';
import type { NotificationsService } from '../notifications/notifications.service.js';
import type { ListCache } from '../shared/list-cache.js';
import { applyEquals } from '../shared/list-query.js';
import { TenantResourceRepository } from '../shared/tenant-resource.repository.js';
import { resourceRoutes } from '../shared/tenant-resource.routes.js';
import { TenantResourceService, timestamps } from '../shared/tenant-resource.service.js';

type Create = z.infer<typeof ZCreateUniversityRequest>;
type Update = z.infer<typeof ZUpdateUniversityRequest>;

// Tenants. Creating, suspending and deleting are God Mode permissions; a university owner sees and
// updates only their own (the scope of the `universities` table is its own id).
export function registerUniversities(fastify: FastifyInstance, db: Kysely<DB>, actors: ActorCache, lists: ListCache, notifications: NotificationsService) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const repo = new TenantResourceRepository(db, {
    table: 'universities',
    search: ['name', 'code'],
    cascade: (['colleges', 'departments', 'courses', 'students', 'faculty', 'enrollments'] as const).map((table) => ({ table, column: 'university_id' })),
  });
  const service = new TenantResourceService<Create, Update>(repo, {
    label: 'University',
    auditType: 'university',
    unique: [{ index: 'universities_code', field: 'code', message: 'A university with this code already exists.' }],
    place: async () => ({ status: 'active' }),
    toRow: (body) => body,
    present: (r) => ({
      id: r.id, name: r.name, code: r.code, status: r.status, email: r.email, phone: r.phone, website: r.website, address: r.address,
      country: r.country, timezone: r.timezone, suspended_reason: r.suspended_reason, ...timestamps(r),
    }),
    filter: (qb, q) => applyEquals(qb, 'universities', q, ['status']),
  }, lists);
  resourceRoutes(app, { path: '/api/v1/universities', entity: 'universities', label: 'University', list: ZUniversityListQuery, create: ZCreateUniversityRequest, update: ZUpdateUniversityRequest, service });

  const setStatus = async (id: string, status: 'active' | 'suspended', reason: string | null) => {
    await repo.update({ level: 'platform' }, id, { status, suspended_reason: reason, suspended_at: status === 'suspended' ? nowDb() : null });
    // Cached identities carry the tenant's status: drop them all so the change applies at once.
    await actors.bumpEpoch();
  };
  app.post('/api/v1/universities/:id/suspend', { config: { permission: 'universities.suspend' }, schema: { params: ZIdParams, body: ZSuspendRequest } }, async (req) => {
    const actor = actorOf(req);
    const row = await service.row(actor, req.params.id);
    if (row.status === 'suspended') throw new AppError('CONFLICT', 'This university is already suspended.');
    const reason = req.body.reason;
    await setStatus(row.id, 'suspended', reason);
    await auditAction(db, actor, req.meta, { action: 'universities.suspended', universityId: row.id, entityType: 'university', entityId: row.id, changes: { reason } });
    await notifications.notifyHolders('universities.update', row.id, undefined, null, { type: 'tenant.suspended', title: 'Your university was suspended', body: reason, data: { university_id: row.id } });
    return ok(await service.get(actor, row.id), 'University suspended. Its users can no longer sign in.');
  });
  app.post('/api/v1/universities/:id/reactivate', { config: { permission: 'universities.suspend' }, schema: { params: ZIdParams } }, async (req) => {
    const actor = actorOf(req);
    const row = await service.row(actor, req.params.id);
    if (row.status === 'active') throw new AppError('CONFLICT', 'This university is already active.');
    await setStatus(row.id, 'active', null);
    await auditAction(db, actor, req.meta, { action: 'universities.reactivated', universityId: row.id, entityType: 'university', entityId: row.id });
    return ok(await service.get(actor, row.id), 'University reactivated.');
  });
  return service;
}
