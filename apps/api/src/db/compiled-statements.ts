import type { Compilable, CompiledQuery, Kysely } from 'kysely';

// Statements whose text depends only on their shape (which groups, which scope level, how many
// colleges), built and compiled by Kysely once per shape, then sent with each request's values.
// Building and compiling a union of eight branches cost more CPU than running it (search: Kysely's
// builders, freezes and compiler visits were ~18 % of the API's busy time).
//
// The template is compiled with a marker in place of each value; a request's parameters are the
// template's with every marker replaced. A marker that did not come out as a parameter of its own
// (inlined into the text, or part of a longer string) makes that shape fall back to building every
// time, so a value can never be dropped or end up in the wrong place; and a marker that somehow
// reached the database would match nothing (no id or text holds a NUL), never another tenant's rows.
const MARK = '\u0000bf:';
const MAX_SHAPES = 500;

type Template = CompiledQuery | 'uncacheable';

export class CompiledStatements {
  private readonly templates = new Map<string, Template>();

  constructor(private readonly db: Kysely<never>) {}

  /** The rows of `build(values)`, compiled once per `shape`: `build` must give one text per shape. */
  async rows<R>(shape: string, values: readonly string[], build: (values: readonly string[]) => Compilable<R>): Promise<R[]> {
    let t = this.templates.get(shape);
    if (!t) {
      t = template(values.length, build);
      if (this.templates.size >= MAX_SHAPES) this.templates.clear();
      this.templates.set(shape, t);
    }
    if (t === 'uncacheable') return (await this.db.executeQuery<R>(build(values))).rows;
    const parameters = t.parameters.map((p) => (typeof p === 'string' && p.startsWith(MARK) ? values[Number(p.slice(MARK.length))] : p));
    return (await this.db.executeQuery<R>({ ...t, parameters } as CompiledQuery<R>)).rows;
  }
}

function template(n: number, build: (values: readonly string[]) => Compilable<unknown>): Template {
  const marks = Array.from({ length: n }, (_, i) => `${MARK}${i}`);
  const compiled = build(marks).compile();
  const whole = new Set(compiled.parameters.filter((p) => typeof p === 'string' && marks.includes(p)));
  const stray = compiled.sql.includes(MARK) || compiled.parameters.some((p) => typeof p === 'string' && p.includes(MARK) && !marks.includes(p));
  return whole.size === n && !stray ? compiled : 'uncacheable';
}
