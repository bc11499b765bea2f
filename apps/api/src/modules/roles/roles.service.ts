import { ALL_PERMISSIONS, withPrerequisites, type CreateRoleRequest, type PermissionInfo, type Role, type SavedRole } from '@bitflow/contracts';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.js';
import { toIso } from '../../db/time.js';
import { AppError } from '../../core/app-error.js';
import type { Actor, RequestMeta } from '../../core/actor.js';
import { writeAudit } from '../audit/audit-writer.js';
import type { ActorCache } from '../auth/actor-cache.js';
import { assertCanGrant, canGrant } from './grant-rules.js';
import type { RoleRow, RolesRepository } from './roles.repository.js';

// `level` is a varchar the API writes only with these values (ZCreateRoleRequest, the seeded roles).
// The row also holds internal columns (owner_key): the answer names its fields one by one.
const present = (r: RoleRow): Role => ({
  id: r.id,
  university_id: r.university_id,
  name: r.name,
  display_name: r.display_name,
  description: r.description,
  level: r.level as Role['level'],
  is_system: r.is_system === 1,
  permissions: r.permissions,
  created_at: toIso(r.created_at)!,
  updated_at: toIso(r.updated_at)!,
});

// Custom roles per university, built from the permission catalogue. Built-in roles are read-only.
export class RolesService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly repo: RolesRepository,
    private readonly actors: ActorCache,
  ) {}

  async list(actor: Actor, universityId?: string): Promise<Role[]> {
    return (await this.repo.list(actor.scope, universityId)).map(present);
  }

  /**
   * The roles `actor` may give to a user (their level at or below the actor's, every permission held
   * by the actor): what the user forms offer, for holders of users.create who cannot read /roles.
   */
  async grantable(actor: Actor, universityId?: string): Promise<Role[]> {
    return (await this.repo.list(actor.scope, universityId)).filter((r) => canGrant(actor, r)).map(present);
  }

  async get(actor: Actor, id: string): Promise<Role> {
    const role = await this.repo.get(actor.scope, id);
    if (!role) throw AppError.notFound('Role');
    return present(role);
  }

  permissions(): Promise<PermissionInfo[]> {
    return this.repo.listPermissions();
  }

  // The permissions asked for plus those they need to be usable (packages/contracts prerequisites):
  // a role with students.update but not departments.view could submit no student form. The grant
  // rules apply to the whole set: an editor cannot slip in a prerequisite they do not hold.
  private async resolvePermissions(actor: Actor, requested: string[], level: string) {
    const unknown = requested.filter((n) => !(ALL_PERMISSIONS as readonly string[]).includes(n));
    if (unknown.length) throw AppError.validation({ permissions: [`Unknown permissions: ${unknown.join(', ')}.`] });
    if (requested.some((n) => n.startsWith('god_mode.'))) throw AppError.validation({ permissions: ['God Mode permissions belong to the platform owner role only.'] });
    const { permissions: names, added } = withPrerequisites(requested);
    assertCanGrant(actor, { name: 'custom role', level, permissions: names });
    return { ids: (await this.repo.permissionIds([...new Set(names)])).map((p) => p.id), names, added };
  }

  async create(actor: Actor, body: CreateRoleRequest, meta: RequestMeta): Promise<SavedRole> {
    const universityId = actor.scope.level === 'platform' ? body.university_id : actor.scope.universityId;
    if (!universityId) throw AppError.validation({ university_id: ['Name the university this role belongs to.'] });
    if (actor.scope.level !== 'platform' && body.university_id && body.university_id !== universityId) {
      throw AppError.validation({ university_id: ['This field is not allowed.'] });
    }
    const perms = await this.resolvePermissions(actor, body.permissions, body.level);
    if ((await this.repo.byNames(universityId, [body.name])).length) throw AppError.conflict('name', 'A role with this name already exists.');
    const id = await this.repo.create({ universityId, name: body.name, displayName: body.display_name, description: body.description ?? null, level: body.level, permissionIds: perms.ids });
    await writeAudit(this.db, meta, { by: actor, action: 'roles.created', universityId, entityType: 'role', entityId: id, changes: { name: body.name, permissions: perms.names } });
    return { ...(await this.get(actor, id)), added_permissions: perms.added };
  }

  private async editable(actor: Actor, id: string) {
    const role = await this.repo.get(actor.scope, id);
    if (!role) throw AppError.notFound('Role');
    if (role.is_system) throw new AppError('FORBIDDEN', 'Built-in roles cannot be changed.');
    // Editing a role is granting its permissions to every holder: the same rules apply.
    assertCanGrant(actor, role);
    return role;
  }

  async update(actor: Actor, id: string, body: { display_name?: string; description?: string | null; permissions?: string[] }, meta: RequestMeta): Promise<SavedRole> {
    const role = await this.editable(actor, id);
    const perms = body.permissions ? await this.resolvePermissions(actor, body.permissions, role.level) : undefined;
    await this.repo.update(id, { displayName: body.display_name, description: body.description, permissionIds: perms?.ids });
    await this.actors.bumpEpoch();
    await writeAudit(this.db, meta, { by: actor, action: 'roles.updated', universityId: role.university_id, entityType: 'role', entityId: id, changes: { ...body, ...(perms ? { permissions: perms.names } : {}) } });
    return { ...(await this.get(actor, id)), added_permissions: perms?.added ?? [] };
  }

  async delete(actor: Actor, id: string, meta: RequestMeta) {
    const role = await this.editable(actor, id);
    if ((await this.repo.holders(id)) > 0) throw new AppError('CONFLICT', 'This role is still assigned to users. Reassign them first.');
    await this.repo.delete(id);
    await writeAudit(this.db, meta, { by: actor, action: 'roles.deleted', universityId: role.university_id, entityType: 'role', entityId: id, changes: { name: role.name } });
  }
}
