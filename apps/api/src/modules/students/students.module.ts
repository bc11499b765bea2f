import { ZCreateStudentRequest, ZStudent, ZStudentListQuery, ZUpdateStudentRequest, type Student } from '@bitflow/contracts';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { toIso } from '../../db/time.js';
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
      present: (r, p): Student => ({
        id: r.id, university_id: r.university_id, college_id: r.college_id, department_id: r.department_id,
        admission_number: r.admission_number, first_name: r.first_name, last_name: r.last_name, email: r.email,
        status: r.status as Student['status'], program: r.program, year_of_study: Number(r.year_of_study), admission_date: r.admission_date,
        phone: p.phone, date_of_birth: p.date_of_birth, address: p.address, national_id: p.national_id, personal_data_masked: p.personal_data_masked,
        created_at: toIso(r.created_at), updated_at: toIso(r.updated_at), deleted_at: toIso(r.deleted_at),
      }),
    },
    {
      cascade: [{ table: 'enrollments', column: 'student_id' }],
      // The student's enrolments were hidden or restored with them: their seats follow.
      afterDeleteOrRestore: (row) => enrollments.recountForStudent(row.id),
    },
  );
  resourceRoutes(app, { path: '/api/v1/students', entity: 'students', label: 'Student', names: { one: 'Student', many: 'Students' }, item: ZStudent, list: ZStudentListQuery, create: ZCreateStudentRequest, update: ZUpdateStudentRequest, service });
  return service;
}
