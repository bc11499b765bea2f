import { sql, type Expression, type Insertable, type Kysely, type Selectable, type SqlBool } from 'kysely';
import { statementsFor } from '../../db/compiled-statements.js';
import { isUniqueViolation } from '../../db/errors.js';
import { paginateDeferred, PLATFORM_COUNT_CAP } from '../../db/paginate.js';
import { isMysql } from '../../db/schema-helpers.js';
import { inScope, narrowTo, TENANT_COLUMNS, type TenantTable } from '../../db/scope.js';
import type { AuditChainHeadsTable, AuditLogsTable, DB } from '../../db/types.js';
import type { Scope } from '../../core/actor.js';
import { AppError } from '../../core/app-error.js';
import { applyDateRange, applyKeyset, decodeCursor, encodeCursor, queryFingerprint } from '../shared/list-query.js';

// The only code that queries audit_logs. Rows are only ever inserted: triggers refuse UPDATE/DELETE.

export type AuditRow = Selectable<AuditLogsTable>;

const STAMP = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z?$/;

export interface AuditFilters {
  action?: string;
  entity_type?: string;
  entity_id?: string;
  actor_id?: string;
  university_id?: string;
  from?: string;
  to?: string;
}

/** Who reads the trail: the scope, and the user (their own rows are theirs to see). An Actor is one. */
export interface AuditViewer {
  scope: Scope;
  userId: string | null;
}

/** What a God Mode read writes, one row per read; lists hide them unless asked (readSummary groups them). */
export const GOD_MODE_READ = 'god_mode.read';

/**
 * Who sees which audit rows. God Mode sees every chain, or one university when it names it;
 * a university-level reader sees its university whatever university_id the query string carries.
 * A college-level reader sees, within its university, the rows about objects of its colleges
 * (college_id, recorded by the writer) and the rows where it is the actor — but never another
 * user's account events (auth.*: sign-ins, MFA, sessions, passwords) and never God Mode rows
 * (god_mode.*: impersonation reasons), even when they name one of its users.
 */
export function whereAuditScope(viewer: AuditViewer, universityId?: string, alias = 'audit_logs'): Expression<SqlBool> {
  const scope = narrowTo(viewer.scope, universityId);
  if (scope.level !== 'college') return inScope(scope, 'audit_logs', alias);
  const col = (c: string) => sql.ref(`${alias}.${c}`);
  const university = inScope({ level: 'university', universityId: scope.universityId }, 'audit_logs', alias);
  const ofColleges = scope.collegeIds.length ? sql`(${col('college_id')} IN (${sql.join(scope.collegeIds)}) AND ${col('action')} NOT LIKE 'auth.%')` : sql`1 = 0`;
  const own = viewer.userId ? sql`${col('actor_id')} = ${viewer.userId}` : sql`1 = 0`;
  return sql<SqlBool>`(${university} AND ${col('action')} NOT LIKE 'god_mode.%' AND (${ofColleges} OR ${own}))`;
}

// Entity types whose rows sit under a college: the table the writer reads the college from.
const COLLEGE_OF: Record<string, TenantTable> = {
  college: 'colleges', department: 'departments', course: 'courses', student: 'students', faculty: 'faculty', enrollment: 'enrollments',
  user: 'users', report: 'reports', scheduled_report: 'scheduled_reports', import: 'imports', file: 'files',
};

// The statements every audited write sends (the chain's last link and head, the row, the head moved)
// are compiled once per shape, like every other hot statement (db/compiled-statements.ts).
const compiled = (db: Kysely<DB>) => statementsFor(db);

// Only ever forward: of two writers finishing out of order, the later seq stays.
async function advanceHead(db: Kysely<DB>, head: AuditChainHeadsTable) {
  const move = async () =>
    Number(
      (
        await compiled(db).run('head:move', { seq: head.seq, hash: head.hash, signature: head.signature, updated_at: head.updated_at, chain_key: head.chain_key }, (v) =>
          db.updateTable('audit_chain_heads').set({ seq: v.seq, hash: v.hash, signature: v.signature, updated_at: v.updated_at }).where('chain_key', '=', v.chain_key).where('seq', '<', v.seq), db)
      ).numAffectedRows ?? 0,
    );
  if (await move()) return;
  const exists = await db.selectFrom('audit_chain_heads').select('seq').where('chain_key', '=', head.chain_key).executeTakeFirst();
  if (exists) return;
  try {
    await db.insertInto('audit_chain_heads').values(head).execute();
  } catch (err) {
    // Another writer made the head between our read and insert: move it instead.
    if (!isUniqueViolation(err)) throw err;
    await move();
  }
}

export class AuditRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** The chain's newest link: what the next row's seq and prev_hash follow. */
  async lastLink(chainKey: string) {
    const rows = await compiled(this.db).rows('audit:last', { chainKey }, (v) => this.db.selectFrom('audit_logs').select(['seq', 'hash']).where('chain_key', '=', v.chainKey).orderBy('seq', 'desc').limit(1), this.db);
    return rows[0];
  }

  async head(chainKey: string) {
    const rows = await compiled(this.db).rows('audit:head', { chainKey }, (v) => this.db.selectFrom('audit_chain_heads').select(['chain_key', 'seq', 'hash', 'signature']).where('chain_key', '=', v.chainKey), this.db);
    return rows[0];
  }

  /**
   * The rows in one statement, then the chain head moved to the newest. Fails with a unique
   * violation when another writer took a seq first. On MySQL both commit in one transaction (one
   * commit per batch). better-sqlite3 runs each statement synchronously, so a transaction held open
   * across an await would make a second connection of this process busy-wait on the very thread
   * that must finish it: there the two statements commit one after the other, and a head left one
   * batch behind by a crash in between still names a row of the chain, which verify accepts.
   */
  async append(rows: Insertable<AuditLogsTable>[], head: AuditChainHeadsTable) {
    const write = async (trx: Kysely<DB>) => {
      // Named r<i>_<column>: a batch's size and columns are its shape.
      const values: Record<string, unknown> = {};
      rows.forEach((r, i) => Object.entries(r).forEach(([k, v]) => (values[`r${i}_${k}`] = v)));
      await compiled(trx).run(`audit:insert:${rows.length}`, values, (v) => trx.insertInto('audit_logs').values(rows.map((r, i) => Object.fromEntries(Object.keys(r).map((k) => [k, v[`r${i}_${k}`]])) as Insertable<AuditLogsTable>)), trx);
      await advanceHead(trx, head);
    };
    await (isMysql(this.db) && !this.db.isTransaction ? this.db.transaction().execute(write) : write(this.db));
  }

  /** The college an audited object sits under, read when the row is written (null if none or gone). */
  async collegeOf(entityType: string | null | undefined, entityId: string | null | undefined): Promise<string | null> {
    const table = entityType ? COLLEGE_OF[entityType] : undefined;
    if (!table || !entityId) return null;
    if (table === 'colleges') return entityId;
    const column = TENANT_COLUMNS[table].college;
    if (!column) return null;
    const rows = await compiled(this.db).rows(`college_of:${table}`, { entityId }, (v) => this.db.selectFrom(table).select(sql.ref<string | null>(column).as('college_id')).where(sql.ref('id'), '=', v.entityId), this.db);
    return (rows[0] as { college_id: string | null } | undefined)?.college_id ?? null;
  }

  private filtered(viewer: AuditViewer, f: AuditFilters) {
    let qb = this.db.selectFrom('audit_logs').selectAll().where(whereAuditScope(viewer, f.university_id));
    if (f.action) qb = qb.where('action', '=', f.action);
    if (f.entity_type) qb = qb.where('entity_type', '=', f.entity_type);
    if (f.entity_id) qb = qb.where('entity_id', '=', f.entity_id);
    if (f.actor_id) qb = qb.where('actor_id', '=', f.actor_id);
    return applyDateRange(qb, 'audit_logs.created_at', f.from, f.to);
  }

  /**
   * Newest first. God Mode's log of every chain grows with every write and God Mode read, so its
   * count is bounded as for God Mode's other lists; past that bound (and at any depth) `cursor` —
   * the `next_cursor` of the previous page — continues on the (created_at, id) index where the last
   * page ended instead of skipping OFFSET rows.
   */
  async page(viewer: AuditViewer, f: AuditFilters & { cursor?: string }, page: number, perPage: number) {
    const q = { ...f, page, per_page: perPage };
    const cursor = f.cursor ? decodeCursor(f.cursor, q) : null;
    // The sort key of this list is a timestamp; anything else in a cursor was made by hand.
    if (cursor && (typeof cursor.v !== 'string' || !STAMP.test(cursor.v))) {
      throw AppError.validation({ cursor: ['This cursor is not valid. Start again from the first page.'] });
    }
    let qb = this.filtered(viewer, f);
    // One row per God Mode read would bury everything else: they show when asked for by action.
    if (!f.action) qb = qb.where('action', '!=', GOD_MODE_READ);
    qb = qb.orderBy('created_at', 'desc').orderBy('id', 'desc');
    const everyChain = narrowTo(viewer.scope, f.university_id).level === 'platform';
    const offset = cursor ? cursor.o : (page - 1) * perPage;
    const res = await paginateDeferred(this.db, qb, 'audit_logs', {
      offset,
      perPage,
      sortColumn: 'created_at',
      after: cursor ? (ids) => applyKeyset(ids, 'audit_logs', '-created_at', cursor) : undefined,
      countCap: everyChain ? PLATFORM_COUNT_CAP : undefined,
    });
    const nextCursor = res.next ? encodeCursor({ v: res.next.value, id: res.next.id, o: offset + res.items.length, f: queryFingerprint(q) }) : null;
    return { items: res.items, total: res.total, capped: res.capped, offset, nextCursor };
  }

  /**
   * God Mode reads grouped per operator, route and UTC day: how many, first and last. The rows
   * themselves stay in the list under action=god_mode.read (and in the export), url and tenant in
   * `changes`. Bounded by the date range (the route defaults it to the last 30 days).
   */
  async readSummary(f: { actor_id?: string; from: string; to?: string }, page: number, perPage: number) {
    const day = sql<string>`SUBSTR(${sql.ref('audit_logs.created_at')}, 1, 10)`;
    let base = this.db.selectFrom('audit_logs').where('audit_logs.university_id', 'is', null).where('audit_logs.action', '=', GOD_MODE_READ);
    if (f.actor_id) base = base.where('audit_logs.actor_id', '=', f.actor_id);
    base = applyDateRange(base, 'audit_logs.created_at', f.from, f.to);
    const grouped = base
      .select(['audit_logs.actor_id', 'audit_logs.entity_id as route', day.as('day'), sql<number>`count(*)`.as('reads'), sql<string>`MIN(audit_logs.created_at)`.as('first_at'), sql<string>`MAX(audit_logs.created_at)`.as('last_at')])
      .groupBy(['audit_logs.actor_id', 'audit_logs.entity_id', day]);
    const [items, count] = await Promise.all([
      grouped.orderBy('day', 'desc').orderBy('reads', 'desc').orderBy('route').limit(perPage).offset((page - 1) * perPage).execute(),
      this.db.selectFrom(grouped.as('g')).select(sql<number>`count(*)`.as('n')).executeTakeFirst(),
    ]);
    return { items, total: Number(count?.n ?? 0) };
  }

  /**
   * Keyset pages over (chain_key, seq) — the unique index — so an export of millions holds one page
   * at a time and each chain comes out whole and in order (checkable offline).
   */
  async *stream(viewer: AuditViewer, f: AuditFilters, batch = 1000): AsyncGenerator<AuditRow[]> {
    let base = this.filtered(viewer, f);
    // One university's rows are exactly its chain; naming it lets the index seek instead of scan.
    const one = narrowTo(viewer.scope, f.university_id);
    if (one.level !== 'platform') base = base.where('chain_key', '=', one.universityId);
    let after: { chain: string; seq: number } | null = null;
    for (;;) {
      const from: { chain: string; seq: number } | null = after;
      const qb = from ? base.where((eb) => eb.or([eb('chain_key', '>', from.chain), eb.and([eb('chain_key', '=', from.chain), eb('seq', '>', from.seq)])])) : base;
      const rows: AuditRow[] = await qb.orderBy('chain_key').orderBy('seq').limit(batch).execute();
      if (!rows.length) return;
      yield rows;
      const last = rows[rows.length - 1]!;
      after = { chain: last.chain_key, seq: Number(last.seq) };
    }
  }

  /**
   * The compliance summary's figures (modules/compliance): one university's chain between two
   * timestamps, counted per action and by whether an operator was impersonating.
   */
  actionCounts(chainKey: string, from: string, to: string) {
    const impersonated = sql<number>`CASE WHEN ${sql.ref('impersonator_id')} IS NULL THEN 0 ELSE 1 END`;
    return this.db
      .selectFrom('audit_logs')
      .select(['action', impersonated.as('impersonated'), sql<number>`count(*)`.as('n'), sql<string>`MIN(created_at)`.as('first_at'), sql<string>`MAX(created_at)`.as('last_at')])
      .where('chain_key', '=', chainKey)
      .where('created_at', '>=', from)
      .where('created_at', '<=', to)
      .groupBy(['action', impersonated])
      .execute();
  }

  /**
   * God Mode reads that named one university (`changes.university_id`, as godModeReadEntry writes
   * it), on the platform chain between two timestamps, per operator. Reads across every tenant at
   * once name none and are not counted here.
   */
  godModeReadsOf(universityId: string, from: string, to: string) {
    return this.db
      .selectFrom('audit_logs')
      .select(['actor_id', sql<number>`count(*)`.as('n'), sql<string>`MIN(created_at)`.as('first_at'), sql<string>`MAX(created_at)`.as('last_at')])
      .where('chain_key', '=', 'platform')
      .where('action', '=', GOD_MODE_READ)
      .where('created_at', '>=', from)
      .where('created_at', '<=', to)
      .where('changes', 'like', `%"university_id":"${universityId}"%`)
      .groupBy('actor_id')
      .execute();
  }

  /** Rows of the given actions in one chain between two timestamps, oldest first, at most `limit`. */
  rowsOf(chainKey: string, actions: string[], from: string, to: string, limit = 500) {
    return this.db
      .selectFrom('audit_logs')
      .selectAll()
      .where('chain_key', '=', chainKey)
      .where('action', 'in', actions)
      .where('created_at', '>=', from)
      .where('created_at', '<=', to)
      .orderBy('seq')
      .limit(limit)
      .execute();
  }

  /** One chain in seq order, `seq > last` pages, for verification. */
  async *chain(chainKey: string, batch = 1000): AsyncGenerator<AuditRow[]> {
    let after = 0;
    for (;;) {
      const rows = await this.db.selectFrom('audit_logs').selectAll().where('chain_key', '=', chainKey).where('seq', '>', after).orderBy('seq').limit(batch).execute();
      if (!rows.length) return;
      yield rows;
      after = Number(rows[rows.length - 1]!.seq);
    }
  }
}
