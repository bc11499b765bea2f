import { sql, type SelectQueryBuilder } from 'kysely';

// Offset pagination with an exact total, as the seed's envelope promises. The count and the page run
// from the same filtered query, so they can never disagree about scope.
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
