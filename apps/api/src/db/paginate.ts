import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';

// Offset pagination with an exact total, as the seed's envelope promises. The count and the page run
// from the same filtered query, so they can never disagree about scope.
/**
 * Like paginate, but reads the page as ids first (an index-only scan that stays cheap at deep
 * offsets) and then fetches just those rows: the "deferred join". Needs an `id` column.
 */
export async function paginateDeferred<DB, TB extends keyof DB, O extends { id: string }>(
  db: Kysely<DB>,
  qb: SelectQueryBuilder<DB, TB, O>,
  table: string,
  page: number,
  perPage: number,
  opts: { countCap?: number; total?: number } = {},
): Promise<{ items: O[]; total: number; capped: boolean }> {
  const idsQb = qb.clearSelect().select(sql<string>`${sql.ref(`${table}.id`)}`.as('id')).limit(perPage).offset((page - 1) * perPage);
  const base = qb.clearSelect().clearOrderBy();
  // A cross-tenant count is bounded: counting 1M rows on every God Mode page view is not worth it.
  const countQb = opts.countCap
    ? (sql<{ n: number }>`SELECT COUNT(*) AS n FROM (${base.select(sql`1`.as('one')).limit(opts.countCap + 1)}) AS capped`)
    : null;
  // A total the caller already knows (cached) is not counted again.
  const [countRow, idRows] = await Promise.all([
    opts.total !== undefined
      ? { n: opts.total }
      : countQb ? countQb.execute(db).then((r) => r.rows[0]) : (base.select(sql<number>`count(*)`.as('n')) as unknown as SelectQueryBuilder<DB, TB, { n: number }>).executeTakeFirst(),
    idsQb.execute() as Promise<{ id: string }[]>,
  ]);
  const ids = idRows.map((r) => r.id);
  const rows = ids.length ? await qb.clearOrderBy().where(sql.ref(`${table}.id`), 'in', ids).execute() : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  const total = Number(countRow?.n ?? 0);
  const capped = !!opts.countCap && total > opts.countCap;
  return { items: ids.map((id) => byId.get(id)!).filter(Boolean), total: capped ? opts.countCap! : total, capped };
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
