import type { Kysely } from 'kysely';
import { paginate } from '../../db/paginate.js';
import { inScope, scoped } from '../../db/scope.js';
import { nowDb } from '../../db/time.js';
import type { DB } from '../../db/types.js';
import type { Scope } from '../../core/actor.js';

export class UploadsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async create(f: Omit<DB['files'], 'created_at' | 'deleted_at' | 'is_live'>) {
    await this.db.insertInto('files').values({ ...f, created_at: nowDb() }).execute();
  }

  get(scope: Scope, id: string) {
    return scoped(this.db, scope, 'files').selectAll().where('files.id', '=', id).where('files.deleted_at', 'is', null).executeTakeFirst();
  }

  list(scope: Scope, q: { page: number; per_page: number; entity_type?: string; entity_id?: string; kind?: string }) {
    let qb = scoped(this.db, scope, 'files').selectAll().where('files.deleted_at', 'is', null);
    if (q.entity_type) qb = qb.where('files.entity_type', '=', q.entity_type);
    if (q.entity_id) qb = qb.where('files.entity_id', '=', q.entity_id);
    if (q.kind) qb = qb.where('files.kind', '=', q.kind);
    return paginate(qb.orderBy('files.created_at', 'desc').orderBy('files.id', 'desc'), q.page, q.per_page);
  }

  async softDelete(scope: Scope, id: string) {
    await this.db.updateTable('files').set({ deleted_at: nowDb() }).where('id', '=', id).where(inScope(scope, 'files')).execute();
  }

  /** The student or faculty member a file is attached to, if it is in scope. */
  owner(scope: Scope, type: 'student' | 'faculty', id: string) {
    const table = type === 'student' ? 'students' : 'faculty';
    return this.db.selectFrom(table).select([`${table}.id`, `${table}.university_id`, `${table}.college_id`]).where(`${table}.id`, '=', id).where(`${table}.deleted_at`, 'is', null).where(inScope(scope, table)).executeTakeFirst();
  }
}
