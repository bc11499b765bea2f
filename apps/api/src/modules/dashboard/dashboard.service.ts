import type { Dashboard, DashboardPlatform, University } from '@bitflow/contracts';
import type { Actor } from '../../core/actor.js';
import { toDbTime, toIso } from '../../db/time.js';
import type { ListCache } from '../shared/list-cache.js';
import type { DashboardRepository } from './dashboard.repository.js';

type Aggregates = Pick<Dashboard, 'counts' | 'students_by_status' | 'students_by_department' | 'enrollments_by_term' | 'enrollments_by_month'>;

const num = <T extends { count: number }>(rows: T[]) => rows.map((r) => ({ ...r, count: Number(r.count) }));

// The aggregates scan the whole tenant (400,000 enrolment rows in the largest one), so a tenant's
// figures are cached under its academic-data version: any write through the API makes the next read
// recompute them; otherwise they live at most the cache's TTL. Recent activity is always read fresh.
export class DashboardService {
  constructor(
    private readonly repo: DashboardRepository,
    private readonly lists?: ListCache,
  ) {}

  /** The caller's scope in figures; God Mode also gets the platform totals and the largest tenants. */
  async overview(actor: Actor): Promise<Dashboard> {
    const { scope } = actor;
    const since = new Date();
    since.setUTCMonth(since.getUTCMonth() - 11, 1);
    since.setUTCHours(0, 0, 0, 0);
    const sinceDb = toDbTime(since);
    const aggregates = async (): Promise<Aggregates> => {
      const [counts, byStatus, byDepartment, byTerm, byMonth] = await Promise.all([
        this.repo.counts(scope),
        this.repo.studentsByStatus(scope),
        this.repo.studentsByDepartment(scope),
        this.repo.enrollmentsByTerm(scope),
        this.repo.enrollmentsByMonth(scope, sinceDb),
      ]);
      return { counts, students_by_status: num(byStatus), students_by_department: num(byDepartment), enrollments_by_term: num(byTerm), enrollments_by_month: num(byMonth) };
    };
    const [entry, recent] = await Promise.all([this.lists?.entry<Aggregates>(scope, 'dashboard', { since: sinceDb }, { stayOnReplica: true }), this.repo.recentActivity(actor)]);
    // Cached per scope and data version, computed once for the requests that miss it together and
    // again ahead of expiry (ListCache.share); God Mode computes every time.
    const figures = entry?.share ? await entry.share(aggregates) : await aggregates();
    const data: Dashboard = { ...figures, recent_activity: recent.map((r) => ({ ...r, created_at: toIso(r.created_at)! })) };
    if (scope.level === 'platform') data.platform = await this.platform();
    return data;
  }

  private async platform(): Promise<DashboardPlatform> {
    const [totals, usage] = await Promise.all([this.repo.platformTotals(), this.repo.usageByUniversity()]);
    return {
      ...totals,
      top_universities: usage.map((u) => ({ ...u, status: u.status as University['status'], students: Number(u.students), users: Number(u.users) })),
    };
  }
}
