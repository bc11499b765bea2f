import { ZCreateDepartmentRequest, ZDepartment, ZDepartmentListQuery, ZUpdateDepartmentRequest, type Department } from '@bitflow/contracts';
import type { FastifyInstance } from 'fastify';
import type { Kysely, Selectable } from 'kysely';
import type { z } from 'zod';
import type { DB } from '../../db/types.js';
import { collegeFor } from '../shared/placement.js';
import type { ListCache } from '../shared/list-cache.js';
import { PlacementRepository } from '../shared/placement.repository.js';
import { TenantResourceRepository } from '../shared/tenant-resource.repository.js';
import { resourceRoutes } from '../shared/tenant-resource.routes.js';
import { TenantResourceService, timestamps } from '../shared/tenant-resource.service.js';

type Create = z.infer<typeof ZCreateDepartmentRequest>;
type Update = z.infer<typeof ZUpdateDepartmentRequest>;

export function registerDepartments(app: FastifyInstance, db: Kysely<DB>, lists: ListCache) {
  const places = new PlacementRepository(db);
  const repo = new TenantResourceRepository(db, {
    table: 'departments',
    search: ['name', 'code'],
    equals: ['status', 'college_id', 'university_id'],
    cascade: [{ table: 'students', column: 'department_id' }, { table: 'faculty', column: 'department_id' }],
  });
  const service = new TenantResourceService<Create, Update, Department, Selectable<DB['departments']>>(repo, {
    label: 'Department',
    cacheLists: true,
    auditType: 'department',
    unique: [{ index: 'departments_univ_code', field: 'code', message: 'A department with this code already exists.' }],
    place: (actor, body) => collegeFor(places, actor, body.college_id),
    toRow: ({ college_id: _c, ...rest }: Partial<Create>) => rest,
    present: (r): Department => ({
      id: r.id, university_id: r.university_id, college_id: r.college_id, name: r.name, code: r.code, description: r.description,
      head_name: r.head_name, email: r.email, status: r.status as Department['status'], ...timestamps(r),
    }),
  }, lists);
  resourceRoutes(app, { path: '/api/v1/departments', entity: 'departments', label: 'Department', names: { one: 'Department', many: 'Departments' }, item: ZDepartment, list: ZDepartmentListQuery, create: ZCreateDepartmentRequest, update: ZUpdateDepartmentRequest, service });
  return service;
}
