import { sql, type Kysely } from 'kysely';
import { scoped } from '../../db/scope.js';
import type { DB } from '../../db/types.js';
import type { Scope } from '../../core/actor.js';
import { whereAuditScope, type AuditViewer } from '../audit/audit.repository.js';

type Counted = 'colleges' | 'departments' | 'courses' | 'students' | 'faculty' | 'enrollments';

// Aggregates for the dashboard, all through the scope helper. Month buckets use SUBSTR on the
// 'YYYY-MM-DD HH:MM:SS' text form, which both MySQL and SQLite give for our timestamps.
export class DashboardRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async counts(scope: Scope) {
    const tables: Counted[] = ['colleges', 'departments', 'courses', 'students', 'faculty', 'enrollments'];
    const rows = await Promise.all(
      tables.map((t) => scoped(this.db, scope, t).select(sql<number>`count(*)`.as('n')).where(sql.ref(`${t}.deleted_at`), 'is', null).executeTakeFirst()),
    );
    return Object.fromEntries(tables.map((t, i) => [t, Number(rows[i]?.n ?? 0)])) as Record<Counted, number>;
  }

  studentsByStatus(scope: Scope) {
    return scoped(this.db, scope, 'students').select(['students.status as key', sql<number>`count(*)`.as('count')]).where('students.deleted_at', 'is', null).groupBy('students.status').orderBy('count', 'desc').execute();
  }

  // The ten largest departments, counted from the index alone and then named. (Joining first let
  // MariaDB count department by department with row reads: 9 s over 1M students.)
  studentsByDepartment(scope: Scope) {
    const top = scoped(this.db, scope, 'students')
      .select(['students.department_id', sql<number>`count(*)`.as('count')])
      .where('students.deleted_at', 'is', null)
      .groupBy('students.department_id')
      .orderBy('count', 'desc')
      .limit(10)
      .as('top');
    return this.db
      .selectFrom(top)
      .innerJoin('departments', 'departments.id', 'top.department_id')
      .select(['departments.id', 'departments.name', 'top.count'])
      .orderBy('top.count', 'desc')
      .execute();
  }

  enrollmentsByTerm(scope: Scope) {
    return scoped(this.db, scope, 'enrollments').select(['enrollments.term as key', sql<number>`count(*)`.as('count')]).where('enrollments.deleted_at', 'is', null).groupBy('enrollments.term').orderBy('enrollments.term').execute();
  }

  enrollmentsByMonth(scope: Scope, since: string) {
    const month = sql<string>`SUBSTR(${sql.ref('enrollments.enrolled_at')}, 1, 7)`;
    return scoped(this.db, scope, 'enrollments')
      .select([month.as('key'), sql<number>`count(*)`.as('count')])
      .where('enrollments.deleted_at', 'is', null)
      .where('enrollments.enrolled_at', '>=', since)
      .groupBy(month)
      .orderBy(month)
      .execute();
  }

  // The audit trail's own scope rule (a college admin: their colleges' objects and their own
  // actions, no one else's account events, no God Mode rows), not the plain tenant scope.
  recentActivity(viewer: AuditViewer) {
    return this.db
      .selectFrom('audit_logs')
      .where(whereAuditScope(viewer))
      .select(['audit_logs.id', 'audit_logs.action', 'audit_logs.entity_type', 'audit_logs.entity_id', 'audit_logs.actor_id', 'audit_logs.created_at'])
      .where('audit_logs.action', 'not like', 'auth.%')
      .where('audit_logs.action', '!=', 'god_mode.read')
      .orderBy('audit_logs.created_at', 'desc')
      .limit(10)
      .execute();
  }

  /** God Mode: per-tenant usage. Bounded to the largest tenants so it stays cheap at 1,000 tenants. */
  usageByUniversity(limit = 20) {
    return this.db
      .selectFrom('universities')
      .leftJoin(
        // Only the largest `limit` tenants are counted into the join: grouped without a limit,
        // MariaDB split the count per university with row reads (8 s at 1M students); the others
        // fall past the LIMIT below anyway, or have no students.
        this.db.selectFrom('students').select(['university_id', sql<number>`count(*)`.as('students')]).where('deleted_at', 'is', null).groupBy('university_id').orderBy('students', 'desc').limit(limit).as('s'),
        's.university_id',
        'universities.id',
      )
      .leftJoin(
        this.db.selectFrom('users').select(['university_id', sql<number>`count(*)`.as('users')]).where('deleted_at', 'is', null).groupBy('university_id').as('u'),
        'u.university_id',
        'universities.id',
      )
      .select(['universities.id', 'universities.name', 'universities.code', 'universities.status', sql<number>`COALESCE(s.students, 0)`.as('students'), sql<number>`COALESCE(u.users, 0)`.as('users')])
      .where('universities.deleted_at', 'is', null)
      .orderBy('students', 'desc')
      .limit(limit)
      .execute();
  }

  async platformTotals() {
    const [u, active, users] = await Promise.all([
      this.db.selectFrom('universities').select(sql<number>`count(*)`.as('n')).where('deleted_at', 'is', null).executeTakeFirst(),
      this.db.selectFrom('universities').select(sql<number>`count(*)`.as('n')).where('deleted_at', 'is', null).where('status', '=', 'active').executeTakeFirst(),
      this.db.selectFrom('users').select(sql<number>`count(*)`.as('n')).where('deleted_at', 'is', null).executeTakeFirst(),
    ]);
    return { universities: Number(u?.n ?? 0), active_universities: Number(active?.n ?? 0), users: Number(users?.n ?? 0) };
  }
}
