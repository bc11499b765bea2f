import type { Enrollment } from '@bitflow/contracts';
import type { Kysely } from 'kysely';
import { toIso } from '../../db/time.js';
import type { DB } from '../../db/types.js';
import { AppError } from '../../core/app-error.js';
import type { Actor, RequestMeta } from '../../core/actor.js';
import { writeAudit } from '../audit/audit-writer.js';
import type { NotificationsService } from '../notifications/notifications.service.js';
import type { ListCache } from '../shared/list-cache.js';
import type { PlacementRepository } from '../shared/placement.repository.js';
import type { EnrollmentsRepository } from './enrollments.repository.js';

type ListQ = Parameters<EnrollmentsRepository['list']>[2];
type EnrollmentRow = NonNullable<Awaited<ReturnType<EnrollmentsRepository['get']>>>;

const present = (r: EnrollmentRow): Enrollment => ({
  id: r.id, university_id: r.university_id, college_id: r.college_id, student_id: r.student_id, course_id: r.course_id,
  term: r.term, status: r.status as Enrollment['status'], grade: r.grade, enrolled_at: toIso(r.enrolled_at),
  student: { first_name: r.first_name, last_name: r.last_name, admission_number: r.admission_number },
  course: { code: r.course_code, title: r.course_title, credits: Number(r.credits) },
  created_at: toIso(r.created_at), updated_at: toIso(r.updated_at), deleted_at: toIso(r.deleted_at),
});

// The seed's enrolment flow: a student (in scope) joins a course of their university (in scope)
// for the course's term — once per term, and never past the course's capacity.
export class EnrollmentsService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly repo: EnrollmentsRepository,
    private readonly places: PlacementRepository,
    private readonly lists: ListCache,
    private readonly notifications: NotificationsService,
  ) {}

  private async student(actor: Actor, id: string) {
    const s = await this.places.student(actor.scope, id);
    if (!s) throw AppError.notFound('Student');
    return s;
  }

  async listForStudent(actor: Actor, studentId: string, q: ListQ) {
    await this.student(actor, studentId);
    const { items, total } = await this.repo.list(actor.scope, { studentId }, q);
    return { items: items.map(present), total };
  }

  async listForCourse(actor: Actor, courseId: string, q: ListQ) {
    if (!(await this.places.course(actor.scope, courseId))) throw AppError.notFound('Course');
    const { items, total } = await this.repo.list(actor.scope, { courseId }, q);
    return { items: items.map(present), total };
  }

  async get(actor: Actor, id: string) {
    const row = await this.repo.get(actor.scope, id);
    if (!row) throw AppError.notFound('Enrollment');
    return row;
  }

  async enroll(actor: Actor, studentId: string, courseId: string, meta: RequestMeta) {
    const student = await this.student(actor, studentId);
    const course = await this.places.course(actor.scope, courseId);
    if (!course || course.university_id !== student.university_id) throw AppError.validation({ course_id: ['The selected course does not exist.'] });
    if (course.status !== 'active') throw AppError.validation({ course_id: ['This course is not open for enrolment.'] });
    if (student.status !== 'active') throw AppError.validation({ student_id: ['Only active students can enrol.'] });
    const out = await this.repo.enroll({ universityId: student.university_id, collegeId: course.college_id, studentId, courseId, term: course.term });
    if (!out.ok && out.reason === 'full') throw AppError.conflict('course_id', 'This course is full.', 'CAPACITY_REACHED');
    if (!out.ok) throw AppError.conflict('course_id', 'The student is already enrolled in this course for this term.');
    await this.lists.bump(student.university_id); // seats shown in course lists changed
    await this.notifications.notifyHolders('enrollments.view', student.university_id, course.college_id, actor.userId, {
      type: 'enrollment.created', title: 'New enrolment', body: `A student enrolled in a course for ${course.term}.`, data: { enrollment_id: out.id, course_id: courseId, student_id: studentId },
    });
    await writeAudit(this.db, meta, { by: actor, action: 'enrollments.created', universityId: student.university_id, entityType: 'enrollment', entityId: out.id, changes: { student_id: studentId, course_id: courseId, term: course.term } });
    return present((await this.repo.get(actor.scope, out.id))!);
  }

  async update(actor: Actor, id: string, body: { status?: string; grade?: string | null }, meta: RequestMeta) {
    const row = await this.get(actor, id);
    const to = body.status ?? row.status;
    if (!(await this.repo.setStatus(id, row.course_id, row.status, to, body.grade))) throw AppError.conflict('status', 'This course is full.', 'CAPACITY_REACHED');
    await this.lists.bump(row.university_id);
    await writeAudit(this.db, meta, { by: actor, action: 'enrollments.updated', universityId: row.university_id, entityType: 'enrollment', entityId: id, changes: body });
    return present((await this.repo.get(actor.scope, id))!);
  }

  async delete(actor: Actor, id: string, meta: RequestMeta) {
    const row = await this.get(actor, id);
    await this.repo.softDelete(id, row.course_id, row.status === 'enrolled');
    await this.lists.bump(row.university_id);
    await writeAudit(this.db, meta, { by: actor, action: 'enrollments.deleted', universityId: row.university_id, entityType: 'enrollment', entityId: id });
  }
}
