import { ZCreateStudentRequest, ZStudentListQuery, ZUpdateStudentRequest } from '@bitflow/contracts';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.js';
import type { FieldCipher } from '../../platform/crypto/field-encryption.js';
import { EnrollmentsRepository } from '../enrollments/enrollments.repository.js';
import type { ListCache } from '../shared/list-cache.js';
import { personService } from '../shared/person-resource.js';
import { resourceRoutes } from '../shared/tenant-resource.routes.js';

export function registerStudents(app: FastifyInstance, db: Kysely<DB>, cipher: FieldCipher, lists: ListCache) {
  const enrollments = new EnrollmentsRepository(db);
  const service = personService(
    db,
    cipher,
    lists,
    {
      table: 'students', label: 'Student', auditType: 'student', naturalKey: 'admission_number',
      uniqueIndex: 'students_univ_admission', duplicateMessage: 'A student with this admission number already exists.',
      extra: ['program', 'year_of_study', 'admission_date'], numeric: ['year_of_study'],
    },
    {
      cascade: [{ table: 'enrollments', column: 'student_id' }],
      // The student's enrolments were hidden or restored with them: their seats follow.
      afterDeleteOrRestore: (row) => enrollments.recountForStudent(row.id),
    },
  );
  resourceRoutes(app, { path: '/api/v1/students', entity: 'students', label: 'Student', list: ZStudentListQuery, create: ZCreateStudentRequest, update: ZUpdateStudentRequest, service });
  return service;
}
