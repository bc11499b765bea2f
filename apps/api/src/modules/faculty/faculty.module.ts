import { ZCreateFacultyRequest, ZFacultyListQuery, ZUpdateFacultyRequest } from '@bitflow/contracts';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.js';
import type { FieldCipher } from '../../platform/crypto/field-encryption.js';
import type { ListCache } from '../shared/list-cache.js';
import { personService } from '../shared/person-resource.js';
import { resourceRoutes } from '../shared/tenant-resource.routes.js';

export function registerFaculty(app: FastifyInstance, db: Kysely<DB>, cipher: FieldCipher, lists: ListCache) {
  const service = personService(db, cipher, lists, {
    table: 'faculty', label: 'Faculty member', auditType: 'faculty', naturalKey: 'employee_id',
    uniqueIndex: 'faculty_univ_employee', duplicateMessage: 'A faculty member with this employee id already exists.',
    extra: ['designation', 'employment_type', 'hire_date'],
  });
  resourceRoutes(app, { path: '/api/v1/faculty', entity: 'faculty', label: 'Faculty member', list: ZFacultyListQuery, create: ZCreateFacultyRequest, update: ZUpdateFacultyRequest, service });
  return service;
}
