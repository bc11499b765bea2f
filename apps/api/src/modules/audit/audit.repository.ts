import type { Insertable, Kysely } from 'kysely';
import { paginateDeferred, PLATFORM_COUNT_CAP } from '../../db/paginate.js';
import { inScope, narrowTo } from '../../db/scope.js';
import type { AuditLogsTable, DB } from '../../db/types.js';
import type { Scope } from '../../http/actor.js';
import { AppError } from '../../http/app-error.js';
import { applyDateRange, applyKeyset, decodeCursor, encodeCursor, queryFingerprint } from '../shared/list-query.js';

// The only code that queries audit_logs. Rows are only ever inserted: triggers refuse UPDATE/DELETE.

export type AuditRow = DB['audit_logs'];

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

/**
 * Who sees which audit rows. God Mode sees every chain, or one university when it names it;
 * any other scope sees its own university whatever university_id the query string carries.
 */
export function whereAuditScope(scope: Scope, universityId?: string) {
  return inScope(narrowTo(scope, universityId), 'audit_logs');
}

export class AuditRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** The chain's newest link: what the next row's seq and prev_hash follow. */
  lastLink(chainKey: string) {
    return this.db.selectFrom('audit_logs').select(['seq', 'hash']).where('chain_key', '=', chainKey).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  }

  /** One statement for all rows (one commit); fails with a unique violation when another writer took a seq first. */
  async insert(rows: Insertable<AuditLogsTable>[]) {
    await this.db.insertInto('audit_logs').values(rows).execute();
  }

  private filtered(scope: Scope, f: AuditFilters) {
    let qb = this.db.selectFrom('audit_logs').selectAll().where(whereAuditScope(scope, f.university_id));
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
  async page(scope: Scope, f: AuditFilters & { cursor?: string }, page: number, perPage: number) {
    const q = { ...f, page, per_page: perPage };
    const cursor = f.cursor ? decodeCursor(f.cursor, q) : null;
    // The sort key of this list is a timestamp; anything else in a cursor was made by hand.
    if (cursor && (typeof cursor.v !== 'string' || !STAMP.test(cursor.v))) {
      throw AppError.validation({ cursor: ['This cursor is not valid. Start again from the first page.'] });
    }
    const qb = this.filtered(scope, f).orderBy('created_at', 'desc').orderBy('id', 'desc');
    const everyChain = narrowTo(scope, f.university_id).level === 'platform';
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
   * Keyset pages over (chain_key, seq) — the unique index — so an export of millions holds one page
   * at a time and each chain comes out whole and in order (checkable offline).
   */
  async *stream(scope: Scope, f: AuditFilters, batch = 1000): AsyncGenerator<AuditRow[]> {
    let base = this.filtered(scope, f);
    // One university's rows are exactly its chain; naming it lets the index seek instead of scan.
    const one = narrowTo(scope, f.university_id);
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
