import { ALL_PERMISSIONS, BUILT_IN_ROLES } from '@bitflow/contracts';
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { nowDb } from '../time.js';
import type { DB } from '../types.js';

// Brings the permissions table and the built-in roles in line with the catalogue in contracts.
// Runs on every start; idempotent. Custom roles are left alone (a permission removed from the
// catalogue disappears from them through the foreign key cascade).
export async function syncCatalogue(db: Kysely<DB>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const existing = new Map((await trx.selectFrom('permissions').select(['id', 'name']).execute()).map((p) => [p.name, p.id]));
    const missing = ALL_PERMISSIONS.filter((p) => !existing.has(p));
    if (missing.length) {
      const rows = missing.map((name) => {
        const [entity, action] = name.split('.') as [string, string];
        return { id: uuidv7(), name, entity, action, description: `${action.replace('_', ' ')} ${entity.replace('_', ' ')}` };
      });
      await trx.insertInto('permissions').values(rows).execute();
      for (const r of rows) existing.set(r.name, r.id);
    }
    const stale = [...existing.keys()].filter((n) => !(ALL_PERMISSIONS as readonly string[]).includes(n));
    if (stale.length) await trx.deleteFrom('permissions').where('name', 'in', stale).execute();

    const now = nowDb();
    for (const role of BUILT_IN_ROLES) {
      let row = await trx.selectFrom('roles').select('id').where('owner_key', '=', '').where('name', '=', role.name).executeTakeFirst();
      if (!row) {
        row = { id: uuidv7() };
        await trx
          .insertInto('roles')
          .values({
            id: row.id,
            university_id: null,
            name: role.name,
            display_name: role.display_name,
            description: role.description,
            level: role.level,
            is_system: 1,
            owner_key: '',
            created_at: now,
            updated_at: now,
          })
          .execute();
      }
      await trx.deleteFrom('role_permissions').where('role_id', '=', row.id).execute();
      await trx
        .insertInto('role_permissions')
        .values(role.permissions.map((p) => ({ role_id: row.id, permission_id: existing.get(p)! })))
        .execute();
    }
  });
}
