import { sql, type Expression, type Kysely, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { Scope } from '../core/actor.js';
import type { DB } from './types.js';

// The one place tenant scope becomes SQL (our replacement for Eloquent's global scope).
// Repositories start every tenant query with `scoped(db, scope, table)` or add `inScope(...)`;
// nothing else writes `university_id = …` by hand.

/** For each tenant table: the column naming its university, and the one naming its college. */
export const TENANT_COLUMNS = {
  universities: { university: 'id', college: null },
  colleges: { university: 'university_id', college: 'id' },
  departments: { university: 'university_id', college: 'college_id' },
  courses: { university: 'university_id', college: 'college_id' },
  students: { university: 'university_id', college: 'college_id' },
  faculty: { university: 'university_id', college: 'college_id' },
  enrollments: { university: 'university_id', college: 'college_id' },
  users: { university: 'university_id', college: 'college_id' },
  roles: { university: 'university_id', college: null },
  reports: { university: 'university_id', college: 'college_id' },
  scheduled_reports: { university: 'university_id', college: 'college_id' },
  imports: { university: 'university_id', college: 'college_id' },
  files: { university: 'university_id', college: 'college_id' },
  notifications: { university: 'university_id', college: null },
  announcements: { university: 'university_id', college: 'college_id' },
  audit_logs: { university: 'university_id', college: null },
  tenant_exports: { university: 'university_id', college: null },
  access_reviews: { university: 'university_id', college: null },
  dashboard_counts: { university: 'university_id', college: 'college_id' },
} as const satisfies Partial<Record<keyof DB, { university: string; college: string | null }>>;

export type TenantTable = keyof typeof TENANT_COLUMNS;

export function inScope(scope: Scope, table: TenantTable, alias: string = table): Expression<SqlBool> {
  const cols = TENANT_COLUMNS[table];
  if (scope.level === 'platform') return sql<SqlBool>`1 = 1`;
  const uni = sql`${sql.ref(`${alias}.${cols.university}`)} = ${scope.universityId}`;
  if (scope.level === 'university' || cols.college === null) return sql<SqlBool>`${uni}`;
  if (scope.collegeIds.length === 0) return sql<SqlBool>`1 = 0`;
  return sql<SqlBool>`(${uni} AND ${sql.ref(`${alias}.${cols.college}`)} IN (${sql.join(scope.collegeIds)}))`;
}

/** `SELECT … FROM table WHERE <scope>`: the start of every tenant read. */
export function scoped<T extends TenantTable>(db: Kysely<DB>, scope: Scope, table: T): SelectQueryBuilder<DB, T, object> {
  // The cast only narrows Kysely's union over all tenant tables back to the one named.
  return (db.selectFrom(table as TenantTable) as unknown as SelectQueryBuilder<DB, T, object>).where(inScope(scope, table));
}

/** Narrows a platform scope to one tenant when God Mode names it explicitly. */
export function narrowTo(scope: Scope, universityId: string | undefined): Scope {
  if (scope.level === 'platform' && universityId) return { level: 'university', universityId };
  return scope;
}

/**
 * A scope's ids as named statement values (`uni`, `college0`…) for CompiledStatements, and its
 * shape: the level and the number of colleges decide the text of `inScope`, the ids only its values.
 */
export function scopeValues(scope: Scope): { shape: string; values: Record<string, string> } {
  if (scope.level === 'platform') return { shape: 'platform', values: {} };
  const values: Record<string, string> = { uni: scope.universityId };
  if (scope.level === 'college') scope.collegeIds.forEach((id, i) => (values[`college${i}`] = id));
  return { shape: scope.level, values };
}

/** The scope with its ids taken from `values` (scopeValues' names): markers, when compiling a template. */
export function scopeFrom(scope: Scope, values: Record<string, unknown>): Scope {
  if (scope.level === 'platform') return scope;
  const universityId = values.uni as string;
  if (scope.level === 'university') return { level: 'university', universityId };
  return { level: 'college', universityId, collegeIds: scope.collegeIds.map((_, i) => values[`college${i}`] as string) };
}
