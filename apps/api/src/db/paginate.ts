import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import { ForceIndex } from './force-index.js';

// Offset pagination with an exact total, as the seed's envelope promises. The count and the page run
// from the same filtered query, so they can never disagree about scope.
/**
 * Like paginate, but cheap at any depth (needs an `id` column). With `after` (keyset paging, see
 * list-query's applyKeyset) the page starts where the previous one ended, so nothing is skipped and
 * `offset` is only the position reported back; the total never carries that condition. One row
 * more than the page is read: `next` is the sort key of the page's last row when more rows follow.
 */
export async function paginateDeferred<DB, TB extends keyof DB, O extends { id: string }>(
  db: Kysely<DB>,
  qb: SelectQueryBuilder<DB, TB, O>,
  table: string,
  opts: { offset: number; perPage: number; sortColumn: string; after?: (qb: SelectQueryBuilder<DB, TB, O>) => SelectQueryBuilder<DB, TB, O>; countCap?: number; total?: number; index?: string },
): Promise<{ items: O[]; total: number; capped: boolean; next: { value: string | number; id: string } | null }> {
  // A total the caller already knows (cached) is not counted again.
  const [counted, rows] = await Promise.all([
    opts.total !== undefined ? { total: opts.total, capped: false } : countUpTo(db, qb, opts.countCap),
    deferredPage(qb, table, { limit: opts.perPage + 1, skip: opts.after ? 0 : opts.offset, after: opts.after, index: opts.index }).execute(),
  ]);
  return { ...pageOf(rows, opts.perPage, opts.sortColumn), ...counted };
}

/**
 * The statement of paginateDeferred's page: `limit` rows (one more than the page) from `skip`, or
 * after the cursor (`after`). The page's ids come from the index alone, in a derived table (skipping
 * OFFSET entries, or starting at the cursor), and only those rows are joined — the "deferred join",
 * in one statement (each statement costs a wake-up of the database on both sides, which on a busy
 * machine outweighs the statement itself). Index-only is also what keeps MariaDB's plan right:
 * reading rows directly, it sometimes walks the cross-tenant (deleted_at, last_name) index for a
 * college's first page (4 ms instead of 0.6 ms in a 200,000-student tenant) or a cursor's range from
 * the tenant's start. `index`: the index made for this list's shape, named because MariaDB's guess
 * is sometimes wrong.
 */
export function deferredPage<DB, TB extends keyof DB, O extends { id: string }>(
  qb: SelectQueryBuilder<DB, TB, O>,
  table: string,
  opts: { limit: number; skip: number; after?: (qb: SelectQueryBuilder<DB, TB, O>) => SelectQueryBuilder<DB, TB, O>; index?: string },
): SelectQueryBuilder<DB, TB, O> {
  const from = opts.after ? opts.after(qb) : qb;
  let idsQb = from.clearSelect().select(sql<string>`${sql.ref(`${table}.id`)}`.as('id')).limit(opts.limit).offset(opts.skip);
  if (opts.index) idsQb = idsQb.withPlugin(new ForceIndex(table, opts.index));
  // `as never`: the table and the derived table are generic here, beyond what Kysely's types follow.
  return (qb.clearSelect() as unknown as SelectQueryBuilder<DB, TB, O>)
    .selectAll(table as never)
    .innerJoin(
      idsQb.as('bf_page') as never,
      (j) => (j as never as { onRef(a: string, op: '=', b: string): never }).onRef('bf_page.id', '=', `${table}.id`),
    ) as unknown as SelectQueryBuilder<DB, TB, O>;
}

/** The page of `rows` read one past it: its items, and the sort key of its last row when more follow. */
export function pageOf<O extends { id: string }>(rows: O[], perPage: number, sortColumn: string): { items: O[]; next: { value: string | number; id: string } | null } {
  const items = rows.length > perPage ? rows.slice(0, perPage) : rows;
  const last = items.at(-1) as (O & Record<string, unknown>) | undefined;
  return { items, next: rows.length > perPage && last ? { value: last[sortColumn] as string | number, id: last.id } : null };
}

/** God Mode lists over every tenant count at most this many rows. */
export const PLATFORM_COUNT_CAP = 10_000;

/**
 * The rows of a query (select and order cleared), counting at most `cap` + 1 when a cap is given:
 * a cross-tenant count is bounded, as counting 1M rows on every God Mode page view is not worth it.
 */
export async function countUpTo<DB, TB extends keyof DB, O>(db: Kysely<DB>, qb: SelectQueryBuilder<DB, TB, O>, cap?: number): Promise<{ total: number; capped: boolean }> {
  const base = qb.clearSelect().clearOrderBy();
  const row = cap
    ? (await sql<{ n: number }>`SELECT COUNT(*) AS n FROM (${base.select(sql`1`.as('one')).limit(cap + 1)}) AS capped`.execute(db)).rows[0]
    : await (base.select(sql<number>`count(*)`.as('n')) as unknown as SelectQueryBuilder<DB, TB, { n: number }>).executeTakeFirst();
  const n = Number(row?.n ?? 0);
  return cap && n > cap ? { total: cap, capped: true } : { total: n, capped: false };
}

export async function paginate<DB, TB extends keyof DB, O>(
  qb: SelectQueryBuilder<DB, TB, O>,
  page: number,
  perPage: number,
): Promise<{ items: O[]; total: number }> {
  const countQb = qb.clearSelect().clearOrderBy().select(sql<number>`count(*)`.as('n')) as unknown as SelectQueryBuilder<DB, TB, { n: number }>;
  const [countRow, items] = await Promise.all([
    countQb.executeTakeFirst(),
    qb.limit(perPage).offset((page - 1) * perPage).execute(),
  ]);
  return { items, total: Number(countRow?.n ?? 0) };
}

/** Escapes LIKE wildcards in user input so `q=%` matches a literal percent sign. */
export function likeContains(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Walks a large result in keyset pages (`id > last id seen`), so a report or export over millions
 * of rows holds one page at a time and never pays for a deep OFFSET.
 */
export async function* keysetPages<T extends { id: string }>(page: (after: string) => Promise<T[]>): AsyncGenerator<T[]> {
  let after = '';
  for (;;) {
    const rows = await page(after);
    if (!rows.length) return;
    yield rows;
    after = rows[rows.length - 1]!.id;
  }
}
