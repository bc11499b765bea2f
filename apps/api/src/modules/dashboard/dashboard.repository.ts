import { sql, type Kysely } from 'kysely';
import { scoped } from '../../db/scope.js';
import type { DB } from '../../db/types.js';
import type { Scope } from '../../core/actor.js';
import { whereAuditScope, type AuditViewer } from '../audit/audit.repository.js';

export interface CounterRow {
  metric: string;
  bucket: string;
  n: number;
}

// The dashboard's figures from the maintained counters (dashboard-counts.ts, migration 015), all
// through the scope helper: a tenant's few hundred counter rows summed by metric and bucket, instead
// of grouping its students and enrolments on every read.
export class DashboardRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** Every counter of the scope, summed over its colleges; months before `sinceMonth` left out. */
  async counters(scope: Scope, sinceMonth: string): Promise<CounterRow[]> {
    const rows = await scoped(this.db, scope, 'dashboard_counts')
      .select(['dashboard_counts.metric', 'dashboard_counts.bucket', sql<number>`SUM(${sql.ref('dashboard_counts.n')})`.as('n')])
      .where((eb) => eb.or([eb('dashboard_counts.metric', '!=', 'enrollment_month'), eb('dashboard_counts.bucket', '>=', sinceMonth)]))
      .groupBy(['dashboard_counts.metric', 'dashboard_counts.bucket'])
      .execute();
    return rows.map((r) => ({ metric: r.metric, bucket: r.bucket, n: Number(r.n) })).filter((r) => r.n !== 0);
  }

  /** Names of the departments shown (by id: already the scope's, from its counters). */
  departmentNames(ids: string[]) {
    if (!ids.length) return Promise.resolve([]);
    return this.db.selectFrom('departments').select(['departments.id', 'departments.name']).where('departments.id', 'in', ids).execute();
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

  /** God Mode: the largest tenants by live students (from the counters), then their users counted. */
  usageByUniversity(limit = 20) {
    const students = this.db
      .selectFrom('dashboard_counts')
      .select(['dashboard_counts.university_id', sql<number>`SUM(${sql.ref('dashboard_counts.n')})`.as('students')])
      .where('dashboard_counts.metric', '=', 'student_status')
      .groupBy('dashboard_counts.university_id')
      .as('s');
    const top = this.db
      .selectFrom('universities')
      .leftJoin(students, 's.university_id', 'universities.id')
      .select(['universities.id', 'universities.name', 'universities.code', 'universities.status', sql<number>`COALESCE(${sql.ref('s.students')}, 0)`.as('students')])
      .where('universities.deleted_at', 'is', null)
      .orderBy('students', 'desc')
      .orderBy('universities.id')
      .limit(limit)
      .as('top');
    return this.db
      .selectFrom(top)
      .select([
        'top.id', 'top.name', 'top.code', 'top.status', 'top.students',
        sql<number>`(SELECT COUNT(*) FROM users WHERE ${sql.ref('users.university_id')} = ${sql.ref('top.id')} AND ${sql.ref('users.deleted_at')} IS NULL)`.as('users'),
      ])
      .orderBy('top.students', 'desc')
      .orderBy('top.id')
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
