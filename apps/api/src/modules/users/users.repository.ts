import type { User, UserListQuery } from '@bitflow/contracts';
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { likeContains, paginate } from '../../db/paginate.js';
import { inScope, scoped } from '../../db/scope.js';
import { nowDb, toIso } from '../../db/time.js';
import type { DB } from '../../db/types.js';
import type { Scope } from '../../core/actor.js';

const SORTS = { name: 'name', email: 'email', created_at: 'created_at' } as const;

export class UsersRepository {
  constructor(private readonly db: Kysely<DB>) {}

  private async withRoles<T extends { id: string }>(rows: T[]): Promise<(T & { roles: string[] })[]> {
    if (!rows.length) return [];
    const roles = await this.db
      .selectFrom('user_roles')
      .innerJoin('roles', 'roles.id', 'user_roles.role_id')
      .select(['user_roles.user_id', 'roles.name'])
      .where('user_roles.user_id', 'in', rows.map((r) => r.id))
      .execute();
    return rows.map((r) => ({ ...r, roles: roles.filter((x) => x.user_id === r.id).map((x) => x.name).sort() }));
  }

  private columns = ['id', 'name', 'email', 'status', 'university_id', 'college_id', 'mfa_enabled', 'last_login_at', 'created_at', 'updated_at', 'deleted_at'] as const;

  async list(scope: Scope, q: UserListQuery) {
    let qb = scoped(this.db, scope, 'users').select([...this.columns]);
    if (q.trashed === 'only') qb = qb.where('deleted_at', 'is not', null);
    else if (q.trashed !== 'with') qb = qb.where('deleted_at', 'is', null);
    if (q.status) qb = qb.where('status', '=', q.status);
    if (q.college_id) qb = qb.where('college_id', '=', q.college_id);
    if (q.university_id) qb = qb.where('university_id', '=', q.university_id);
    if (q.q) qb = qb.where((eb) => eb.or([eb('name', 'like', likeContains(q.q!)), eb('email', 'like', likeContains(q.q!))]));
    if (q.role) {
      qb = qb.where('id', 'in', this.db.selectFrom('user_roles').innerJoin('roles', 'roles.id', 'user_roles.role_id').select('user_roles.user_id').where('roles.name', '=', q.role));
    }
    const desc = q.sort.startsWith('-');
    const col = SORTS[q.sort.replace('-', '') as keyof typeof SORTS];
    qb = qb.orderBy(col, desc ? 'desc' : 'asc').orderBy('id');
    const { items, total } = await paginate(qb, q.page, q.per_page);
    return { items: (await this.withRoles(items)).map(present), total };
  }

  async get(scope: Scope, id: string, opts: { withTrashed?: boolean } = {}): Promise<User | null> {
    let qb = scoped(this.db, scope, 'users').select([...this.columns]).where('id', '=', id);
    if (!opts.withTrashed) qb = qb.where('deleted_at', 'is', null);
    const row = await qb.executeTakeFirst();
    return row ? present((await this.withRoles([row]))[0]!) : null;
  }

  emailTaken(email: string) {
    return this.db.selectFrom('users').select('id').where('email', '=', email).where('deleted_at', 'is', null).executeTakeFirst();
  }

  collegeInUniversity(universityId: string, collegeId: string) {
    return this.db.selectFrom('colleges').select('id').where('id', '=', collegeId).where('university_id', '=', universityId).where('deleted_at', 'is', null).executeTakeFirst();
  }

  universityExists(id: string) {
    return this.db.selectFrom('universities').select('id').where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
  }

  async create(u: { name: string; email: string; passwordHash: string | null; status: string; universityId: string | null; collegeId: string | null; roleIds: string[] }) {
    const id = uuidv7();
    const now = nowDb();
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('users')
        .values({ id, name: u.name, email: u.email, password_hash: u.passwordHash, status: u.status, university_id: u.universityId, college_id: u.collegeId, password_changed_at: u.passwordHash ? now : null, created_at: now, updated_at: now })
        .execute();
      await trx.insertInto('user_roles').values(u.roleIds.map((role_id) => ({ user_id: id, role_id, created_at: now }))).execute();
    });
    return id;
  }

  async update(scope: Scope, id: string, patch: { name?: string; status?: string; collegeId?: string | null; roleIds?: string[] }) {
    await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('users')
        .set({
          updated_at: nowDb(),
          ...(patch.name !== undefined ? { name: patch.name } : {}),
          ...(patch.status !== undefined ? { status: patch.status } : {}),
          ...(patch.collegeId !== undefined ? { college_id: patch.collegeId } : {}),
        })
        .where('id', '=', id)
        .where(inScope(scope, 'users'))
        .execute();
      if (patch.roleIds) {
        await trx.deleteFrom('user_roles').where('user_id', '=', id).execute();
        await trx.insertInto('user_roles').values(patch.roleIds.map((role_id) => ({ user_id: id, role_id, created_at: nowDb() }))).execute();
      }
    });
  }

  async setDeleted(scope: Scope, id: string, deleted: boolean) {
    const now = nowDb();
    const res = await this.db
      .updateTable('users')
      .set({ deleted_at: deleted ? now : null, updated_at: now })
      .where('id', '=', id)
      .where(inScope(scope, 'users'))
      .where('deleted_at', deleted ? 'is' : 'is not', null)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }
}

interface RawUser {
  id: string;
  name: string;
  email: string;
  status: string;
  university_id: string | null;
  college_id: string | null;
  mfa_enabled: number;
  last_login_at: string | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
  roles: string[];
}

function present(r: RawUser): User {
  return {
    ...r,
    // A varchar column the API writes only with these values (ZCreateUserRequest / ZUpdateUserRequest).
    status: r.status as User['status'],
    mfa_enabled: r.mfa_enabled === 1,
    last_login_at: toIso(r.last_login_at),
    created_at: toIso(r.created_at)!,
    updated_at: toIso(r.updated_at)!,
    deleted_at: toIso(r.deleted_at),
  };
}
