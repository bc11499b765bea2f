import { ZCollege, ZCollegeListQuery, ZCreateCollegeRequest, ZUpdateCollegeRequest, type College } from '@bitflow/contracts';
import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import type { Kysely, Selectable } from 'kysely';
import type { DB } from '../../db/types.js';
import type { ListCache } from '../shared/list-cache.js';
import { PlacementRepository } from '../shared/placement.repository.js';
import { universityFor } from '../shared/placement.js';
import { TenantResourceRepository } from '../shared/tenant-resource.repository.js';
import { resourceRoutes } from '../shared/tenant-resource.routes.js';
import { TenantResourceService, timestamps } from '../shared/tenant-resource.service.js';

type Create = z.infer<typeof ZCreateCollegeRequest>;
type Update = z.infer<typeof ZUpdateCollegeRequest>;

export function registerColleges(app: FastifyInstance, db: Kysely<DB>, lists: ListCache) {
  const places = new PlacementRepository(db);
  const repo = new TenantResourceRepository(db, {
    table: 'colleges',
    search: ['name', 'code'],
    equals: ['status', 'university_id'],
    cascade: (['departments', 'courses', 'students', 'faculty', 'enrollments'] as const).map((table) => ({ table, column: 'college_id' })),
  });
  const service = new TenantResourceService<Create, Update, College, Selectable<DB['colleges']>>(repo, {
    label: 'College',
    auditType: 'college',
    unique: [{ index: 'colleges_univ_code', field: 'code', message: 'A college with this code already exists.' }],
    place: async (actor, body) => ({ university_id: await universityFor(places, actor, body.university_id) }),
    toRow: ({ university_id: _u, ...rest }: Partial<Create>) => rest,
    present: (r): College => ({
      id: r.id, university_id: r.university_id, name: r.name, code: r.code, description: r.description, email: r.email,
      phone: r.phone, dean_name: r.dean_name, status: r.status as College['status'], ...timestamps(r),
    }),
  }, lists);
  resourceRoutes(app, { path: '/api/v1/colleges', entity: 'colleges', label: 'College', names: { one: 'College', many: 'Colleges' }, item: ZCollege, list: ZCollegeListQuery, create: ZCreateCollegeRequest, update: ZUpdateCollegeRequest, service });
  return service;
}
