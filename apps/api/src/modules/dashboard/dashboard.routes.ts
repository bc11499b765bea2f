import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { toDbTime, toIso } from '../../db/time.js';
import { actorOf } from '../../http/auth.js';
import { ok } from '../../http/envelope.js';
import type { ListCache } from '../shared/list-cache.js';
import type { DashboardRepository } from './dashboard.repository.js';

const num = <T extends { count: number }>(rows: T[]) => rows.map((r) => ({ ...r, count: Number(r.count) }));

// The aggregates scan the whole tenant (400,000 enrolment rows in the largest one), so a tenant's
// figures are cached under its academic-data version: any write through the API makes the next read
// recompute them; otherwise they live at most the cache's TTL. Recent activity is always read fresh.
export function dashboardRoutes(fastify: FastifyInstance, repo: DashboardRepository, lists?: ListCache) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get('/api/v1/dashboard', { config: { permission: 'dashboard.view' } }, async (req) => {
    const { scope } = actorOf(req);
    const since = new Date();
    since.setUTCMonth(since.getUTCMonth() - 11, 1);
    since.setUTCHours(0, 0, 0, 0);
    const sinceDb = toDbTime(since);
    type Aggregates = Record<'counts' | 'students_by_status' | 'students_by_department' | 'enrollments_by_term' | 'enrollments_by_month', unknown>;
    const aggregates = async (): Promise<Aggregates> => {
      const [counts, byStatus, byDepartment, byTerm, byMonth] = await Promise.all([
        repo.counts(scope),
        repo.studentsByStatus(scope),
        repo.studentsByDepartment(scope),
        repo.enrollmentsByTerm(scope),
        repo.enrollmentsByMonth(scope, sinceDb),
      ]);
      return { counts, students_by_status: num(byStatus), students_by_department: num(byDepartment), enrollments_by_term: num(byTerm), enrollments_by_month: num(byMonth) };
    };
    const [entry, recent] = await Promise.all([lists?.entry<Aggregates>(scope, 'dashboard', { since: sinceDb }, { stayOnReplica: true }), repo.recentActivity(actorOf(req))]);
    // Cached per scope and data version, computed once for the requests that miss it together and
    // again ahead of expiry (ListCache.share); God Mode computes every time.
    const figures = entry?.share ? await entry.share(aggregates) : await aggregates();
    const data: Record<string, unknown> = { ...figures, recent_activity: recent.map((r) => ({ ...r, created_at: toIso(r.created_at) })) };
    if (scope.level === 'platform') {
      const [platform, usage] = await Promise.all([repo.platformTotals(), repo.usageByUniversity()]);
      data.platform = { ...platform, top_universities: usage.map((u) => ({ ...u, students: Number(u.students), users: Number(u.users) })) };
    }
    return ok(data);
  });
}
