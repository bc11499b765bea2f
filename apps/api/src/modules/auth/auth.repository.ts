import { sql, type Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { nowDb, toDbTime } from '../../db/time.js';
import type { DB } from '../../db/types.js';

// Users, sessions and refresh tokens as the auth service needs them. Identity lookups are global
// by nature (an e-mail signs in before any tenant is known), so they do not take a scope.

export interface ActorRecord {
  id: string;
  name: string;
  email: string;
  university_id: string | null;
  college_id: string | null;
  status: string;
  university_status: string | null;
  roles: { name: string; level: string }[];
  permissions: string[];
}

export class AuthRepository {
  constructor(private readonly db: Kysely<DB>) {}

  findLoginUser(email: string) {
    return this.db
      .selectFrom('users')
      .leftJoin('universities', 'universities.id', 'users.university_id')
      .select([
        'users.id', 'users.name', 'users.email', 'users.password_hash', 'users.status', 'users.university_id',
        'users.college_id', 'users.mfa_enabled', 'users.mfa_secret_enc', 'users.mfa_recovery_codes',
        'universities.status as university_status',
      ])
      .where('users.email', '=', email)
      .where('users.deleted_at', 'is', null)
      .executeTakeFirst();
  }

  findUserById(id: string) {
    return this.db
      .selectFrom('users')
      .selectAll()
      .where('id', '=', id)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
  }

  async loadActor(userId: string): Promise<ActorRecord | null> {
    const user = await this.db
      .selectFrom('users')
      .leftJoin('universities', 'universities.id', 'users.university_id')
      .select(['users.id', 'users.name', 'users.email', 'users.university_id', 'users.college_id', 'users.status', 'universities.status as university_status'])
      .where('users.id', '=', userId)
      .where('users.deleted_at', 'is', null)
      .executeTakeFirst();
    if (!user) return null;
    const roles = await this.db
      .selectFrom('user_roles')
      .innerJoin('roles', 'roles.id', 'user_roles.role_id')
      .select(['roles.name', 'roles.level'])
      .where('user_roles.user_id', '=', userId)
      .orderBy('roles.name')
      .execute();
    const permissions = await this.db
      .selectFrom('user_roles')
      .innerJoin('role_permissions', 'role_permissions.role_id', 'user_roles.role_id')
      .innerJoin('permissions', 'permissions.id', 'role_permissions.permission_id')
      .select('permissions.name')
      .distinct()
      .where('user_roles.user_id', '=', userId)
      .execute();
    return { ...user, university_status: user.university_status ?? null, roles, permissions: permissions.map((p) => p.name).sort() };
  }

  async createSession(s: {
    userId: string;
    universityId: string | null;
    userAgent: string | null;
    ip: string;
    expiresAt: Date;
    impersonatorId?: string;
    reason?: string;
  }) {
    const id = uuidv7();
    const now = nowDb();
    await this.db
      .insertInto('sessions')
      .values({
        id, user_id: s.userId, university_id: s.universityId, user_agent: s.userAgent?.slice(0, 500) ?? null, ip: s.ip,
        impersonator_id: s.impersonatorId ?? null, impersonation_reason: s.reason ?? null,
        created_at: now, last_activity_at: now, expires_at: toDbTime(s.expiresAt),
      })
      .execute();
    return id;
  }

  getSession(id: string) {
    return this.db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
  }

  listActiveSessions(userId: string) {
    return this.db
      .selectFrom('sessions')
      .selectAll()
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', nowDb())
      .orderBy('last_activity_at', 'desc')
      .execute();
  }

  async touchSession(id: string) {
    await this.db.updateTable('sessions').set({ last_activity_at: nowDb() }).where('id', '=', id).execute();
  }

  /** Revokes sessions (and every refresh token in them); returns the ids that were live. */
  async revokeSessions(where: { sessionId?: string; userId?: string; exceptSessionId?: string }): Promise<string[]> {
    let q = this.db.selectFrom('sessions').select('id').where('revoked_at', 'is', null);
    if (where.sessionId) q = q.where('id', '=', where.sessionId);
    if (where.userId) q = q.where('user_id', '=', where.userId);
    if (where.exceptSessionId) q = q.where('id', '!=', where.exceptSessionId);
    const ids = (await q.execute()).map((r) => r.id);
    if (!ids.length) return [];
    const now = nowDb();
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('sessions').set({ revoked_at: now }).where('id', 'in', ids).where('revoked_at', 'is', null).execute();
      await trx.updateTable('refresh_tokens').set({ revoked_at: now }).where('session_id', 'in', ids).where('revoked_at', 'is', null).execute();
    });
    return ids;
  }

  /**
   * Ends one live impersonation session and its refresh tokens. The conditional UPDATE lets exactly
   * one caller win (End clicked while the sweep or a request notices expiry), so the session's
   * "ended" audit row is written once. Returns the session when this call ended it.
   */
  async endImpersonationSession(id: string) {
    return this.db.transaction().execute(async (trx) => {
      const now = nowDb();
      const res = await trx
        .updateTable('sessions')
        .set({ revoked_at: now })
        .where('id', '=', id)
        .where('impersonator_id', 'is not', null)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) return null;
      await trx.updateTable('refresh_tokens').set({ revoked_at: now }).where('session_id', '=', id).where('revoked_at', 'is', null).execute();
      return trx.selectFrom('sessions').select(['id', 'user_id', 'university_id', 'impersonator_id', 'expires_at']).where('id', '=', id).executeTakeFirstOrThrow();
    });
  }

  /** Impersonation sessions past their end that nobody has ended yet (MySQL reads impersonator_id's FK index). */
  async expiredImpersonationIds(limit = 100): Promise<string[]> {
    const rows = await this.db
      .selectFrom('sessions')
      .select('id')
      .where('impersonator_id', 'is not', null)
      .where('revoked_at', 'is', null)
      .where('expires_at', '<=', nowDb())
      .limit(limit)
      .execute();
    return rows.map((r) => r.id);
  }

  async insertRefreshToken(t: { sessionId: string; familyId: string; parentId: string | null; hash: string; expiresAt: Date }) {
    await this.db
      .insertInto('refresh_tokens')
      .values({ id: uuidv7(), session_id: t.sessionId, family_id: t.familyId, parent_id: t.parentId, token_hash: t.hash, created_at: nowDb(), expires_at: toDbTime(t.expiresAt) })
      .execute();
  }

  /**
   * Marks a refresh token used in one conditional UPDATE: of many parallel presentations exactly
   * one changes the row, on both databases, without locks held across round trips.
   */
  async claimRefreshToken(hash: string): Promise<boolean> {
    const res = await this.db
      .updateTable('refresh_tokens')
      .set({ used_at: nowDb() })
      .where('token_hash', '=', hash)
      .where('used_at', 'is', null)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', nowDb())
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  findRefreshToken(hash: string) {
    return this.db.selectFrom('refresh_tokens').selectAll().where('token_hash', '=', hash).executeTakeFirst();
  }

  sessionIdsOfFamily(familyId: string) {
    return this.db.selectFrom('refresh_tokens').select('session_id').distinct().where('family_id', '=', familyId).execute();
  }

  async setPassword(userId: string, hash: string) {
    const now = nowDb();
    await this.db.updateTable('users').set({ password_hash: hash, password_changed_at: now, updated_at: now, status: 'active' }).where('id', '=', userId).execute();
  }

  async recordLogin(userId: string) {
    await this.db.updateTable('users').set({ last_login_at: nowDb() }).where('id', '=', userId).execute();
  }

  async createUserToken(userId: string, purpose: 'invite' | 'reset', hash: string, expiresAt: Date) {
    // One live token per purpose: a new e-mail invalidates the previous link.
    await this.db.updateTable('user_tokens').set({ used_at: nowDb() }).where('user_id', '=', userId).where('purpose', '=', purpose).where('used_at', 'is', null).execute();
    await this.db.insertInto('user_tokens').values({ id: uuidv7(), user_id: userId, purpose, token_hash: hash, created_at: nowDb(), expires_at: toDbTime(expiresAt) }).execute();
  }

  /** Consumes a single-use token atomically; returns its user id, or null if unknown/used/expired. */
  async consumeUserToken(hash: string, purpose: 'invite' | 'reset'): Promise<string | null> {
    const row = await this.db.selectFrom('user_tokens').select(['id', 'user_id']).where('token_hash', '=', hash).where('purpose', '=', purpose).executeTakeFirst();
    if (!row) return null;
    const res = await this.db
      .updateTable('user_tokens')
      .set({ used_at: nowDb() })
      .where('id', '=', row.id)
      .where('used_at', 'is', null)
      .where('expires_at', '>', nowDb())
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1 ? row.user_id : null;
  }

  async setMfa(userId: string, patch: { secretEnc: string | null; enabled: boolean; recoveryCodes: string[] | null }) {
    await this.db
      .updateTable('users')
      .set({ mfa_secret_enc: patch.secretEnc, mfa_enabled: patch.enabled ? 1 : 0, mfa_recovery_codes: patch.recoveryCodes ? JSON.stringify(patch.recoveryCodes) : null, updated_at: nowDb() })
      .where('id', '=', userId)
      .execute();
  }

  /** Removes one recovery code if present (compare-and-set on the whole list). */
  async useRecoveryCode(userId: string, codes: string[], used: string): Promise<boolean> {
    const rest = codes.filter((c) => c !== used);
    const res = await this.db
      .updateTable('users')
      .set({ mfa_recovery_codes: JSON.stringify(rest) })
      .where('id', '=', userId)
      .where(sql.ref('mfa_recovery_codes'), '=', JSON.stringify(codes))
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  /** The user a live single-use token belongs to (without consuming it). */
  findUserByTokenHash(hash: string, purpose: 'invite' | 'reset') {
    return this.db
      .selectFrom('user_tokens')
      .innerJoin('users', 'users.id', 'user_tokens.user_id')
      .select(['users.id', 'users.email', 'users.name', 'users.university_id'])
      .where('user_tokens.token_hash', '=', hash)
      .where('user_tokens.purpose', '=', purpose)
      .where('user_tokens.used_at', 'is', null)
      .where('user_tokens.expires_at', '>', nowDb())
      .where('users.deleted_at', 'is', null)
      .executeTakeFirst();
  }

  async setName(userId: string, name: string) {
    await this.db.updateTable('users').set({ name, updated_at: nowDb() }).where('id', '=', userId).execute();
  }
}
