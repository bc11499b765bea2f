import { MysqlAdapter, sql, type CreateTableBuilder, type Kysely } from 'kysely';

// Helpers so one migration definition runs on MySQL 8 / MariaDB 10.11 and SQLite.
// Type names are MySQL's; SQLite maps them to its affinities (varchar → TEXT, datetime → NUMERIC,
// which keeps our 'YYYY-MM-DD HH:MM:SS.mmm' strings as text).

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyDb = Kysely<any>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Table = CreateTableBuilder<string, any>;

export const isMysql = (db: AnyDb) => db.getExecutor().adapter instanceof MysqlAdapter;

/** CREATE TABLE with InnoDB/utf8mb4 on MySQL, so indexes and emoji behave the same everywhere. */
export function createTable(db: AnyDb, name: string, build: (t: Table) => Table) {
  let t = build(db.schema.createTable(name));
  if (isMysql(db)) t = t.modifyEnd(sql`ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  return t.execute();
}

/** UUID primary key, stored as text: readable in both databases and what the API returns. */
export const uuidPk = (t: Table) => t.addColumn('id', 'char(36)', (c) => c.primaryKey());

export const uuidRef = (
  t: Table,
  column: string,
  references: string | null,
  opts: { nullable?: boolean; onDelete?: 'cascade' | 'set null' | 'restrict' } = {},
) =>
  t.addColumn(column, 'char(36)', (c) => {
    let col = opts.nullable ? c : c.notNull();
    if (references) col = col.references(`${references}.id`).onDelete(opts.onDelete ?? 'cascade');
    return col;
  });

export const timestamps = (t: Table) =>
  t
    .addColumn('created_at', 'datetime(3)', (c) => c.notNull())
    .addColumn('updated_at', 'datetime(3)', (c) => c.notNull());

/**
 * Soft delete: `deleted_at`, plus `is_live` = 1 while the row is live and NULL once deleted.
 * Unique indexes include `is_live`; NULLs never collide, so a deleted row frees its natural key
 * while two live rows can still never share one — enforced by the database on both dialects.
 */
export const softDelete = (t: Table) =>
  t
    .addColumn('deleted_at', 'datetime(3)')
    .addColumn('is_live', 'smallint', (c) =>
      c.generatedAlwaysAs(sql`CASE WHEN deleted_at IS NULL THEN 1 ELSE NULL END`).stored(),
    );

export function index(db: AnyDb, table: string, name: string, columns: string[], unique = false) {
  let b = db.schema.createIndex(name).on(table).columns(columns);
  if (unique) b = b.unique();
  return b.execute();
}
