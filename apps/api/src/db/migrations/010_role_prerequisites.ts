import { withPrerequisites } from '@bitflow/contracts';
import type { AnyDb } from '../schema-helpers.js';

// Custom roles saved before the API added prerequisites (issue #19 item 2) may hold students.update
// without departments.view and so submit no student form: give each the permissions its own
// permissions need, as saving it again would. Built-in roles already hold theirs (they are rewritten
// from the catalogue on every start). Only adds rows, so running it on a repaired database is a no-op.

export async function up(db: AnyDb): Promise<void> {
  const rows: { role_id: string; name: string }[] = await db
    .selectFrom('role_permissions')
    .innerJoin('roles', 'roles.id', 'role_permissions.role_id')
    .innerJoin('permissions', 'permissions.id', 'role_permissions.permission_id')
    .select(['role_permissions.role_id', 'permissions.name'])
    .where('roles.is_system', '=', 0)
    .execute();
  if (!rows.length) return;
  const ids = new Map<string, string>((await db.selectFrom('permissions').select(['id', 'name']).execute()).map((p: { id: string; name: string }) => [p.name, p.id]));
  const byRole = new Map<string, string[]>();
  for (const r of rows) byRole.set(r.role_id, [...(byRole.get(r.role_id) ?? []), r.name]);
  const inserts: { role_id: string; permission_id: string }[] = [];
  for (const [roleId, names] of byRole) {
    for (const a of withPrerequisites(names).added) {
      const permissionId = ids.get(a.permission);
      if (permissionId) inserts.push({ role_id: roleId, permission_id: permissionId });
    }
  }
  if (inserts.length) await db.insertInto('role_permissions').values(inserts).execute();
}

// Nothing to undo: the added permissions are indistinguishable from ones granted by hand.
export async function down(): Promise<void> {}
