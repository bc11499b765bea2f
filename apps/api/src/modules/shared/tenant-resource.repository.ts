import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { CompiledStatements } from '../../db/compiled-statements.js';
import { countUpTo, deferredPage, pageOf, PLATFORM_COUNT_CAP } from '../../db/paginate.js';
import { isMysql } from '../../db/schema-helpers.js';
import { inScope, scoped, scopeFrom, scopeValues, TENANT_COLUMNS, type TenantTable } from '../../db/scope.js';
import { nowDb } from '../../db/time.js';
import { PlatformTotals } from '../god-mode/platform-totals.js';
import { COUNTED_COLUMNS, isCounted, purgeTargets, rowsWhere, withCounts, type CountTarget } from '../dashboard/dashboard-counts.js';
import type { DB } from '../../db/types.js';
import type { Scope } from '../../core/actor.js';
import { applyKeyset, applySort, applyTrashed, decodeCursor, encodeCursor, prefix, queryFingerprint } from './list-query.js';

// Data access shared by the academic resources (colleges, departments, courses, students, faculty):
// every query starts from the caller's scope; lists use the deferred join so deep pages stay cheap;
// soft delete cascades to the rows below and restore brings back exactly what the cascade hid.

export type Row = Record<string, unknown> & { id: string; university_id: string; deleted_at: string | null };
type AnyQb = SelectQueryBuilder<DB, TenantTable, Row>;

export interface ResourceTable {
  table: TenantTable;
  /** Columns matched by `q` as a prefix (index-friendly). */
  search: string[];
  /** Tables whose rows below this one are hidden with it (by this table's id column name). */
  cascade?: { table: TenantTable; column: string }[];
  /**
   * Indexes made for a list shape: columns compared by equality (from the scope or a filter), the sort
   * column, then `id`, live rows only. A list of exactly that shape names its index (MySQL only).
   */
  listIndexes?: { index: string; equals: string[]; sort: string }[];
  /** The list's filters by equality (`?status=…`), values already validated by the resource's zod schema. */
  equals: readonly string[];
  /** `created_from` / `created_to`: an inclusive day range (UTC) on created_at. */
  createdRange?: boolean;
}

export interface ListQuery {
  page: number;
  per_page: number;
  /** Opaque keyset cursor from a previous answer's `next_cursor` (takes the place of `page`). */
  cursor?: string;
  q?: string;
  sort: string;
  trashed?: 'only' | 'with';
  [filter: string]: unknown;
}

export interface ListPage {
  items: Row[];
  total: number;
  capped: boolean;
  /** The page's position: its first row is row `offset + 1`. */
  offset: number;
  /** Continues after this page in the same order; null on the last page. */
  nextCursor: string | null;
}


const platformTotals = new PlatformTotals();
/** What a list's total depends on: its filters, not its page, size or order. */
const totalKey = ({ page: _p, per_page: _pp, sort: _s, cursor: _c, ...filters }: ListQuery) => JSON.stringify(filters);
/** A list's values in its statements (CompiledStatements): the scope's ids, the term, the filters. */
type ListValues = Record<string, unknown>;

export class TenantResourceRepository {
  // A list page and a get by id are compiled once per shape: building and compiling them with
  // Kysely cost ~0.6 M instructions a list request, more than the rest of the list's own code.
  private readonly statements: CompiledStatements;

  constructor(
    readonly db: Kysely<DB>,
    readonly def: ResourceTable,
  ) {
    this.statements = new CompiledStatements(db);
  }

  private base(scope: Scope): AnyQb {
    return scoped(this.db, scope, this.def.table).selectAll() as unknown as AnyQb;
  }

  /** The values `filtered` puts into the statement, named; which names are present is the shape. */
  private listValues(scope: Scope, q: ListQuery): ListValues {
    const v: ListValues = scopeValues(scope).values;
    if (q.q) v.term = prefix(q.q);
    for (const f of this.def.equals) if (q[f] !== undefined) v[`eq_${f}`] = q[f];
    if (this.def.createdRange && q.created_from) v.from = `${q.created_from as string} 00:00:00.000`;
    if (this.def.createdRange && q.created_to) v.to = `${q.created_to as string} 23:59:59.999`;
    return v;
  }

  /**
   * The list's rows in order: scope, trash, search term, filters. Built from `v` (listValues, or the
   * markers of a template): only which values are present, never what they hold, changes the text.
   */
  private filtered(scope: Scope, q: ListQuery, v: ListValues): AnyQb {
    const t = this.def.table;
    let qb = applyTrashed(this.base(scopeFrom(scope, v)), t, q.trashed);
    if ('term' in v) qb = qb.where((eb) => eb.or(this.def.search.map((c) => eb(sql.ref(`${t}.${c}`), 'like', v.term as string))));
    for (const f of this.def.equals) if (`eq_${f}` in v) qb = qb.where(sql.ref(`${t}.${f}`), '=', v[`eq_${f}`]);
    if ('from' in v) qb = qb.where(sql.ref(`${t}.created_at`), '>=', v.from as string);
    if ('to' in v) qb = qb.where(sql.ref(`${t}.created_at`), '<=', v.to as string);
    return applySort(qb, t, q.sort);
  }

  /** The list's total, as `list` would count it. */
  async count(scope: Scope, q: ListQuery): Promise<number> {
    return (await countUpTo(this.db, this.filtered(scope, q, this.listValues(scope, q)), scope.level === 'platform' ? PLATFORM_COUNT_CAP : undefined)).total;
  }

  async list(scope: Scope, q: ListQuery, known: { total?: number } = {}): Promise<ListPage> {
    const t = this.def.table;
    const cursor = q.cursor ? decodeCursor(q.cursor, q) : null;
    const values = this.listValues(scope, q);
    const offset = cursor ? cursor.o : (q.page - 1) * q.per_page;
    const cap = scope.level === 'platform' ? PLATFORM_COUNT_CAP : undefined;
    const counted = () => countUpTo(this.db, this.filtered(scope, q, values), cap);
    // God Mode: the capped total of these filters, kept a few seconds (platform-totals.ts), not counted
    // with every page; elsewhere a total the caller knows (cached) is not counted again.
    const total =
      scope.level === 'platform' && known.total === undefined ? platformTotals.get(`${t}:${totalKey(q)}`, counted)
        : known.total !== undefined ? { total: known.total, capped: false }
          : counted();
    // One more row than the page: `next_cursor` when more follow.
    const index = this.listIndex(scope, q);
    const pageValues: ListValues = { ...values, limit: q.per_page + 1, skip: cursor ? 0 : offset, ...(cursor ? { cv: cursor.v, cid: cursor.id } : {}) };
    const shape = `list:${scopeValues(scope).shape}:${q.trashed ?? ''}:${q.sort}:${index ?? ''}`;
    const [counts, rows] = await Promise.all([
      total,
      this.statements.rows<Row, ListValues>(shape, pageValues, (v) =>
        deferredPage(this.filtered(scope, q, v), t, {
          limit: v.limit as number,
          skip: v.skip as number,
          after: 'cv' in v ? (ids) => applyKeyset(ids, t, q.sort, { v: v.cv as string | number, id: v.cid as string }) : undefined,
          index,
        }),
      ),
    ]);
    const page = pageOf(rows, q.per_page, q.sort.replace(/^-/, ''));
    const nextCursor = page.next ? encodeCursor({ v: page.next.value, id: page.next.id, o: offset + page.items.length, f: queryFingerprint(q) }) : null;
    return { items: page.items, total: counts.total, capped: counts.capped, offset, nextCursor };
  }

  /** The index made for this list's shape, if one was (see `ResourceTable.listIndexes`). */
  private listIndex(scope: Scope, q: ListQuery): string | undefined {
    const choices = this.def.listIndexes;
    if (!choices || q.trashed || q.q || !isMysql(this.db)) return undefined;
    const cols = TENANT_COLUMNS[this.def.table];
    const equals = new Set<string>();
    if (scope.level !== 'platform') equals.add(cols.university);
    if (scope.level === 'college' && cols.college) {
      // Several colleges are several ranges of the index: their union is not in order.
      if (scope.collegeIds.length !== 1) return undefined;
      equals.add(cols.college);
    }
    for (const [k, v] of Object.entries(q)) {
      if (v === undefined || ['page', 'per_page', 'sort', 'cursor'].includes(k)) continue;
      // Any other filter: the optimizer weighs it against the order (a rare status may be cheaper by its own index).
      if (k !== cols.university && k !== cols.college) return undefined;
      equals.add(k);
    }
    const sort = q.sort.replace(/^-/, '');
    return choices.find((c) => c.sort === sort && c.equals.length === equals.size && c.equals.every((e) => equals.has(e)))?.index;
  }

  async get(scope: Scope, id: string, withTrashed = false): Promise<Row | null> {
    const t = this.def.table;
    const sc = scopeValues(scope);
    const rows = await this.statements.rows<Row, Record<string, unknown>>(`get:${sc.shape}:${withTrashed}`, { ...sc.values, id }, (v) => {
      const qb = this.base(scopeFrom(scope, v)).where(sql.ref(`${t}.id`), '=', v.id as string);
      return withTrashed ? qb : qb.where(sql.ref(`${t}.deleted_at`), 'is', null);
    });
    return rows[0] ?? null;
  }

  // `as never` below: the table is one of several (the definition's), so Kysely cannot know its
  // columns; the values were validated by the resource's zod schema and mapped by its definition.
  // Writes are compiled once per shape too (the columns they set): ~0.1 M instructions a statement.
  async insert(values: Record<string, unknown>): Promise<string> {
    const id = uuidv7();
    const now = nowDb();
    const row = { id, created_at: now, updated_at: now, ...values };
    // With the dashboard's counters for the new row, in the same transaction (dashboard-counts.ts).
    await withCounts(this.db, this.counted(this.def.table, 'id', id), (trx) => this.statements.run('insert', row, (v) => trx.insertInto(this.def.table).values(v as never), trx), { before: false });
    return id;
  }

  async update(scope: Scope, id: string, patch: Record<string, unknown>) {
    const t = this.def.table;
    const sc = scopeValues(scope);
    const columns = Object.keys(patch).filter((c) => c !== 'updated_at');
    // The columns set are named `set_<column>`, apart from the scope's and the id's names.
    const values: Record<string, unknown> = { ...sc.values, id, updated_at: nowDb() };
    for (const c of columns) values[`set_${c}`] = patch[c];
    columns.push('updated_at');
    const write = (db: Kysely<DB>) =>
      this.statements.run(`update:${sc.shape}`, values, (v) =>
        db
          .updateTable(t)
          .set(Object.fromEntries(columns.map((c) => [c, v[c === 'updated_at' ? c : `set_${c}`]])) as never)
          .where('id', '=', v.id as string)
          .where(inScope(scopeFrom(scope, v), t)), db);
    // A status, department or college change moves the row between the dashboard's counters.
    if (isCounted(t) && Object.keys(patch).some((k) => COUNTED_COLUMNS[t].includes(k))) await withCounts(this.db, this.counted(t, 'id', id), write);
    else await write(this.db);
  }

  /** The rows of `table` whose `column` is `value`, when the dashboard counts that table. */
  private counted(table: TenantTable, column: string, value: string): CountTarget[] {
    return isCounted(table) ? [rowsWhere(table, column, value)] : [];
  }

  /** The rows a soft delete or restore of `id` can change: the row and its cascade. */
  private cascadeTargets(id: string): CountTarget[] {
    return [...this.counted(this.def.table, 'id', id), ...(this.def.cascade ?? []).flatMap((c) => this.counted(c.table, c.column, id))];
  }

  /** Soft-deletes the row and, with the same timestamp, the live rows below it. */
  async softDelete(scope: Scope, id: string) {
    const stamp = nowDb();
    await withCounts(this.db, this.cascadeTargets(id), async (trx) => {
      await trx.updateTable(this.def.table).set({ deleted_at: stamp } as never).where('id', '=', id).where(inScope(scope, this.def.table)).where('deleted_at', 'is', null).execute();
      for (const c of this.def.cascade ?? []) {
        await trx.updateTable(c.table).set({ deleted_at: stamp } as never).where(sql.ref(c.column), '=', id).where('deleted_at', 'is', null).execute();
      }
    });
  }

  /** Restores the row and what its delete cascaded to (rows deleted at that same instant). */
  async restore(scope: Scope, id: string, deletedAt: string) {
    await withCounts(this.db, this.cascadeTargets(id), async (trx) => {
      await trx.updateTable(this.def.table).set({ deleted_at: null, updated_at: nowDb() } as never).where('id', '=', id).where(inScope(scope, this.def.table)).execute();
      for (const c of this.def.cascade ?? []) {
        await trx.updateTable(c.table).set({ deleted_at: null } as never).where(sql.ref(c.column), '=', id).where('deleted_at', '=', deletedAt).execute();
      }
    });
  }

  /** Deletes the row; the database's foreign keys delete what hangs below it (counted as they go). */
  async purge(id: string) {
    await withCounts(this.db, purgeTargets(this.def.table, id), (trx) => trx.deleteFrom(this.def.table).where('id', '=', id).execute());
  }
}
