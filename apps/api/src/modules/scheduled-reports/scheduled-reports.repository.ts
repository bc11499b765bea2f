import type { Insertable, Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { paginate } from '../../db/paginate.js';
import { inScope, scoped } from '../../db/scope.js';
import { nowDb, toDbTime } from '../../db/time.js';
import type { DB } from '../../db/types.js';
import type { Scope } from '../../core/actor.js';

export class ScheduledReportsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async create(v: Omit<Insertable<DB['scheduled_reports']>, 'id' | 'created_at' | 'updated_at'>) {
    const id = uuidv7();
    await this.db.insertInto('scheduled_reports').values({ ...v, id, created_at: nowDb(), updated_at: nowDb() }).execute();
    return id;
  }

  get(scope: Scope, id: string) {
    return scoped(this.db, scope, 'scheduled_reports').selectAll().where('scheduled_reports.id', '=', id).where('scheduled_reports.deleted_at', 'is', null).executeTakeFirst();
  }

  /** `hidden`: report types the caller may not see (compliance reports without compliance.view). */
  list(scope: Scope, q: { page: number; per_page: number; hidden?: string[] }) {
    let qb = scoped(this.db, scope, 'scheduled_reports').selectAll().where('scheduled_reports.deleted_at', 'is', null);
    if (q.hidden?.length) qb = qb.where('scheduled_reports.type', 'not in', q.hidden);
    return paginate(qb.orderBy('scheduled_reports.name').orderBy('scheduled_reports.id'), q.page, q.per_page);
  }

  runs(id: string) {
    return this.db.selectFrom('reports').selectAll().where('scheduled_report_id', '=', id).orderBy('created_at', 'desc').limit(20).execute();
  }

  async update(scope: Scope, id: string, patch: Record<string, unknown>) {
    // `as never`: the service's patch is the validated request mapped to columns, typed loosely there.
    await this.db.updateTable('scheduled_reports').set({ ...patch, updated_at: nowDb() } as never).where('id', '=', id).where(inScope(scope, 'scheduled_reports')).execute();
  }

  due(now: Date, limit = 20) {
    return this.db.selectFrom('scheduled_reports').selectAll().where('status', '=', 'active').where('deleted_at', 'is', null).where('next_run_at', '<=', toDbTime(now)).orderBy('next_run_at').limit(limit).execute();
  }

  /** Compare-and-set on next_run_at: of several workers ticking at once, exactly one claims a run. */
  async claim(id: string, expectedNext: string, next: Date) {
    const r = await this.db
      .updateTable('scheduled_reports')
      .set({ next_run_at: toDbTime(next), last_run_at: nowDb() })
      .where('id', '=', id)
      .where('next_run_at', '=', expectedNext)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }
}
