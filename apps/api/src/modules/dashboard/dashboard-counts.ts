import { sql, type Expression, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import { statementsFor } from '../../db/compiled-statements.js';
import { isMysql } from '../../db/schema-helpers.js';
import type { DB } from '../../db/types.js';
import { notePlatformWrite } from '../god-mode/platform-totals.js';

// The dashboard's figures as maintained counters (migration 015, table dashboard_counts): one row per
// university, college, metric and bucket, holding how many live rows fall there. Every write to a
// counted table goes through `withCounts`, which counts the rows the write can touch before and after
// it, in the write's own transaction, and adds the difference — so a create, delete, restore (and
// the rows a cascade or a foreign key took with it), a move to another department or college, a
// status change and an import all keep the counters exact, whatever the write's shape. The dashboard
// then sums a few hundred rows instead of grouping a tenant's 200,000 students and 400,000 enrolments.

export type CountedTable = 'colleges' | 'departments' | 'courses' | 'students' | 'faculty' | 'enrollments';

/** For each counted table: the column naming its college, and the buckets each live row adds 1 to. */
const COUNTED: Record<CountedTable, { college: string; metrics: { metric: string; bucket: (t: string) => RawBuilder<string> }[] }> = {
  colleges: { college: 'id', metrics: [{ metric: 'colleges', bucket: () => sql<string>`''` }] },
  departments: { college: 'college_id', metrics: [{ metric: 'departments', bucket: () => sql<string>`''` }] },
  courses: { college: 'college_id', metrics: [{ metric: 'courses', bucket: () => sql<string>`''` }] },
  faculty: { college: 'college_id', metrics: [{ metric: 'faculty', bucket: () => sql<string>`''` }] },
  students: {
    college: 'college_id',
    metrics: [
      { metric: 'student_status', bucket: (t) => sql<string>`${sql.ref(`${t}.status`)}` },
      { metric: 'student_department', bucket: (t) => sql<string>`${sql.ref(`${t}.department_id`)}` },
    ],
  },
  enrollments: {
    college: 'college_id',
    metrics: [
      { metric: 'enrollment_term', bucket: (t) => sql<string>`${sql.ref(`${t}.term`)}` },
      // 'YYYY-MM' of the 'YYYY-MM-DD HH:MM:SS' text form, which both MySQL and SQLite give.
      { metric: 'enrollment_month', bucket: (t) => sql<string>`SUBSTR(${sql.ref(`${t}.enrolled_at`)}, 1, 7)` },
    ],
  },
};

/** Columns a write must change for a row to move between buckets (anything else leaves the counters alone). */
export const COUNTED_COLUMNS: Record<CountedTable, string[]> = {
  colleges: ['university_id', 'deleted_at'],
  departments: ['university_id', 'college_id', 'deleted_at'],
  courses: ['university_id', 'college_id', 'deleted_at'],
  faculty: ['university_id', 'college_id', 'deleted_at'],
  students: ['university_id', 'college_id', 'deleted_at', 'status', 'department_id'],
  enrollments: ['university_id', 'college_id', 'deleted_at', 'term', 'enrolled_at'],
};

export const isCounted = (table: string): table is CountedTable => table in COUNTED;

/** Rows of a counted table a write may touch: `where` over the table's own columns. */
export interface CountTarget {
  table: CountedTable;
  where: Expression<SqlBool>;
  /** `column = value`, when that is all `where` says: the statement can then be compiled once per shape. */
  equals?: { column: string; value: string };
}

/** Rows of `table` whose `column` is one of `values`. */
export const rowsWhere = (table: CountedTable, column: string, values: string | string[]): CountTarget =>
  Array.isArray(values)
    ? { table, where: sql<SqlBool>`${sql.ref(`${table}.${column}`)} IN (${sql.join(values)})` }
    : {
        table,
        equals: { column, value: values },
        // Built only where it is used: a compiled statement (addRows) takes `equals` and never asks.
        get where() {
          return sql<SqlBool>`${sql.ref(`${table}.${column}`)} = ${values}`;
        },
      };

/**
 * What a hard delete of `table`'s row `id` takes with it through the foreign keys (ON DELETE CASCADE,
 * migration 001): the row, the rows naming it, and a department's people's enrolments.
 */
export function purgeTargets(table: string, id: string): CountTarget[] {
  const below: Record<string, CountTarget[]> = {
    // A university's own counter rows go with it (their foreign key): nothing left to count.
    universities: [],
    colleges: [rowsWhere('colleges', 'id', id), ...(['departments', 'courses', 'students', 'faculty', 'enrollments'] as const).map((t) => rowsWhere(t, 'college_id', id))],
    departments: [
      rowsWhere('departments', 'id', id), rowsWhere('students', 'department_id', id), rowsWhere('faculty', 'department_id', id),
      { table: 'enrollments', where: sql<SqlBool>`${sql.ref('enrollments.student_id')} IN (SELECT ${sql.ref('students.id')} FROM students WHERE ${sql.ref('students.department_id')} = ${id})` },
    ],
    courses: [rowsWhere('courses', 'id', id), rowsWhere('enrollments', 'course_id', id)],
    students: [rowsWhere('students', 'id', id), rowsWhere('enrollments', 'student_id', id)],
    faculty: [rowsWhere('faculty', 'id', id)],
  };
  return below[table] ?? [];
}

type Deltas = Map<string, number>;
const SEP = '\u0001';

/**
 * The live rows of the targets, by counter key. On MySQL a locking read: it sees the latest committed
 * rows and locks their index range, so no other transaction can add or change a row there between
 * the count and the write (a plain read would count a snapshot the write then goes past).
 */
async function tally(db: Kysely<DB>, targets: CountTarget[], into: Deltas, sign: 1 | -1) {
  for (const { table, where } of targets) {
    const def = COUNTED[table];
    const buckets = def.metrics.map((m, i) => m.bucket(table).as(`b${i}`));
    let qb = db
      .selectFrom(table)
      .select([sql<string>`${sql.ref(`${table}.university_id`)}`.as('u'), sql<string>`${sql.ref(`${table}.${def.college}`)}`.as('c'), ...buckets, sql<number>`COUNT(*)`.as('n')])
      .where(where)
      .where(`${table}.deleted_at` as never, 'is', null as never)
      .groupBy([sql.ref(`${table}.university_id`), sql.ref(`${table}.${def.college}`), ...def.metrics.map((m) => m.bucket(table))]);
    if (isMysql(db)) qb = qb.forUpdate();
    const rows = (await qb.execute()) as unknown as Record<string, string | number>[];
    for (const r of rows) {
      def.metrics.forEach((m, i) => {
        const key = [r.u, r.c, m.metric, r[`b${i}`] ?? ''].join(SEP);
        into.set(key, (into.get(key) ?? 0) + sign * Number(r.n));
      });
    }
  }
}

async function apply(db: Kysely<DB>, deltas: Deltas) {
  // In key order, so two transactions meet their counter rows in the same order (no lock cycle).
  const rows = [...deltas].filter(([, n]) => n !== 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, n]) => {
    const [university_id, college_id, metric, bucket] = k.split(SEP) as [string, string, string, string];
    return { university_id, college_id, metric, bucket, n };
  });
  if (!rows.length) return;
  const insert = db.insertInto('dashboard_counts').values(rows);
  await (isMysql(db)
    ? insert.onDuplicateKeyUpdate({ n: sql`n + VALUES(n)` })
    : insert.onConflict((oc) => oc.columns(['university_id', 'college_id', 'metric', 'bucket']).doUpdateSet({ n: sql`dashboard_counts.n + excluded.n` }))
  ).execute();
}

/** One statement: the targets' live rows counted into the counters, metric by metric in key order. */
async function addRows(db: Kysely<DB>, targets: CountTarget[]) {
  const statement = (ts: CountTarget[]) => {
    const parts = ts.flatMap(({ table, where }) =>
      COUNTED[table].metrics.map((m) => {
        const c = sql.ref(`${table}.${COUNTED[table].college}`);
        const u = sql.ref(`${table}.university_id`);
        const b = m.bucket(table);
        return { key: m.metric, q: sql`SELECT ${u} AS university_id, ${c} AS college_id, ${m.metric} AS metric, ${b} AS bucket, COUNT(*) AS n FROM ${sql.table(table)} WHERE ${where} AND ${sql.ref(`${table}.deleted_at`)} IS NULL GROUP BY ${u}, ${c}, ${b}` };
      }),
    );
    // Metrics in name order, as `apply` sorts its keys: one row's counters are met in one order by everyone.
    parts.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const rows = sql.join(parts.map((p) => p.q), sql` UNION ALL `);
    const onConflict = isMysql(db) ? sql`ON DUPLICATE KEY UPDATE n = dashboard_counts.n + VALUES(n)` : sql`ON CONFLICT (university_id, college_id, metric, bucket) DO UPDATE SET n = dashboard_counts.n + excluded.n`;
    return sql`INSERT INTO dashboard_counts (university_id, college_id, metric, bucket, n) SELECT * FROM (${rows}) AS added WHERE 1 = 1 ${onConflict}`;
  };
  // A create's one target (`id = …`): compiled once per table and column, with the ids as values.
  if (!targets.every((t) => t.equals)) return void (await statement(targets).execute(db));
  const values = Object.fromEntries(targets.map((t, i) => [`t${i}`, t.equals!.value]));
  const shape = `counts:${targets.map((t) => `${t.table}.${t.equals!.column}`).join(',')}`;
  await statementsFor(db).run(shape, values, (v) => ({ compile: () => statement(targets.map((t, i) => rowsWhere(t.table, t.equals!.column, v[`t${i}`] as string))).compile(db) }), db);
}

/**
 * Runs `change` in a transaction (or the caller's) and adds to the counters what it did to the
 * targets' live rows. `before: false` for a pure insert of new ids (nothing to count beforehand).
 */
export async function withCounts<T>(db: Kysely<DB>, targets: CountTarget[], change: (trx: Kysely<DB>) => Promise<T>, { before = true } = {}): Promise<T> {
  if (!targets.length) return change(db);
  const run = async (trx: Kysely<DB>) => {
    if (!before) {
      // New rows only: added to the counters by one INSERT … SELECT of them (this transaction's own rows).
      const out = await change(trx);
      await addRows(trx, targets);
      return out;
    }
    const deltas: Deltas = new Map();
    await tally(trx, targets, deltas, -1);
    const out = await change(trx);
    await tally(trx, targets, deltas, 1);
    await apply(trx, deltas);
    return out;
  };
  const out = await (db.isTransaction ? run(db) : db.transaction().execute(run));
  notePlatformWrite();
  return out;
}

/**
 * Adds new rows to the counters from their values, with no read: for an insert that names every
 * counted column itself (no database default), such as an enrolment. In the insert's transaction.
 */
export async function countInserted(trx: Kysely<DB>, table: 'enrollments', rows: { university_id: string; college_id: string; term: string; enrolled_at: string }[]) {
  const deltas: Deltas = new Map();
  const add = (key: string[]) => deltas.set(key.join(SEP), (deltas.get(key.join(SEP)) ?? 0) + 1);
  for (const r of rows) {
    add([r.university_id, r.college_id, 'enrollment_term', r.term]);
    add([r.university_id, r.college_id, 'enrollment_month', r.enrolled_at.slice(0, 7)]);
  }
  await apply(trx, deltas);
  notePlatformWrite();
}

/** Recounts every counter from the tables (after a bulk load that bypassed the repositories). */
export async function rebuildDashboardCounts(db: Kysely<DB>) {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('dashboard_counts').execute();
    for (const table of Object.keys(COUNTED) as CountedTable[]) {
      const def = COUNTED[table];
      for (const m of def.metrics) {
        const bucket = m.bucket(table);
        await trx
          .insertInto('dashboard_counts')
          .columns(['university_id', 'college_id', 'metric', 'bucket', 'n'])
          .expression(
            trx
              .selectFrom(table)
              .select([sql<string>`${sql.ref(`${table}.university_id`)}`.as('university_id'), sql<string>`${sql.ref(`${table}.${def.college}`)}`.as('college_id'), sql<string>`${sql.lit(m.metric)}`.as('metric'), bucket.as('bucket'), sql<number>`COUNT(*)`.as('n')])
              .where(`${table}.deleted_at` as never, 'is', null as never)
              .groupBy([sql.ref(`${table}.university_id`), sql.ref(`${table}.${def.college}`), bucket]) as never,
          )
          .execute();
      }
    }
  });
}
