import type { CreateUserRequest, UpdateUserRequest, UserListQuery } from '@bitflow/contracts';
import type { Kysely } from 'kysely';
import type { Config } from '../../config.js';
import { isUniqueViolation } from '../../db/errors.js';
import type { DB } from '../../db/types.js';
import { AppError } from '../../core/app-error.js';
import type { Actor, RequestMeta } from '../../core/actor.js';
import { hashPassword } from '../../platform/crypto/password.js';
import { checkPasswordPolicy } from '../../platform/crypto/password-policy.js';
import { hashToken, newOpaqueToken } from '../../platform/crypto/tokens.js';
import { mailTemplates } from '../../platform/mail-templates.js';
import type { MailOutbox } from '../mail/mail-outbox.js';
import { writeAudit } from '../audit/audit-writer.js';
import type { ActorCache } from '../auth/actor-cache.js';
import type { AuthRepository } from '../auth/auth.repository.js';
import { assertCanGrant } from '../roles/grant-rules.js';
import type { RoleRow, RolesRepository } from '../roles/roles.repository.js';
import type { NotificationsService } from '../notifications/notifications.service.js';
import type { UsersRepository } from './users.repository.js';

const INVITE_TTL_MS = 7 * 86_400_000;

export interface UsersDeps {
  db: Kysely<DB>;
  repo: UsersRepository;
  roles: RolesRepository;
  authRepo: AuthRepository;
  actors: ActorCache;
  /** The mail outbox: a send records the mail and enqueues it; it never waits on the mail server. */
  mailer: MailOutbox;
  config: Config;
  notifications: NotificationsService;
}

// Tenant user management. Who may create whom is decided by the scope and the grant rules only.
export class UsersService {
  constructor(private readonly d: UsersDeps) {}

  list(actor: Actor, q: UserListQuery) {
    return this.d.repo.list(actor.scope, q);
  }

  async get(actor: Actor, id: string) {
    const u = await this.d.repo.get(actor.scope, id);
    if (!u) throw AppError.notFound('User');
    return u;
  }

  /** Roles by name, checked against the caller's grant rights and the target's placement. */
  private async resolveRoles(actor: Actor, names: string[], universityId: string | null, collegeId: string | null): Promise<RoleRow[]> {
    const found = await this.d.roles.byNames(universityId, [...new Set(names)]);
    const missing = names.filter((n) => !found.some((r) => r.name === n));
    if (missing.length) throw AppError.validation({ roles: [`Unknown roles: ${missing.join(', ')}.`] });
    for (const role of found) {
      assertCanGrant(actor, role);
      if (role.level === 'platform' && universityId) throw AppError.validation({ roles: ['A platform role cannot belong to a university.'] });
      if (role.level !== 'platform' && !universityId) throw AppError.validation({ university_id: ['Name the university this user belongs to.'] });
      if (role.level === 'college' && !collegeId) throw AppError.validation({ college_id: [`The role "${role.name}" needs a college.`] });
    }
    return found;
  }

  /** The college a user is placed in must sit in the caller's scope (and in the user's university). */
  private async checkCollege(actor: Actor, universityId: string | null, collegeId: string | null | undefined) {
    if (!collegeId) return;
    if (!universityId || !(await this.d.repo.collegeInUniversity(universityId, collegeId))) {
      throw AppError.validation({ college_id: ['The selected college does not exist.'] });
    }
    if (actor.scope.level === 'college' && !actor.scope.collegeIds.includes(collegeId)) {
      throw AppError.validation({ college_id: ['The selected college does not exist.'] });
    }
  }

  async create(actor: Actor, body: CreateUserRequest, meta: RequestMeta) {
    let universityId: string | null;
    if (actor.scope.level === 'platform') {
      universityId = body.university_id ?? null;
      if (universityId && !(await this.d.repo.universityExists(universityId))) throw AppError.validation({ university_id: ['The selected university does not exist.'] });
    } else {
      if (body.university_id && body.university_id !== actor.scope.universityId) throw AppError.validation({ university_id: ['The selected university does not exist.'] });
      universityId = actor.scope.universityId;
    }
    const collegeId = body.college_id ?? (actor.scope.level === 'college' ? (actor.scope.collegeIds[0] ?? null) : null);
    await this.checkCollege(actor, universityId, collegeId);
    const roles = await this.resolveRoles(actor, body.roles, universityId, collegeId);
    if (body.password !== undefined) {
      const problems = checkPasswordPolicy(body.password, { email: body.email, name: body.name });
      if (problems.length) throw AppError.validation({ password: problems });
    }
    if (await this.d.repo.emailTaken(body.email)) throw AppError.conflict('email', 'A user with this e-mail already exists.');
    let id: string;
    try {
      id = await this.d.repo.create({
        name: body.name,
        email: body.email,
        passwordHash: body.password ? await hashPassword(body.password) : null,
        status: body.password ? 'active' : 'invited',
        universityId,
        collegeId,
        roleIds: roles.map((r) => r.id),
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw AppError.conflict('email', 'A user with this e-mail already exists.');
      throw err;
    }
    if (!body.password) {
      await this.sendInvitation(id, body.name, body.email, actor.name);
      if (universityId) {
        await this.d.notifications.notifyHolders('users.view', universityId, collegeId ?? undefined, actor.userId, {
          type: 'user.invited', title: 'User invited', body: `${actor.name} invited ${body.name} (${body.email}).`, data: { user_id: id },
        });
      }
    }
    await writeAudit(this.d.db, meta, { by: actor, action: body.password ? 'users.created' : 'users.invited', universityId, entityType: 'user', entityId: id, changes: { name: body.name, email: body.email, roles: body.roles, college_id: collegeId } });
    return this.get(actor, id);
  }

  private async sendInvitation(userId: string, name: string, email: string, inviter: string) {
    const token = newOpaqueToken();
    await this.d.authRepo.createUserToken(userId, 'invite', hashToken(token), new Date(Date.now() + INVITE_TTL_MS));
    const link = `${this.d.config.publicUrl}/register?token=${encodeURIComponent(token)}`;
    await this.d.mailer.send(mailTemplates.invitation(email, name, inviter, link));
  }

  async resendInvitation(actor: Actor, id: string, meta: RequestMeta) {
    const user = await this.get(actor, id);
    if (user.status !== 'invited') throw new AppError('CONFLICT', 'This user has already accepted the invitation.');
    await this.sendInvitation(user.id, user.name, user.email, actor.name);
    await writeAudit(this.d.db, meta, { by: actor, action: 'users.invited', universityId: user.university_id, entityType: 'user', entityId: id });
  }

  /** You may change only users whose every role you could have granted yourself, and never yourself. */
  private async manageable(actor: Actor, id: string, opts: { withTrashed?: boolean } = {}) {
    const user = await this.d.repo.get(actor.scope, id, opts);
    if (!user) throw AppError.notFound('User');
    if (user.id === actor.userId) throw new AppError('FORBIDDEN', 'You cannot change your own roles, status or account here.');
    for (const role of await this.d.roles.byNames(user.university_id, user.roles)) assertCanGrant(actor, role);
    return user;
  }

  async update(actor: Actor, id: string, body: UpdateUserRequest, meta: RequestMeta) {
    const user = await this.manageable(actor, id);
    const collegeId = body.college_id !== undefined ? body.college_id : user.college_id;
    await this.checkCollege(actor, user.university_id, collegeId);
    if (actor.scope.level === 'college' && !collegeId) throw AppError.validation({ college_id: ['A college admin can only place users in their college.'] });
    const roles = body.roles ? await this.resolveRoles(actor, body.roles, user.university_id, collegeId) : undefined;
    if (!roles && collegeId === null) await this.resolveRoles(actor, user.roles, user.university_id, collegeId);
    await this.d.repo.update(actor.scope, id, { name: body.name, status: body.status, collegeId: body.college_id, roleIds: roles?.map((r) => r.id) });
    await this.d.actors.forgetUser(id);
    if (body.status === 'disabled') await this.d.actors.forgetSessions(await this.d.authRepo.revokeSessions({ userId: id }));
    await writeAudit(this.d.db, meta, { by: actor, action: 'users.updated', universityId: user.university_id, entityType: 'user', entityId: id, changes: { ...body } });
    return this.get(actor, id);
  }

  async delete(actor: Actor, id: string, meta: RequestMeta) {
    const user = await this.manageable(actor, id);
    await this.d.repo.setDeleted(actor.scope, id, true);
    await this.d.actors.forgetSessions(await this.d.authRepo.revokeSessions({ userId: id }));
    await this.d.actors.forgetUser(id);
    await writeAudit(this.d.db, meta, { by: actor, action: 'users.deleted', universityId: user.university_id, entityType: 'user', entityId: id });
  }

  async restore(actor: Actor, id: string, meta: RequestMeta) {
    const user = await this.manageable(actor, id, { withTrashed: true });
    if (!user.deleted_at) throw new AppError('CONFLICT', 'This user is not deleted.');
    try {
      await this.d.repo.setDeleted(actor.scope, id, false);
    } catch (err) {
      if (isUniqueViolation(err)) throw AppError.conflict('email', 'Another user now has this e-mail address.');
      throw err;
    }
    await writeAudit(this.d.db, meta, { by: actor, action: 'users.restored', universityId: user.university_id, entityType: 'user', entityId: id });
    return this.get(actor, id);
  }
}
