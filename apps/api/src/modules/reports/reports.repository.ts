import type { ReportParameters } from '@bitflow/contracts';
import { sql, type Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { keysetPages, paginate } from '../../db/paginate.js';
import { inScope, scoped } from '../../db/scope.js';
import { nowDb } from '../../db/time.js';
import type { DB } from '../../db/types.js';
import type { Scope } from '../../core/actor.js';
import { applyDateRange } from '../shared/list-query.js';

const PAGE = 1000;

// Report rows, and the tenant-scoped data each report type reads. Large reads come in keyset
// pages of 1,000 rows so a 100,000-student roster never sits in memory at once.
export class ReportsRepository {
  // Readable so report types whose rows live in another module (compliance) read through its repository.
  constructor(readonly db: Kysely<DB>) {}

  async create(r: { universityId: string | null; collegeId: string | null; requestedBy: string | null; type: string; format: string; parameters: ReportParameters; scheduledReportId?: string }) {
    const id = uuidv7();
    const now = nowDb();
    await this.db
      .insertInto('reports')
      .values({ id, university_id: r.universityId, college_id: r.collegeId, requested_by: r.requestedBy, type: r.type, format: r.format, parameters: JSON.stringify(r.parameters), status: 'generating', scheduled_report_id: r.scheduledReportId ?? null, created_at: now, updated_at: now })
      .execute();
    return id;
  }

  /** `hidden`: types the caller may not see, which then look like a missing id. */
  get(scope: Scope, id: string, hidden: string[] = []) {
    let qb = scoped(this.db, scope, 'reports').selectAll().where('reports.id', '=', id);
    if (hidden.length) qb = qb.where('reports.type', 'not in', hidden);
    return qb.executeTakeFirst();
  }

  byId(id: string) {
    return this.db.selectFrom('reports').selectAll().where('id', '=', id).executeTakeFirst();
  }

  list(scope: Scope, q: { page: number; per_page: number; status?: string; type?: string; hidden?: string[] }) {
    let qb = scoped(this.db, scope, 'reports').selectAll();
    if (q.hidden?.length) qb = qb.where('reports.type', 'not in', q.hidden);
    if (q.status) qb = qb.where('reports.status', '=', q.status);
    if (q.type) qb = qb.where('reports.type', '=', q.type);
    return paginate(qb.orderBy('reports.created_at', 'desc').orderBy('reports.id', 'desc'), q.page, q.per_page);
  }

  async complete(id: string, f: { storageKey: string; size: number; rows: number }) {
    const now = nowDb();
    const r = await this.db
      .updateTable('reports')
      .set({ status: 'completed', storage_key: f.storageKey, file_size: f.size, row_count: f.rows, completed_at: now, updated_at: now, error: null })
      .where('id', '=', id)
      .where('status', '=', 'generating')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async fail(id: string, reason: string) {
    await this.db.updateTable('reports').set({ status: 'failed', error: reason.slice(0, 1000), updated_at: nowDb() }).where('id', '=', id).where('status', '=', 'generating').execute();
  }

  async generatingIds() {
    return (await this.db.selectFrom('reports').select('id').where('status', '=', 'generating').execute()).map((r) => r.id);
  }

  universityName(id: string | null) {
    return id ? this.db.selectFrom('universities').select(['name', 'code']).where('id', '=', id).executeTakeFirst() : Promise.resolve(undefined);
  }

  students(scope: Scope, p: ReportParameters) {
    return keysetPages((after) => {
      let qb = this.db
        .selectFrom('students')
        .innerJoin('departments', 'departments.id', 'students.department_id')
        .select(['students.id', 'students.admission_number', 'students.first_name', 'students.last_name', 'departments.name as department', 'students.program', 'students.year_of_study', 'students.status'])
        .where(inScope(scope, 'students'))
        .where('students.deleted_at', 'is', null)
        .where('students.id', '>', after);
      if (p.college_ids?.length) qb = qb.where('students.college_id', 'in', p.college_ids);
      if (p.department_ids?.length) qb = qb.where('students.department_id', 'in', p.department_ids);
      if (p.status) qb = qb.where('students.status', '=', p.status);
      return applyDateRange(qb, 'students.created_at', p.from, p.to).orderBy('students.id').limit(PAGE).execute();
    });
  }

  faculty(scope: Scope, p: ReportParameters) {
    return keysetPages((after) => {
      let qb = this.db
        .selectFrom('faculty')
        .innerJoin('departments', 'departments.id', 'faculty.department_id')
        .select(['faculty.id', 'faculty.employee_id', 'faculty.first_name', 'faculty.last_name', 'departments.name as department', 'faculty.designation', 'faculty.email', 'faculty.status'])
        .where(inScope(scope, 'faculty'))
        .where('faculty.deleted_at', 'is', null)
        .where('faculty.id', '>', after);
      if (p.college_ids?.length) qb = qb.where('faculty.college_id', 'in', p.college_ids);
      if (p.department_ids?.length) qb = qb.where('faculty.department_id', 'in', p.department_ids);
      if (p.status) qb = qb.where('faculty.status', '=', p.status);
      return qb.orderBy('faculty.id').limit(PAGE).execute();
    });
  }

  enrollmentSummary(scope: Scope, p: ReportParameters) {
    const count = (status: string) => sql<number>`SUM(CASE WHEN ${sql.ref('enrollments.status')} = ${status} AND ${sql.ref('enrollments.deleted_at')} IS NULL THEN 1 ELSE 0 END)`;
    let qb = this.db
      .selectFrom('courses')
      .leftJoin('enrollments', 'enrollments.course_id', 'courses.id')
      .select(['courses.code', 'courses.title', 'courses.term', 'courses.capacity', count('enrolled').as('enrolled'), count('completed').as('completed'), count('dropped').as('dropped')])
      .where(inScope(scope, 'courses'))
      .where('courses.deleted_at', 'is', null)
      .groupBy(['courses.id', 'courses.code', 'courses.title', 'courses.term', 'courses.capacity']);
    if (p.term) qb = qb.where('courses.term', '=', p.term);
    if (p.college_ids?.length) qb = qb.where('courses.college_id', 'in', p.college_ids);
    return qb.orderBy('courses.term').orderBy('courses.code').execute();
  }

  departmentStatistics(scope: Scope, p: ReportParameters) {
    const sub = (t: 'students' | 'faculty' | 'courses') =>
      sql<number>`(SELECT COUNT(*) FROM ${sql.table(t)} WHERE ${sql.ref(`${t}.department_id`)} = ${sql.ref('departments.id')} AND ${sql.ref(`${t}.deleted_at`)} IS NULL)`;
    let qb = this.db
      .selectFrom('departments')
      .innerJoin('colleges', 'colleges.id', 'departments.college_id')
      .select(['colleges.name as college', 'departments.name', 'departments.code', sub('students').as('students'), sub('faculty').as('faculty'), sub('courses').as('courses')])
      .where(inScope(scope, 'departments'))
      .where('departments.deleted_at', 'is', null);
    if (p.college_ids?.length) qb = qb.where('departments.college_id', 'in', p.college_ids);
    return qb.orderBy('colleges.name').orderBy('departments.name').execute();
  }

  platformUsage() {
    const sub = (t: 'students' | 'faculty' | 'courses' | 'users') =>
      sql<number>`(SELECT COUNT(*) FROM ${sql.table(t)} WHERE ${sql.ref(`${t}.university_id`)} = ${sql.ref('universities.id')} AND ${sql.ref(`${t}.deleted_at`)} IS NULL)`;
    return this.db
      .selectFrom('universities')
      .select(['universities.name', 'universities.code', 'universities.status', sub('students').as('students'), sub('faculty').as('faculty'), sub('courses').as('courses'), sub('users').as('users')])
      .where('universities.deleted_at', 'is', null)
      .orderBy('universities.name')
      .execute();
  }
}
