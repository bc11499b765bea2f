import type { Dashboard, DashboardPlatform, University } from '@bitflow/contracts';
import type { Actor } from '../../core/actor.js';
import { toDbTime, toIso } from '../../db/time.js';
import type { ListCache } from '../shared/list-cache.js';
import type { CounterRow, DashboardRepository } from './dashboard.repository.js';

type Bucket = { key: string; count: number };
type Figures = Pick<Dashboard, 'counts' | 'students_by_status' | 'students_by_department' | 'enrollments_by_term' | 'enrollments_by_month'>;

// The dashboard's figures come from the maintained counters (dashboard-counts.ts): one statement
// summing the scope's few hundred counter rows, kept exact by every write in its own transaction, so
// no read groups a tenant's students and enrolments. They are still cached per scope under the
// tenant's data version (a hit costs no SQL at all; a miss after a write is that one statement).
// Recent activity is read fresh.
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
    // Counted by 'YYYY-MM': from the first of a month on is exactly the months from it on.
    const sinceMonth = toDbTime(since).slice(0, 7);
    const compute = async () => this.figures(await this.repo.counters(scope, sinceMonth));
    const [entry, recent] = await Promise.all([
      this.lists?.entry<Figures>(scope, 'dashboard', { since: sinceMonth }, { stayOnReplica: true, version: actor.dataVersion }),
      this.repo.recentActivity(actor),
    ]);
    // God Mode (no entry) computes every time.
    const figures = entry?.share ? await entry.share(compute) : await compute();
    const data: Dashboard = { ...figures, recent_activity: recent.map((r) => ({ ...r, created_at: toIso(r.created_at)! })) };
    if (scope.level === 'platform') data.platform = await this.platform();
    return data;
  }

  private async figures(rows: CounterRow[]): Promise<Figures> {
    const of = (metric: string): Bucket[] => rows.filter((r) => r.metric === metric).map((r) => ({ key: r.bucket, count: r.n }));
    const total = (metric: string) => of(metric).reduce((n, b) => n + b.count, 0);
    const byCount = (a: Bucket, b: Bucket) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
    const byKey = (a: Bucket, b: Bucket) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
    // The ten largest departments, then named.
    const top = of('student_department').sort(byCount).slice(0, 10);
    const names = new Map((await this.repo.departmentNames(top.map((d) => d.key))).map((d) => [d.id, d.name]));
    return {
      counts: { colleges: total('colleges'), departments: total('departments'), courses: total('courses'), students: total('student_status'), faculty: total('faculty'), enrollments: total('enrollment_term') },
      students_by_status: of('student_status').sort(byCount),
      students_by_department: top.filter((d) => names.has(d.key)).map((d) => ({ id: d.key, name: names.get(d.key)!, count: d.count })),
      enrollments_by_term: of('enrollment_term').sort(byKey),
      enrollments_by_month: of('enrollment_month').sort(byKey),
    };
  }

  private async platform(): Promise<DashboardPlatform> {
    const [totals, usage] = await Promise.all([this.repo.platformTotals(), this.repo.usageByUniversity()]);
    return {
      ...totals,
      top_universities: usage.map((u) => ({ ...u, status: u.status as University['status'], students: Number(u.students), users: Number(u.users) })),
    };
  }
}
