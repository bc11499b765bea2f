import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { paginate } from '../../db/paginate.js';
import { inScope, scoped } from '../../db/scope.js';
import { nowDb } from '../../db/time.js';
import type { DB } from '../../db/types.js';
import type { Scope } from '../../core/actor.js';
import { rowsWhere, withCounts } from '../dashboard/dashboard-counts.js';

type Table = 'students' | 'faculty' | 'courses';
export interface Progress {
  processed_rows?: number;
  created_count?: number;
  updated_count?: number;
  error_count?: number;
}
const KEY: Record<Table, 'admission_number' | 'employee_id' | 'code'> = { students: 'admission_number', faculty: 'employee_id', courses: 'code' };

export class ImportsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async create(r: { id: string; universityId: string; collegeId: string | null; createdBy: string; entityType: string; dryRun: boolean; fileKey: string; originalName: string }) {
    const id = r.id;
    const now = nowDb();
    await this.db
      .insertInto('imports')
      .values({ id, university_id: r.universityId, college_id: r.collegeId, created_by: r.createdBy, entity_type: r.entityType, dry_run: r.dryRun ? 1 : 0, status: 'queued', file_key: r.fileKey, original_name: r.originalName, created_at: now, updated_at: now })
      .execute();
    return id;
  }

  get(scope: Scope, id: string) {
    return scoped(this.db, scope, 'imports').selectAll().where('imports.id', '=', id).executeTakeFirst();
  }

  byId(id: string) {
    return this.db.selectFrom('imports').selectAll().where('id', '=', id).executeTakeFirst();
  }

  list(scope: Scope, q: { page: number; per_page: number; status?: string }) {
    let qb = scoped(this.db, scope, 'imports').selectAll();
    if (q.status) qb = qb.where('imports.status', '=', q.status);
    return paginate(qb.orderBy('imports.created_at', 'desc').orderBy('imports.id', 'desc'), q.page, q.per_page);
  }

  async progress(id: string, patch: Progress & { status?: string; total_rows?: number; error_report_key?: string | null; error?: string; completed_at?: string }) {
    // `as never`: the counters arrive as numbers where the table type marks them generated.
    await this.db.updateTable('imports').set({ ...patch, updated_at: nowDb() } as never).where('id', '=', id).execute();
  }

  async queuedIds() {
    return (await this.db.selectFrom('imports').select('id').where('status', 'in', ['queued', 'processing']).execute()).map((r) => r.id);
  }

  /** Departments (or colleges) of the import's scope, by code. */
  async codes(scope: Scope, table: 'departments' | 'colleges') {
    const rows = await this.db.selectFrom(table).select([`${table}.id`, `${table}.code`, `${table}.university_id`]).where(inScope(scope, table)).where(`${table}.deleted_at`, 'is', null).execute();
    const depts = table === 'departments' ? await this.db.selectFrom('departments').select(['id', 'college_id']).where(inScope(scope, 'departments')).execute() : [];
    const collegeOf = new Map(depts.map((d) => [d.id, d.college_id]));
    return new Map(rows.map((r) => [r.code.toLowerCase(), { id: r.id, collegeId: table === 'colleges' ? r.id : collegeOf.get(r.id)! }]));
  }

  /** Live rows of the university with these natural keys: id and college (to keep college admins in theirs). */
  async existing(table: Table, universityId: string, keys: string[]) {
    if (!keys.length) return new Map<string, { id: string; collegeId: string }>();
    const key = KEY[table];
    // `as never`: `table` is one of three import targets, so Kysely cannot type its columns; each has these.
    const rows = await this.db
      .selectFrom(table)
      .select([`${table}.id as id`, `${table}.college_id as college_id`, `${table}.${key} as k`] as never[])
      .where(`${table}.university_id` as never, '=', universityId as never)
      .where(`${table}.${key}` as never, 'in', keys as never)
      .where(`${table}.deleted_at` as never, 'is', null as never)
      .execute() as unknown as { id: string; college_id: string; k: string }[];
    return new Map(rows.map((r) => [r.k, { id: r.id, collegeId: r.college_id }]));
  }

  /**
   * Inserts new rows and updates existing ones in one transaction per batch, with the import's
   * progress: a batch and the counts that include it commit together, so an attempt that dies
   * leaves a checkpoint its retry can trust.
   */
  async upsert(table: Table, inserts: Record<string, unknown>[], updates: { id: string; values: Record<string, unknown> }[], checkpoint?: { importId: string; progress: Progress }) {
    const now = nowDb();
    // `as never`: rows of one of three tables, validated by the import's zod row schema before they get here.
    const rows = inserts.map((v) => ({ id: uuidv7(), created_at: now, updated_at: now, ...v }));
    const ids = [...rows.map((r) => r.id), ...updates.map((u) => u.id)];
    // The dashboard's counters for the batch's rows go in the same transaction (dashboard-counts.ts).
    await withCounts(this.db, ids.length ? [rowsWhere(table, 'id', ids)] : [], async (trx) => {
      if (rows.length) await trx.insertInto(table).values(rows as never).execute();
      for (const u of updates) await trx.updateTable(table).set({ ...u.values, updated_at: now } as never).where('id', '=', u.id).execute();
      if (checkpoint) await trx.updateTable('imports').set({ ...checkpoint.progress, updated_at: now }).where('id', '=', checkpoint.importId).execute();
    });
  }
}
