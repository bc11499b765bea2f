import { ZCreateFacultyRequest, ZFacultyListQuery, ZFacultyMember, ZUpdateFacultyRequest, type FacultyMember } from '@bitflow/contracts';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { toIso } from '../../db/time.js';
import type { DB } from '../../db/types.js';
import type { FieldCipher } from '../../platform/crypto/field-encryption.js';
import type { ListCache } from '../shared/list-cache.js';
import { personService } from '../shared/person-resource.js';
import { resourceRoutes } from '../shared/tenant-resource.routes.js';

export function registerFaculty(app: FastifyInstance, db: Kysely<DB>, cipher: FieldCipher, lists: ListCache) {
  const service = personService(db, cipher, lists, {
    table: 'faculty', label: 'Faculty member', auditType: 'faculty', naturalKey: 'employee_id',
    uniqueIndex: 'faculty_univ_employee', duplicateMessage: 'A faculty member with this employee id already exists.',
    present: (r, p): FacultyMember => ({
      id: r.id, university_id: r.university_id, college_id: r.college_id, department_id: r.department_id,
      employee_id: r.employee_id, first_name: r.first_name, last_name: r.last_name, email: r.email,
      status: r.status as FacultyMember['status'], designation: r.designation, employment_type: r.employment_type as FacultyMember['employment_type'], hire_date: r.hire_date,
      phone: p.phone, date_of_birth: p.date_of_birth, address: p.address, national_id: p.national_id, personal_data_masked: p.personal_data_masked,
      created_at: toIso(r.created_at), updated_at: toIso(r.updated_at), deleted_at: toIso(r.deleted_at),
    }),
  });
  resourceRoutes(app, { path: '/api/v1/faculty', entity: 'faculty', label: 'Faculty member', names: { one: 'FacultyMember', many: 'Faculty' }, item: ZFacultyMember, list: ZFacultyListQuery, create: ZCreateFacultyRequest, update: ZUpdateFacultyRequest, service });
  return service;
}
