import type { SearchGroups, University } from '@bitflow/contracts';
import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import { scoped, scopeFrom, scopeValues } from '../../db/scope.js';
import type { DB } from '../../db/types.js';
import type { Scope } from '../../core/actor.js';
import { CompiledStatements } from '../../db/compiled-statements.js';
import { prefix } from '../shared/list-query.js';

// Global search: prefix matches on indexed columns (tenant first in every index), a few hits per
// group. Prefix LIKE keeps each lookup an index range scan rather than a table scan.
const LIMIT = 5;

export const SEARCH_GROUPS = ['students', 'faculty', 'courses', 'departments', 'colleges', 'universities'] as const;
export type SearchGroup = (typeof SEARCH_GROUPS)[number];

// Every branch answers the same columns, so all of them go to the database as one statement
// (`UNION ALL` of each branch's first LIMIT rows): one round trip and one pooled connection per search
// instead of eight statements competing for the pool. a–d are the group's own columns (see `present`).
interface Hit {
  kind: SearchGroup;
  id: string;
  university_id: string | null;
  a: string | null;
  b: string | null;
  c: string | null;
  d: string | null;
}

interface Branch {
  group: SearchGroup;
  table: SearchGroup;
  /** Table columns answered as a, b, c, d (null: none). */
  cols: [string, string, string | null, string | null];
  /** Each OR-ed column of `match` is its own branch when `split` (people tables, see below). */
  match: string[];
  split?: boolean;
  order: string;
}

const BRANCHES: Branch[] = [
  // People tables are large: one prefix query per column (each an index range read) instead of an OR
  // that MariaDB can only answer by walking the whole tenant in name order. The first LIMIT of the
  // union by last name is the first LIMIT of the union of each branch's first LIMIT.
  { group: 'students', table: 'students', cols: ['first_name', 'last_name', 'admission_number', 'email'], match: ['last_name', 'admission_number', 'email'], split: true, order: 'last_name' },
  { group: 'faculty', table: 'faculty', cols: ['first_name', 'last_name', 'employee_id', 'email'], match: ['last_name', 'employee_id'], split: true, order: 'last_name' },
  { group: 'courses', table: 'courses', cols: ['code', 'title', 'term', null], match: ['code', 'title'], order: 'code' },
  { group: 'departments', table: 'departments', cols: ['name', 'code', null, null], match: ['name', 'code'], order: 'name' },
  { group: 'colleges', table: 'colleges', cols: ['name', 'code', null, null], match: ['name', 'code'], order: 'name' },
  { group: 'universities', table: 'universities', cols: ['name', 'code', 'status', null], match: ['name', 'code'], order: 'name' },
];

const byLastName = (x: Hit, y: Hit) => (x.b ?? '').localeCompare(y.b ?? '', 'en', { sensitivity: 'base' });

// The columns a–c of the people and course branches and the university id are NOT NULL; only `d`
// (e-mail) may be null.
function presentPeople(hits: Hit[]) {
  // Several branches (one per column) may find the same person: first LIMIT by last name, once each.
  const seen = new Set<string>();
  return hits
    .filter((h) => !seen.has(h.id) && seen.add(h.id))
    .sort(byLastName)
    .slice(0, LIMIT);
}

function present(rows: Hit[]): SearchGroups {
  const of = (g: SearchGroup) => rows.filter((r) => r.kind === g);
  const unit = (h: Hit) => ({ id: h.id, name: h.a!, code: h.b!, university_id: h.university_id! });
  return {
    students: presentPeople(of('students')).map((h) => ({ id: h.id, first_name: h.a!, last_name: h.b!, admission_number: h.c!, email: h.d, university_id: h.university_id! })),
    faculty: presentPeople(of('faculty')).map((h) => ({ id: h.id, first_name: h.a!, last_name: h.b!, employee_id: h.c!, email: h.d, university_id: h.university_id! })),
    courses: of('courses').map((h) => ({ id: h.id, code: h.a!, title: h.b!, term: h.c!, university_id: h.university_id! })),
    departments: of('departments').map(unit),
    colleges: of('colleges').map(unit),
    universities: of('universities').map((h) => ({ id: h.id, name: h.a!, code: h.b!, status: h.c as University['status'] })),
  };
}

export class SearchRepository {
  private readonly statements: CompiledStatements;

  constructor(private readonly db: Kysely<DB>) {
    this.statements = new CompiledStatements(db);
  }

  /** Hits per group, for the groups asked for (universities only in God Mode). */
  async search(scope: Scope, q: string, groups: ReadonlySet<SearchGroup>): Promise<SearchGroups> {
    const p = prefix(q);
    const branches = BRANCHES.filter((b) => groups.has(b.group) && (b.group !== 'universities' || scope.level === 'platform'));
    if (!branches.length) return present([]);
    // The text depends on the scope's level, its number of colleges and the groups; the values are
    // the prefix (and its lower case, for e-mail), the university and the colleges.
    const sc = scopeValues(scope);
    const shape = `${sc.shape}:${branches.map((b) => b.group).join(',')}`;
    const rows = await this.statements.rows<Hit, Record<string, unknown>>(shape, { p, lower: p.toLowerCase(), ...sc.values }, (v) =>
      union(this.db, scopeFrom(scope, v), v.p as string, v.lower as string, branches),
    );
    return present(rows);
  }
}

/** One statement: the first LIMIT rows of every branch, UNION ALL. */
function union(db: Kysely<DB>, scope: Scope, p: string, lower: string, branches: Branch[]) {
  const queries: SelectQueryBuilder<DB, never, Hit>[] = [];
  for (const b of branches) {
    const t = b.table;
    const ref = (c: string | null) => (c ? sql<string | null>`${sql.ref(`${t}.${c}`)}` : sql<string | null>`NULL`);
    const like = (c: string) => sql<boolean>`${sql.ref(`${t}.${c}`)} LIKE ${c === 'email' ? lower : p}`;
    for (const match of b.split ? b.match.map((c) => [c]) : [b.match]) {
      const branch = scoped(db, scope, t)
        .where(sql.ref(`${t}.deleted_at`), 'is', null)
        .where(match.length === 1 ? like(match[0]!) : sql<boolean>`(${sql.join(match.map(like), sql` OR `)})`)
        .select([
          sql<SearchGroup>`${sql.lit(b.group)}`.as('kind'),
          sql<string>`${sql.ref(`${t}.id`)}`.as('id'),
          (t === 'universities' ? sql<string | null>`NULL` : ref('university_id')).as('university_id'),
          ref(b.cols[0]).as('a'),
          ref(b.cols[1]).as('b'),
          ref(b.cols[2]).as('c'),
          ref(b.cols[3]).as('d'),
        ])
        .orderBy(sql.ref(`${t}.${b.order}`))
        .limit(LIMIT);
      // `as never`: a derived table per branch, whose row type Kysely cannot carry through the union.
      queries.push(db.selectFrom(branch.as(`b${queries.length}`) as never).selectAll() as unknown as SelectQueryBuilder<DB, never, Hit>);
    }
  }
  return queries.reduce((all, next) => all.unionAll(next));
}
