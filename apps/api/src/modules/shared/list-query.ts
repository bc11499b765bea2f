import { sql, type SelectQueryBuilder } from 'kysely';

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

/** `table.field = value` for each listed filter the query carries (values already validated by zod). */
export function applyEquals<DB, TB extends keyof DB, O>(qb: SelectQueryBuilder<DB, TB, O>, table: string, q: Record<string, unknown>, fields: readonly string[]) {
  let out = qb;
  for (const f of fields) if (q[f] !== undefined) out = out.where(sql.ref(`${table}.${f}`), '=', q[f]);
  return out;
}
