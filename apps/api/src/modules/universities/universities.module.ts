import { ZCreateUniversityRequest, ZIdParams, ZSuspendRequest, ZUniversity, ZUniversityEnvelope, ZUniversityListQuery, ZUpdateUniversityRequest, type University } from '@bitflow/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Kysely, Selectable } from 'kysely';
import type { z } from 'zod';
import type { DB } from '../../db/types.js';
import { actorOf } from '../../http/auth.js';
import { ok } from '../../http/envelope.js';
import type { ActorCache } from '../auth/actor-cache.js';
import type { NotificationsService } from '../notifications/notifications.service.js';
import type { ListCache } from '../shared/list-cache.js';
import { TenantResourceRepository } from '../shared/tenant-resource.repository.js';
import { resourceRoutes } from '../shared/tenant-resource.routes.js';
import { TenantResourceService, timestamps } from '../shared/tenant-resource.service.js';
import { UniversityStatusService } from './university-status.service.js';

type Create = z.infer<typeof ZCreateUniversityRequest>;
type Update = z.infer<typeof ZUpdateUniversityRequest>;

// Tenants. Creating, suspending and deleting are God Mode permissions; a university owner sees and
// updates only their own (the scope of the `universities` table is its own id).
export function registerUniversities(fastify: FastifyInstance, db: Kysely<DB>, actors: ActorCache, lists: ListCache, notifications: NotificationsService) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const repo = new TenantResourceRepository(db, {
    table: 'universities',
    search: ['name', 'code'],
    equals: ['status'],
    cascade: (['colleges', 'departments', 'courses', 'students', 'faculty', 'enrollments'] as const).map((table) => ({ table, column: 'university_id' })),
  });
  const service = new TenantResourceService<Create, Update, University, Selectable<DB['universities']>>(repo, {
    label: 'University',
    auditType: 'university',
    unique: [{ index: 'universities_code', field: 'code', message: 'A university with this code already exists.' }],
    place: async () => ({ status: 'active' }),
    toRow: (body) => body,
    present: (r): University => ({
      id: r.id, name: r.name, code: r.code, status: r.status as University['status'], email: r.email, phone: r.phone, website: r.website, address: r.address,
      country: r.country, timezone: r.timezone, suspended_reason: r.suspended_reason, ...timestamps(r),
    }),
  }, lists);
  resourceRoutes(app, { path: '/api/v1/universities', entity: 'universities', label: 'University', names: { one: 'University', many: 'Universities' }, item: ZUniversity, list: ZUniversityListQuery, create: ZCreateUniversityRequest, update: ZUpdateUniversityRequest, service });

  const status = new UniversityStatusService(db, repo, service, actors, notifications);
  app.post(
    '/api/v1/universities/:id/suspend',
    { config: { permission: 'universities.suspend' }, schema: { operationId: 'suspendUniversity', summary: 'Suspend a university (God Mode)', params: ZIdParams, body: ZSuspendRequest, response: { 200: ZUniversityEnvelope } } },
    async (req) => ok(await status.suspend(actorOf(req), req.params.id, req.body.reason, req.meta), 'University suspended. Its users can no longer sign in.'),
  );
  app.post(
    '/api/v1/universities/:id/reactivate',
    { config: { permission: 'universities.suspend' }, schema: { operationId: 'reactivateUniversity', summary: 'Reactivate a suspended university (God Mode)', params: ZIdParams, response: { 200: ZUniversityEnvelope } } },
    async (req) => ok(await status.reactivate(actorOf(req), req.params.id, req.meta), 'University reactivated.'),
  );
  return service;
}
