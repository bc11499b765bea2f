import type { Compilable, CompiledQuery, Kysely } from 'kysely';

// Statements whose text depends only on their shape (scope level, which filters, which order, …),
// built and compiled by Kysely once per shape, then sent with each request's values. Building and
// compiling cost more CPU than running them: a union of eight branches (search) spent ~18 % of the
// API's busy time in Kysely's builders, freezes and compiler visits; a list page ~0.6 M instructions.
//
// The template is compiled with a marker in place of each named value; a request's parameters are
// the template's with every marker replaced. The names of the values are part of the shape, so a
// value that is present in one request and absent in another gives two templates. A marker that did
// not come out as a parameter of its own (inlined into the text, or computed with — `mark + 1`,
// `${mark} 00:00`) makes that shape fall back to building every time, so a value can never be
// dropped or end up in the wrong place; and a marker that somehow reached the database would match
// nothing (no id or text holds a NUL), never another tenant's rows. What this cannot catch is a build
// that branches on a value's content (`v === 'x' ? a : b`): `build` may only pass values into the
// statement, and branch on the shape.
const MARK = '\u0000bf:';
const MAX_SHAPES = 500;

type Template = CompiledQuery | 'uncacheable';
export type StatementValues = Record<string, unknown>;

export class CompiledStatements {
  private readonly templates = new Map<string, Template>();

  constructor(private readonly db: Kysely<never>) {}

  /** The rows of `build(values)`, compiled once per `shape` and set of value names. */
  async rows<R, V extends StatementValues>(shape: string, values: V, build: (values: V) => Compilable<R>): Promise<R[]> {
    return (await this.db.executeQuery<R>(this.compiled(shape, values, build))).rows;
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
    if (t === 'uncacheable') return build(values).compile();
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

function template<V extends StatementValues>(names: string[], build: (values: V) => Compilable<unknown>): Template {
  const marks = names.map((n) => `${MARK}${n}`);
  const compiled = build(Object.fromEntries(names.map((n, i) => [n, marks[i]])) as V).compile();
  const whole = new Set(compiled.parameters.filter((p) => typeof p === 'string' && marks.includes(p)));
  const stray = compiled.sql.includes(MARK) || compiled.parameters.some((p) => typeof p === 'string' && p.includes(MARK) && !marks.includes(p));
  return whole.size === names.length && !stray ? compiled : 'uncacheable';
}
