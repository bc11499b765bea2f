import type { Kysely } from 'kysely';
import { CompiledStatements } from '../../db/compiled-statements.js';
import { inScope, scopeFrom, scopeValues, type TenantTable } from '../../db/scope.js';
import type { DB } from '../../db/types.js';
import type { Scope } from '../../core/actor.js';

// Checks that a foreign id named in a body (college_id, department_id, course_id) lies inside the
// caller's scope. An id from another tenant is indistinguishable from one that does not exist.
// Every create and move asks one of these: compiled once per scope shape (CompiledStatements).
export class PlacementRepository {
  private readonly statements: CompiledStatements;

  constructor(private readonly db: Kysely<DB>) {
    this.statements = new CompiledStatements(db);
  }

  /** The live row `id` of `table` inside the scope: only `columns`. */
  private async live<R>(table: TenantTable, columns: string[], scope: Scope, id: string): Promise<R | undefined> {
    const sc = scopeValues(scope);
    const rows = await this.statements.rows<R, Record<string, unknown>>(`${table}:${sc.shape}`, { ...sc.values, id }, (v) =>
      this.db
        .selectFrom(table)
        .select(columns as never)
        .where('id' as never, '=', v.id as never)
        .where('deleted_at' as never, 'is', null as never)
        .where(inScope(scopeFrom(scope, v), table)) as never,
    );
    return rows[0];
  }

  college(scope: Scope, id: string) {
    return this.live<{ id: string; university_id: string }>('colleges', ['id', 'university_id'], scope, id);
  }

  department(scope: Scope, id: string) {
    return this.live<{ id: string; university_id: string; college_id: string }>('departments', ['id', 'university_id', 'college_id'], scope, id);
  }

  course(scope: Scope, id: string) {
    return this.live<{ id: string; university_id: string; college_id: string; term: string; capacity: number; status: string }>('courses', ['id', 'university_id', 'college_id', 'term', 'capacity', 'status'], scope, id);
  }

  student(scope: Scope, id: string) {
    return this.live<{ id: string; university_id: string; college_id: string; status: string }>('students', ['id', 'university_id', 'college_id', 'status'], scope, id);
  }

  university(id: string) {
    return this.db.selectFrom('universities').select(['id', 'status']).where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
  }
}
