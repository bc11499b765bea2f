import type { Kysely } from 'kysely';
import { inScope } from '../../db/scope.js';
import type { DB } from '../../db/types.js';
import type { Scope } from '../../core/actor.js';

// Checks that a foreign id named in a body (college_id, department_id, course_id) lies inside the
// caller's scope. An id from another tenant is indistinguishable from one that does not exist.
export class PlacementRepository {
  constructor(private readonly db: Kysely<DB>) {}

  college(scope: Scope, id: string) {
    return this.db.selectFrom('colleges').select(['id', 'university_id']).where('id', '=', id).where('deleted_at', 'is', null).where(inScope(scope, 'colleges')).executeTakeFirst();
  }

  department(scope: Scope, id: string) {
    return this.db.selectFrom('departments').select(['id', 'university_id', 'college_id']).where('id', '=', id).where('deleted_at', 'is', null).where(inScope(scope, 'departments')).executeTakeFirst();
  }

  course(scope: Scope, id: string) {
    return this.db.selectFrom('courses').select(['id', 'university_id', 'college_id', 'term', 'capacity', 'status']).where('id', '=', id).where('deleted_at', 'is', null).where(inScope(scope, 'courses')).executeTakeFirst();
  }

  student(scope: Scope, id: string) {
    return this.db.selectFrom('students').select(['id', 'university_id', 'college_id', 'status']).where('id', '=', id).where('deleted_at', 'is', null).where(inScope(scope, 'students')).executeTakeFirst();
  }

  university(id: string) {
    return this.db.selectFrom('universities').select(['id', 'status']).where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
  }
}
