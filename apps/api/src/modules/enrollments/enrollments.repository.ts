import { sql, type Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { isUniqueViolation } from '../../db/errors.js';
import { paginate } from '../../db/paginate.js';
import { inScope } from '../../db/scope.js';
import { nowDb } from '../../db/time.js';
import type { DB } from '../../db/types.js';
import type { Scope } from '../../core/actor.js';
import { countInserted, rowsWhere, withCounts } from '../dashboard/dashboard-counts.js';
import { applySort, applyTrashed } from '../shared/list-query.js';

export type EnrollOutcome = { ok: true; id: string } | { ok: false; reason: 'full' | 'duplicate' };

// Seats are taken with one conditional UPDATE on the course row (enrolled_count < capacity) inside
// the enrolment's transaction: the row lock serialises concurrent enrolments, so capacity holds
// exactly, and a duplicate enrolment rolls the seat back with it.
export class EnrollmentsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  private base(scope: Scope) {
    return this.db
      .selectFrom('enrollments')
      .innerJoin('students', 'students.id', 'enrollments.student_id')
      .innerJoin('courses', 'courses.id', 'enrollments.course_id')
      .select([
        'enrollments.id', 'enrollments.university_id', 'enrollments.college_id', 'enrollments.student_id', 'enrollments.course_id',
        'enrollments.term', 'enrollments.status', 'enrollments.grade', 'enrollments.enrolled_at', 'enrollments.created_at',
        'enrollments.updated_at', 'enrollments.deleted_at', 'students.first_name', 'students.last_name', 'students.admission_number',
        'courses.code as course_code', 'courses.title as course_title', 'courses.credits',
      ])
      .where(inScope(scope, 'enrollments'));
  }

  async list(scope: Scope, by: { studentId?: string; courseId?: string }, q: { page: number; per_page: number; status?: string; term?: string; sort: string; trashed?: 'only' | 'with' }) {
    let qb = applyTrashed(this.base(scope), 'enrollments', q.trashed);
    if (by.studentId) qb = qb.where('enrollments.student_id', '=', by.studentId);
    if (by.courseId) qb = qb.where('enrollments.course_id', '=', by.courseId);
    if (q.status) qb = qb.where('enrollments.status', '=', q.status);
    if (q.term) qb = qb.where('enrollments.term', '=', q.term);
    return paginate(applySort(qb, 'enrollments', q.sort), q.page, q.per_page);
  }

  get(scope: Scope, id: string) {
    return this.base(scope).where('enrollments.id', '=', id).where('enrollments.deleted_at', 'is', null).executeTakeFirst();
  }

  private takeSeat(trx: Kysely<DB>, courseId: string) {
    return trx
      .updateTable('courses')
      .set({ enrolled_count: sql`enrolled_count + 1` })
      .where('id', '=', courseId)
      .where('deleted_at', 'is', null)
      .where(sql.ref('enrolled_count'), '<', sql.ref('capacity'))
      .executeTakeFirst();
  }

  private async freeSeat(trx: Kysely<DB>, courseId: string) {
    await trx.updateTable('courses').set({ enrolled_count: sql`CASE WHEN enrolled_count > 0 THEN enrolled_count - 1 ELSE 0 END` }).where('id', '=', courseId).execute();
  }

  async enroll(e: { universityId: string; collegeId: string; studentId: string; courseId: string; term: string }): Promise<EnrollOutcome> {
    const id = uuidv7();
    try {
      return await this.db.transaction().execute(async (trx) => {
        const seat = await this.takeSeat(trx, e.courseId);
        if (Number(seat.numUpdatedRows) !== 1) return { ok: false as const, reason: 'full' as const };
        const now = nowDb();
        const row = { id, university_id: e.universityId, college_id: e.collegeId, student_id: e.studentId, course_id: e.courseId, term: e.term, status: 'enrolled', enrolled_at: now, created_at: now, updated_at: now };
        await trx.insertInto('enrollments').values(row).execute();
        // The dashboard's counters, in the same transaction (dashboard-counts.ts): from the values, with
        // no read, while this enrolment holds the course's row lock.
        await countInserted(trx, 'enrollments', [row]);
        return { ok: true as const, id };
      });
    } catch (err) {
      if (isUniqueViolation(err)) return { ok: false, reason: 'duplicate' };
      throw err;
    }
  }

  /** Status change that frees or takes a seat; returns false when re-enrolling into a full course. */
  async setStatus(id: string, courseId: string, from: string, to: string, grade: string | null | undefined): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      if (from === 'enrolled' && to !== 'enrolled') await this.freeSeat(trx, courseId);
      if (from !== 'enrolled' && to === 'enrolled' && Number((await this.takeSeat(trx, courseId)).numUpdatedRows) !== 1) return false;
      await trx.updateTable('enrollments').set({ status: to, updated_at: nowDb(), ...(grade !== undefined ? { grade } : {}) }).where('id', '=', id).execute();
      return true;
    });
  }

  async softDelete(id: string, courseId: string, wasEnrolled: boolean) {
    await withCounts(this.db, [rowsWhere('enrollments', 'id', id)], async (trx) => {
      await trx.updateTable('enrollments').set({ deleted_at: nowDb() }).where('id', '=', id).execute();
      if (wasEnrolled) await this.freeSeat(trx, courseId);
    });
  }

  /** Recomputes seats after bulk changes (a student deleted or restored with their enrolments). */
  async recountForStudent(studentId: string) {
    const courses = await this.db.selectFrom('enrollments').select('course_id').distinct().where('student_id', '=', studentId).execute();
    for (const { course_id } of courses) {
      await this.db
        .updateTable('courses')
        .set({
          enrolled_count: (eb) =>
            eb.selectFrom('enrollments').select((e) => e.fn.countAll<number>().as('n')).where('course_id', '=', course_id).where('status', '=', 'enrolled').where('deleted_at', 'is', null),
        })
        .where('id', '=', course_id)
        .execute();
    }
  }
}
