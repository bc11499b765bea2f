import type { Compilable, CompiledQuery, Kysely, QueryResult } from 'kysely';
import type { DB } from './types.js';

// Statements whose text depends only on their shape (scope level, which filters, which order, which
// columns a write sets, …), built and compiled by Kysely once per shape, then sent with each
// request's values. Building and compiling cost more CPU than running them: a union of eight
// branches (search) spent ~18 % of the API's busy time in Kysely's builders, freezes and compiler
// visits; a list page ~0.6 M instructions; a create's writes ~0.65 M (BENCHMARKS.md, change 38).
//
// The template is compiled with a marker in place of each named value; a request's parameters are
// the template's with every marker replaced. The names of the values are part of the shape, so a
// value that is present in one request and absent in another gives two templates. A marker that did
// not come out as a parameter of its own (inlined into the text, or computed with — `mark + 1`,
// `${mark} 00:00`) makes that shape fall back to building every time, so a value can never be
// dropped or end up in the wrong place; and a marker that somehow reached the database would match
// nothing (no id or text holds a NUL), never another tenant's rows. A value that is not a plain one
// (an expression, an object, undefined) is built every time too: a marker cannot stand in for SQL. What this
// cannot catch is a build that branches on a value's content (`v === 'x' ? a : b`): `build` may only
// pass values into the statement, and branch on the shape.
const MARK = '\u0000bf:';
const MAX_SHAPES = 500;

type Template = CompiledQuery | 'uncacheable';
export type StatementValues = Record<string, unknown>;
type Db = Kysely<never>;

// undefined too: Kysely leaves an undefined value's column out of an insert or update, a template would not.
const plain = (v: unknown) => v !== undefined && (v === null || typeof v !== 'object' || v instanceof Date || Buffer.isBuffer(v));

export class CompiledStatements {
  private readonly templates = new Map<string, Template>();

  /** `db`: where the statements run unless a call names another (a transaction of the same database). */
  constructor(private readonly db?: Kysely<DB>) {}

  /** The rows of `build(values)`, compiled once per `shape` and set of value names. */
  async rows<R, V extends StatementValues>(shape: string, values: V, build: (values: V) => Compilable<R>, on?: Kysely<DB>): Promise<R[]> {
    return (await this.run(shape, values, build, on)).rows;
  }

  /** The whole result (affected rows for a write), compiled the same way. */
  run<R, V extends StatementValues>(shape: string, values: V, build: (values: V) => Compilable<R>, on?: Kysely<DB>): Promise<QueryResult<R>> {
    const db = (on ?? this.db) as Db | undefined;
    if (!db) throw new Error('CompiledStatements: no database to run on');
    return db.executeQuery<R>(this.compiled(shape, values, build));
  }

  /** The statement `build(values)` compiles to, from its shape's template where it has one. */
  private compiled<R, V extends StatementValues>(shape: string, values: V, build: (values: V) => Compilable<R>): CompiledQuery<R> {
    const names = Object.keys(values);
    const key = `${shape}|${names.join(',')}`;
    let t = this.templates.get(key);
    if (!t) {
      t = template(names, build);
      if (this.templates.size >= MAX_SHAPES) this.templates.clear();
      this.templates.set(key, t);
    }
    if (t === 'uncacheable' || !names.every((n) => plain(values[n]))) return build(values).compile();
    const parameters = t.parameters.map((p) => (typeof p === 'string' && p.startsWith(MARK) ? values[p.slice(MARK.length)] : p));
    return { ...t, parameters } as CompiledQuery<R>;
  }

  /** How many shapes have a template, and how many are built every time (tests check the hot ones compile). */
  stats(): { compiled: number; uncacheable: number } {
    const all = [...this.templates.values()];
    const uncacheable = all.filter((t) => t === 'uncacheable').length;
    return { compiled: all.length - uncacheable, uncacheable };
  }
}

// For statements written outside a repository (the audit chain, the dashboard's counters), which
// run on whichever connection or transaction they are given: one set of templates per dialect.
const byDialect = new WeakMap<object, CompiledStatements>();

/** The templates for `db`'s dialect (a transaction shares its database's). */
export function statementsFor(db: Kysely<DB>): CompiledStatements {
  const dialect = db.getExecutor().adapter.constructor;
  let s = byDialect.get(dialect);
  if (!s) byDialect.set(dialect, (s = new CompiledStatements()));
  return s;
}

function template<V extends StatementValues>(names: string[], build: (values: V) => Compilable<unknown>): Template {
  const marks = names.map((n) => `${MARK}${n}`);
  const compiled = build(Object.fromEntries(names.map((n, i) => [n, marks[i]])) as V).compile();
  const whole = new Set(compiled.parameters.filter((p) => typeof p === 'string' && marks.includes(p)));
  const stray = compiled.sql.includes(MARK) || compiled.parameters.some((p) => typeof p === 'string' && p.includes(MARK) && !marks.includes(p));
  return whole.size === names.length && !stray ? compiled : 'uncacheable';
}
