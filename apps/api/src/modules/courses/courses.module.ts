import { ZCourse, ZCourseListQuery, ZCreateCourseRequest, ZUpdateCourseRequest, type Course } from '@bitflow/contracts';
import type { FastifyInstance } from 'fastify';
import type { Kysely, Selectable } from 'kysely';
import type { z } from 'zod';
import type { DB } from '../../db/types.js';
import { AppError } from '../../core/app-error.js';
import { collegeFor, departmentInCollege } from '../shared/placement.js';
import type { ListCache } from '../shared/list-cache.js';
import { PlacementRepository } from '../shared/placement.repository.js';
import { TenantResourceRepository } from '../shared/tenant-resource.repository.js';
import { resourceRoutes } from '../shared/tenant-resource.routes.js';
import { TenantResourceService, timestamps } from '../shared/tenant-resource.service.js';

type Create = z.infer<typeof ZCreateCourseRequest>;
type Update = z.infer<typeof ZUpdateCourseRequest>;

export function registerCourses(app: FastifyInstance, db: Kysely<DB>, lists: ListCache) {
  const places = new PlacementRepository(db);
  const repo = new TenantResourceRepository(db, { table: 'courses', search: ['code', 'title'], equals: ['status', 'college_id', 'department_id', 'term', 'university_id'], cascade: [{ table: 'enrollments', column: 'course_id' }] });
  const service = new TenantResourceService<Create, Update, Course, Selectable<DB['courses']>>(repo, {
    label: 'Course',
    cacheLists: true,
    auditType: 'course',
    unique: [{ index: 'courses_univ_code', field: 'code', message: 'A course with this code already exists.' }],
    place: async (actor, body) => {
      const at = await collegeFor(places, actor, body.college_id);
      const department_id = body.department_id ? await departmentInCollege(places, actor, body.department_id, at.college_id) : null;
      return { ...at, department_id };
    },
    placeUpdate: async (actor, row, body) => {
      if (body.capacity !== undefined && body.capacity < Number(row.enrolled_count)) {
        throw AppError.validation({ capacity: [`Capacity cannot be below the ${String(row.enrolled_count)} students already enrolled.`] });
      }
      if (!body.department_id) return {};
      return { department_id: await departmentInCollege(places, actor, body.department_id, row.college_id as string) };
    },
    toRow: ({ college_id: _c, department_id: _d, ...rest }: Partial<Create>) => rest,
    present: (r): Course => ({
      id: r.id, university_id: r.university_id, college_id: r.college_id, department_id: r.department_id, code: r.code, title: r.title,
      description: r.description, credits: Number(r.credits), term: r.term, capacity: Number(r.capacity), enrolled_count: Number(r.enrolled_count),
      seats_left: Math.max(0, Number(r.capacity) - Number(r.enrolled_count)), status: r.status as Course['status'], ...timestamps(r),
    }),
  }, lists);
  resourceRoutes(app, { path: '/api/v1/courses', entity: 'courses', label: 'Course', names: { one: 'Course', many: 'Courses' }, item: ZCourse, list: ZCourseListQuery, create: ZCreateCourseRequest, update: ZUpdateCourseRequest, service });
  return service;
}
