import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { inScope } from '../../db/scope.js';
import { nowDb } from '../../db/time.js';
import type { DB } from '../../db/types.js';
import type { Scope } from '../../core/actor.js';

export interface RoleRow {
  id: string;
  university_id: string | null;
  name: string;
  display_name: string;
  description: string | null;
  level: string;
  is_system: number;
  created_at: string;
  updated_at: string;
  permissions: string[];
}

// Built-in roles (owner_key '') are visible to everyone; custom roles only inside their university.
export class RolesRepository {
  constructor(private readonly db: Kysely<DB>) {}

  private visible(scope: Scope) {
    return this.db
      .selectFrom('roles')
      .selectAll()
      .where((eb) => eb.or([eb('owner_key', '=', ''), inScope(scope, 'roles')]));
  }

  private async withPermissions(rows: Omit<RoleRow, 'permissions'>[]): Promise<RoleRow[]> {
    if (!rows.length) return [];
    const perms = await this.db
      .selectFrom('role_permissions')
      .innerJoin('permissions', 'permissions.id', 'role_permissions.permission_id')
      .select(['role_permissions.role_id', 'permissions.name'])
      .where('role_permissions.role_id', 'in', rows.map((r) => r.id))
      .execute();
    return rows.map((r) => ({ ...r, permissions: perms.filter((p) => p.role_id === r.id).map((p) => p.name).sort() }));
  }

  async list(scope: Scope, universityId?: string): Promise<RoleRow[]> {
    let q = this.visible(scope).orderBy('is_system', 'desc').orderBy('name');
    if (universityId) q = q.where((eb) => eb.or([eb('owner_key', '=', ''), eb('university_id', '=', universityId)]));
    return this.withPermissions(await q.execute());
  }

  async get(scope: Scope, id: string): Promise<RoleRow | null> {
    const row = await this.visible(scope).where('id', '=', id).executeTakeFirst();
    return row ? ((await this.withPermissions([row]))[0] ?? null) : null;
  }

  /** Roles by name as seen from one university: its custom roles shadow nothing (names are unique). */
  async byNames(universityId: string | null, names: string[]): Promise<RoleRow[]> {
    if (!names.length) return [];
    const rows = await this.db
      .selectFrom('roles')
      .selectAll()
      .where('name', 'in', names)
      .where((eb) => eb.or([eb('owner_key', '=', ''), ...(universityId ? [eb('university_id', '=', universityId)] : [])]))
      .execute();
    return this.withPermissions(rows);
  }

  async permissionIds(names: string[]) {
    if (!names.length) return [];
    return this.db.selectFrom('permissions').select(['id', 'name']).where('name', 'in', names).execute();
  }

  listPermissions() {
    return this.db.selectFrom('permissions').select(['name', 'entity', 'action', 'description']).orderBy('name').execute();
  }

  async create(r: { universityId: string; name: string; displayName: string; description: string | null; level: string; permissionIds: string[] }) {
    const id = uuidv7();
    const now = nowDb();
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('roles')
        .values({ id, university_id: r.universityId, name: r.name, display_name: r.displayName, description: r.description, level: r.level, is_system: 0, owner_key: r.universityId, created_at: now, updated_at: now })
        .execute();
      if (r.permissionIds.length) await trx.insertInto('role_permissions').values(r.permissionIds.map((p) => ({ role_id: id, permission_id: p }))).execute();
    });
    return id;
  }

  async update(id: string, patch: { displayName?: string; description?: string | null; permissionIds?: string[] }) {
    await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('roles')
        .set({ updated_at: nowDb(), ...(patch.displayName !== undefined ? { display_name: patch.displayName } : {}), ...(patch.description !== undefined ? { description: patch.description } : {}) })
        .where('id', '=', id)
        .execute();
      if (patch.permissionIds) {
        await trx.deleteFrom('role_permissions').where('role_id', '=', id).execute();
        if (patch.permissionIds.length) await trx.insertInto('role_permissions').values(patch.permissionIds.map((p) => ({ role_id: id, permission_id: p }))).execute();
      }
    });
  }

  async holders(id: string) {
    return Number((await this.db.selectFrom('user_roles').select((eb) => eb.fn.countAll<number>().as('n')).where('role_id', '=', id).executeTakeFirst())?.n ?? 0);
  }

  async delete(id: string) {
    await this.db.deleteFrom('roles').where('id', '=', id).execute();
  }
}
