import { createHash } from 'node:crypto';
import { sql, type SelectQueryBuilder } from 'kysely';
import { AppError } from '../../core/app-error.js';

// Sorting, trash filter and date ranges shared by every list endpoint. Sort keys come from a zod
// enum in contracts ('name' or '-name'), so only whitelisted columns ever reach SQL.

export function applySort<DB, TB extends keyof DB, O>(qb: SelectQueryBuilder<DB, TB, O>, table: string, sort: string) {
  const desc = sort.startsWith('-');
  const col = sort.replace(/^-/, '');
  const dir = desc ? 'desc' : 'asc';
  return qb.orderBy(sql.ref(`${table}.${col}`), dir).orderBy(sql.ref(`${table}.id`), dir);
}

export function applyTrashed<DB, TB extends keyof DB, O>(qb: SelectQueryBuilder<DB, TB, O>, table: string, trashed?: 'only' | 'with') {
  if (trashed === 'with') return qb;
  return qb.where(sql.ref(`${table}.deleted_at`), trashed === 'only' ? 'is not' : 'is', null);
}

/** Inclusive day range on a timestamp column ('YYYY-MM-DD' bounds, UTC). */
export function applyDateRange<DB, TB extends keyof DB, O>(qb: SelectQueryBuilder<DB, TB, O>, column: string, from?: string, to?: string) {
  let q = qb;
  if (from) q = q.where(sql.ref(column), '>=', `${from} 00:00:00.000`);
  if (to) q = q.where(sql.ref(column), '<=', `${to} 23:59:59.999`);
  return q;
}

/** Prefix match (index-friendly) for codes and names typed from their start. */
export function prefix(q: string): string {
  return `${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

// Keyset ("cursor") paging: a list answer carries `next_cursor`, the sort key of its last row; the
// next request continues with `WHERE (sort, id) > (key, id)` on the same index instead of skipping
// OFFSET rows, so page 500 costs what page 1 costs. The cursor also carries the position (rows before
// the page, for `current_page`/`from`/`to`) and a fingerprint of the query it belongs to.
export interface Cursor {
  /** Sort value and id of the last row already served. */
  v: string | number;
  id: string;
  /** Rows before the page the cursor opens. */
  o: number;
  /** Fingerprint of sort, filters and page size. */
  f: string;
}

export function queryFingerprint(q: Record<string, unknown>): string {
  const { page: _p, cursor: _c, ...rest } = q;
  const canonical = JSON.stringify(Object.keys(rest).sort().map((k) => [k, rest[k]]));
  return createHash('sha1').update(canonical).digest('base64url').slice(0, 10);
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.v, c.id, c.o, c.f])).toString('base64url');
}

const BAD_CURSOR = () => AppError.validation({ cursor: ['This cursor is not valid. Start again from the first page.'] });

/** The cursor of a request, checked against the query it came with (422 when it does not fit). */
export function decodeCursor(raw: string, q: Record<string, unknown>): Cursor {
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw BAD_CURSOR();
  }
  if (!Array.isArray(parts) || parts.length !== 4) throw BAD_CURSOR();
  const [v, id, o, f] = parts as unknown[];
  const okValue = (typeof v === 'string' && v.length <= 300) || (typeof v === 'number' && Number.isFinite(v));
  if (!okValue || typeof id !== 'string' || !UUID.test(id) || !Number.isSafeInteger(o) || (o as number) < 0 || typeof f !== 'string') throw BAD_CURSOR();
  if (f !== queryFingerprint(q)) {
    throw AppError.validation({ cursor: ['This cursor belongs to a different sort, filter or page size. Start again from the first page.'] });
  }
  return { v: v as string | number, id, o: o as number, f };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Rows after the cursor in `sort` order, written as `(col = v AND id > id0) OR col > v` (mirrored for
 * descending): MariaDB turns this form into one index range over (scope…, col, id) that starts at the
 * cursor (15 index reads for a page), where `(col, id) > (v, id0)` reads every row before it and
 * `col >= v AND (col > v OR id > id0)` reads every tie on `col`. Sort columns are NOT NULL.
 */
export function applyKeyset<DB, TB extends keyof DB, O>(qb: SelectQueryBuilder<DB, TB, O>, table: string, sort: string, c: Pick<Cursor, 'v' | 'id'>) {
  const desc = sort.startsWith('-');
  const col = sql.ref(`${table}.${sort.replace(/^-/, '')}`);
  const id = sql.ref(`${table}.id`);
  const after = desc ? '<' : '>';
  return qb.where((eb) => eb.or([eb.and([eb(col, '=', c.v), eb(id, after, c.id)]), eb(col, after, c.v)]));
}
