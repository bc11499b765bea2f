import type { FastifyInstance } from 'fastify';
import { toDbTime, toIso } from '../../db/time.js';
import { actorOf } from '../../http/auth.js';
import { ok } from '../../http/envelope.js';
import type { DashboardRepository } from './dashboard.repository.js';

const num = <T extends { count: number }>(rows: T[]) => rows.map((r) => ({ ...r, count: Number(r.count) }));

export function dashboardRoutes(app: FastifyInstance, repo: DashboardRepository) {
  app.get('/api/v1/dashboard', { config: { permission: 'dashboard.view' } }, async (req) => {
    const { scope } = actorOf(req);
    const since = new Date();
    since.setUTCMonth(since.getUTCMonth() - 11, 1);
    since.setUTCHours(0, 0, 0, 0);
    const [counts, byStatus, byDepartment, byTerm, byMonth, recent] = await Promise.all([
      repo.counts(scope),
      repo.studentsByStatus(scope),
      repo.studentsByDepartment(scope),
      repo.enrollmentsByTerm(scope),
      repo.enrollmentsByMonth(scope, toDbTime(since)),
      repo.recentActivity(scope),
    ]);
    const data: Record<string, unknown> = {
      counts,
      students_by_status: num(byStatus),
      students_by_department: num(byDepartment),
      enrollments_by_term: num(byTerm),
      enrollments_by_month: num(byMonth),
      recent_activity: recent.map((r) => ({ ...r, created_at: toIso(r.created_at) })),
    };
    if (scope.level === 'platform') {
      const [platform, usage] = await Promise.all([repo.platformTotals(), repo.usageByUniversity()]);
      data.platform = { ...platform, top_universities: usage.map((u) => ({ ...u, students: Number(u.students), users: Number(u.users) })) };
    }
    return ok(data);
  });
}
