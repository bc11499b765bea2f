import type { MeResponse, MfaChallenge, MfaEnabled, MfaSetup, Session, TokenResponse } from '@bitflow/contracts';
import type { Config } from '../../config.js';
import { toIso } from '../../db/time.js';
import { AppError } from '../../core/app-error.js';
import type { Actor, RequestMeta } from '../../core/actor.js';
import type { Cache } from '../../platform/cache.js';
import type { FieldCipher } from '../../platform/crypto/field-encryption.js';
import { hashPassword, verifyPassword } from '../../platform/crypto/password.js';
import { checkPasswordPolicy } from '../../platform/crypto/password-policy.js';
import { hashToken, newOpaqueToken } from '../../platform/crypto/tokens.js';
import { hashRecoveryCode, verifyTotp } from '../../platform/crypto/totp.js';
import { mailTemplates } from '../../platform/mail-templates.js';
import type { MailOutbox } from '../mail/mail-outbox.js';
import { writeAudit } from '../audit/audit-writer.js';
import type { AuthRepository } from './auth.repository.js';
import { ActorCache } from './actor-cache.js';
import { AfterResponse } from './after-response.js';
import { endImpersonationSession, type ImpersonationEndReason } from './impersonation-end.js';
import type { Tokens } from './jwt.js';
import { tenantSuspendedError } from './tenant-suspended.js';
import { LoginThrottle } from './login-throttle.js';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.js';

// Sign-in, token rotation, sessions and password flows. Routes call these; nothing here knows HTTP.

const BAD_CREDENTIALS = 'These credentials do not match our records.';
// Verified against when the e-mail is unknown, so both failures cost one argon2 verification.
let dummyHash: Promise<string> | undefined;
const getDummyHash = () => (dummyHash ??= hashPassword(newOpaqueToken()));

export interface AuthDeps {
  db: Kysely<DB>;
  repo: AuthRepository;
  tokens: Tokens;
  cache: Cache;
  cipher: FieldCipher;
  /** The mail outbox: a send records the mail and enqueues it; it never waits on the mail server. */
  mailer: MailOutbox;
  config: Config;
  /** Where failures of work done after the answer go. */
  log?: { error(obj: object, msg: string): void };
}

export type LoginResult = { kind: 'tokens'; tokens: TokenResponse } | { kind: 'mfa'; challenge: MfaChallenge };

export class AuthService {
  readonly actors: ActorCache;
  private readonly throttle: LoginThrottle;
  private readonly afterResponse: AfterResponse;
  constructor(private readonly d: AuthDeps) {
    this.actors = new ActorCache(d.repo, d.cache);
    this.throttle = new LoginThrottle(d.cache);
    this.afterResponse = new AfterResponse((err) => d.log?.error({ err }, 'password-reset mail failed'));
  }

  get jwks() {
    return this.d.tokens.jwks;
  }

  /** TENANT_SUSPENDED for a user of this university, with the operator's reason. */
  tenantSuspended(universityId: string): Promise<AppError> {
    return tenantSuspendedError(this.d.db, universityId);
  }


  async login(email: string, password: string, meta: RequestMeta): Promise<LoginResult> {
    // The attempt is counted before the password is checked, so parallel guesses cannot overtake it.
    await this.throttle.reserve(email, meta.ip);
    const user = await this.d.repo.findLoginUser(email);
    const ok = await verifyPassword(user?.password_hash ?? (await getDummyHash()), password);
    if (!user || !ok || !user.password_hash) {
      await this.throttle.failed(email, meta.ip);
      await writeAudit(this.d.db, meta, { universityId: user?.university_id ?? null, by: { userId: user?.id ?? null }, collegeId: null, action: 'auth.login_failed', entityType: 'user', entityId: user?.id ?? null, changes: { email } });
      throw new AppError('UNAUTHENTICATED', BAD_CREDENTIALS);
    }
    if (user.status !== 'active') throw new AppError('FORBIDDEN', 'This account is disabled. Contact your administrator.');
    if (user.university_id && user.university_status !== 'active') {
      throw await this.tenantSuspended(user.university_id);
    }
    await this.throttle.succeeded(email, meta.ip);
    const actor = await this.actors.get(user.id);
    const isOwner = actor?.roles.some((r) => r.level === 'platform') ?? false;
    if (user.mfa_enabled || (isOwner && this.d.config.mfaRequiredForOwners)) {
      const mfa_token = await this.d.tokens.sign({ sub: user.id, purpose: user.mfa_enabled ? 'verify' : 'setup' }, 'mfa+jwt', 300);
      return { kind: 'mfa', challenge: { mfa_required: true, mfa_setup_required: !user.mfa_enabled, mfa_token } };
    }
    return { kind: 'tokens', tokens: await this.startSession(user.id, meta, 'auth.login') };
  }

  /** Opens a session and returns the first token pair. */
  async startSession(userId: string, meta: RequestMeta, action: string): Promise<TokenResponse> {
    const user = await this.d.repo.findUserById(userId);
    if (!user) throw new AppError('UNAUTHENTICATED', BAD_CREDENTIALS);
    const refreshTtlMs = this.d.config.jwt.refreshTtlDays * 86_400_000;
    const sessionId = await this.d.repo.createSession({ userId, universityId: user.university_id, userAgent: meta.userAgent, ip: meta.ip, expiresAt: new Date(Date.now() + refreshTtlMs) });
    const tokens = await this.issueTokens(user, sessionId, sessionId, null);
    await this.d.repo.recordLogin(userId);
    await writeAudit(this.d.db, meta, { universityId: user.university_id, by: { userId }, collegeId: null, action, entityType: 'session', entityId: sessionId });
    return tokens;
  }

  private async issueTokens(
    user: { id: string; name: string; email: string; university_id: string | null; college_id: string | null },
    sessionId: string,
    familyId: string,
    parentId: string | null,
    sessionEnds?: Date,
  ): Promise<TokenResponse> {
    const refresh = newOpaqueToken();
    const expiresAt = sessionEnds ?? new Date(Date.now() + this.d.config.jwt.refreshTtlDays * 86_400_000);
    await this.d.repo.insertRefreshToken({ sessionId, familyId, parentId, hash: hashToken(refresh), expiresAt });
    const access = await this.d.tokens.signAccess({ sub: user.id, sid: sessionId, tid: user.university_id });
    return {
      access_token: access,
      refresh_token: refresh,
      token_type: 'Bearer',
      // An impersonation's last access token is good only until the session ends.
      expires_in: sessionEnds ? Math.max(0, Math.min(this.d.config.jwt.accessTtlSeconds, Math.floor((sessionEnds.getTime() - Date.now()) / 1000))) : this.d.config.jwt.accessTtlSeconds,
      user: { id: user.id, name: user.name, email: user.email, university_id: user.university_id, college_id: user.college_id },
    };
  }

  /** Rotates a refresh token. A token presented twice revokes its whole family (RFC 9700 §4.14). */
  async refresh(presented: string, meta: RequestMeta): Promise<TokenResponse> {
    const hash = hashToken(presented);
    const won = await this.d.repo.claimRefreshToken(hash);
    const row = await this.d.repo.findRefreshToken(hash);
    if (!row) throw new AppError('UNAUTHENTICATED', 'Your session has expired. Please sign in again.');
    if (!won) {
      if (row.used_at && !row.revoked_at) {
        const sessions = await this.d.repo.sessionIdsOfFamily(row.family_id);
        const revoked = await this.d.repo.revokeSessions({ sessionId: sessions[0]?.session_id ?? row.session_id });
        await this.actors.forgetSessions(revoked);
        const session = await this.d.repo.getSession(row.session_id);
        await writeAudit(this.d.db, meta, { universityId: session?.university_id ?? null, by: { userId: session?.user_id ?? null, impersonatorId: session?.impersonator_id ?? null }, collegeId: null, action: 'auth.refresh_reuse', entityType: 'session', entityId: row.session_id });
      } else if (!row.used_at && !row.revoked_at) {
        // Unused but past its end: an impersonation's refresh tokens end with it, so this is its expiry.
        await this.finishImpersonation(row.session_id, 'expired', meta);
      }
      throw new AppError('UNAUTHENTICATED', 'Your session has expired. Please sign in again.');
    }
    const session = await this.d.repo.getSession(row.session_id);
    if (!session || session.revoked_at || toIso(session.expires_at)! <= new Date().toISOString()) {
      if (session?.impersonator_id && !session.revoked_at) await this.finishImpersonation(session.id, 'expired', meta);
      throw new AppError('UNAUTHENTICATED', 'Your session has expired. Please sign in again.');
    }
    const user = await this.d.repo.findUserById(session.user_id);
    if (!user || user.status !== 'active') throw new AppError('UNAUTHENTICATED', 'Your session has expired. Please sign in again.');
    // An impersonation is refreshed only up to its fixed end, never beyond.
    const ends = session.impersonator_id ? new Date(toIso(session.expires_at)!) : undefined;
    return this.issueTokens(user, session.id, row.family_id, row.id, ends);
  }

  async logout(actor: Actor, meta: RequestMeta, everywhere = false) {
    // Signing out of an impersonation is ending it (logout-all is refused while impersonating).
    if (actor.impersonator && !everywhere) return void (await this.finishImpersonation(actor.sessionId, 'ended', meta));
    const revoked = everywhere
      ? await this.d.repo.revokeSessions({ userId: actor.userId })
      : await this.d.repo.revokeSessions({ sessionId: actor.sessionId });
    await this.actors.forgetSessions(revoked);
    await writeAudit(this.d.db, meta, { universityId: actor.universityId, by: actor, collegeId: null, action: everywhere ? 'auth.logout_all' : 'auth.logout', entityType: 'session', entityId: actor.sessionId });
  }

  async me(actor: Actor): Promise<MeResponse> {
    const user = await this.d.repo.findUserById(actor.userId);
    return {
      user: { id: actor.userId, name: actor.name, email: actor.email, university_id: actor.universityId, college_id: actor.collegeId },
      roles: actor.roles,
      permissions: [...actor.permissions].sort(),
      scope: {
        level: actor.scope.level,
        university_id: actor.scope.level === 'platform' ? null : actor.scope.universityId,
        college_ids: actor.scope.level === 'college' ? actor.scope.collegeIds : [],
      },
      impersonator: actor.impersonator,
      impersonation_expires_at: actor.impersonator ? await this.sessionEnd(actor.sessionId) : null,
      mfa_enabled: !!user?.mfa_enabled,
    };
  }

  private async sessionEnd(sessionId: string): Promise<string | null> {
    return toIso((await this.d.repo.getSession(sessionId))?.expires_at);
  }

  async listSessions(actor: Actor): Promise<Session[]> {
    const rows = await this.d.repo.listActiveSessions(actor.userId);
    return rows.map((s) => ({
      id: s.id,
      user_agent: s.user_agent,
      ip: s.ip,
      created_at: toIso(s.created_at)!,
      last_activity_at: toIso(s.last_activity_at)!,
      expires_at: toIso(s.expires_at)!,
      current: s.id === actor.sessionId,
      impersonated: s.impersonator_id !== null,
    }));
  }

  async revokeSession(actor: Actor, sessionId: string, meta: RequestMeta) {
    const own = (await this.d.repo.listActiveSessions(actor.userId)).some((s) => s.id === sessionId);
    if (!own) throw AppError.notFound('Session');
    const revoked = await this.d.repo.revokeSessions({ sessionId });
    await this.actors.forgetSessions(revoked);
    await writeAudit(this.d.db, meta, { universityId: actor.universityId, by: actor, collegeId: null, action: 'auth.session_revoked', entityType: 'session', entityId: sessionId });
  }

  assertPolicy(password: string, user: { email?: string; name?: string }, field = 'password') {
    const problems = checkPasswordPolicy(password, user);
    if (problems.length) throw AppError.validation({ [field]: problems });
  }

  async changePassword(actor: Actor, current: string, next: string, meta: RequestMeta) {
    if (actor.impersonator) throw new AppError('FORBIDDEN', 'Passwords cannot be changed while impersonating.');
    const user = await this.d.repo.findUserById(actor.userId);
    if (!user?.password_hash || !(await verifyPassword(user.password_hash, current))) {
      throw AppError.validation({ current_password: ['The current password is incorrect.'] });
    }
    this.assertPolicy(next, user, 'new_password');
    await this.d.repo.setPassword(user.id, await hashPassword(next));
    // Every other session stops at once; this one stays signed in.
    await this.actors.forgetSessions(await this.d.repo.revokeSessions({ userId: user.id, exceptSessionId: actor.sessionId }));
    await writeAudit(this.d.db, meta, { universityId: user.university_id, by: { userId: user.id }, collegeId: null, action: 'auth.password_changed', entityType: 'user', entityId: user.id });
  }

  /**
   * Always succeeds from the caller's view, so it cannot be used to probe which e-mails exist: the
   * request only schedules the work and returns, the same for every address. The look-up, the token
   * row, the mail and the audit row all happen after the answer has gone (a known address took 33 ms
   * and an unknown one 10 ms when they happened inside it).
   */
  forgotPassword(email: string, meta: RequestMeta): void {
    this.afterResponse.run(() => this.sendPasswordReset(email, meta));
  }

  /** Password-reset mails still being sent (tests, shutdown). */
  settled() {
    return this.afterResponse.settled();
  }

  private async sendPasswordReset(email: string, meta: RequestMeta) {
    const user = await this.d.repo.findLoginUser(email);
    if (!user || user.status === 'disabled') return;
    const token = newOpaqueToken();
    await this.d.repo.createUserToken(user.id, 'reset', hashToken(token), new Date(Date.now() + 3_600_000));
    const link = `${this.d.config.publicUrl}/reset-password?token=${encodeURIComponent(token)}`;
    await this.d.mailer.send(mailTemplates.passwordReset(user.email, user.name, link));
    await writeAudit(this.d.db, meta, { universityId: user.university_id, by: { userId: user.id }, collegeId: null, action: 'auth.password_reset_requested', entityType: 'user', entityId: user.id });
  }

  /** Sets a password from an e-mailed single-use token: `reset` (forgot password) or `invite` (register). */
  async redeemToken(purpose: 'reset' | 'invite', token: string, password: string, meta: RequestMeta, name?: string) {
    const hash = hashToken(token);
    const pending = await this.d.repo.findUserByTokenHash(hash, purpose);
    if (!pending) throw AppError.validation({ token: ['This link is invalid or has expired.'] });
    this.assertPolicy(password, pending);
    const userId = await this.d.repo.consumeUserToken(hash, purpose);
    if (!userId) throw AppError.validation({ token: ['This link is invalid or has expired.'] });
    await this.d.repo.setPassword(userId, await hashPassword(password));
    if (name) await this.d.repo.setName(userId, name);
    await this.actors.forgetSessions(await this.d.repo.revokeSessions({ userId }));
    await this.actors.forgetUser(userId);
    await writeAudit(this.d.db, meta, { universityId: pending.university_id, by: { userId }, collegeId: null, action: purpose === 'reset' ? 'auth.password_reset' : 'auth.invitation_accepted', entityType: 'user', entityId: userId });
  }

  // --- God Mode impersonation ---

  /**
   * "Log in as" a tenant user: a separate, short session for the target whose every request carries
   * the operator as impersonator. It never grants more than the target has (it *is* the target's
   * permissions), cannot target another platform owner, and ends after `minutes` — at most
   * IMPERSONATION_MAX_SECONDS; refreshing never moves that end.
   */
  async startImpersonation(operator: Actor, targetId: string, reason: string, minutes: number, meta: RequestMeta): Promise<TokenResponse & { impersonation: { expires_at: string } }> {
    if (operator.impersonator) throw new AppError('FORBIDDEN', 'End the current impersonation first.');
    const target = await this.d.repo.findUserById(targetId);
    const targetActor = target ? await this.actors.get(target.id) : null;
    if (!target || !targetActor) throw AppError.notFound('User');
    if (targetActor.roles.some((r) => r.level === 'platform')) throw new AppError('FORBIDDEN', 'Platform owners cannot be impersonated.');
    if (target.status !== 'active') throw new AppError('CONFLICT', 'Only active users can be impersonated.');
    const seconds = Math.min(minutes * 60, this.d.config.impersonationMaxSeconds);
    const expiresAt = new Date(Date.now() + seconds * 1000);
    const sessionId = await this.d.repo.createSession({ userId: target.id, universityId: target.university_id, userAgent: meta.userAgent, ip: meta.ip, expiresAt, impersonatorId: operator.userId, reason });
    const tokens = await this.issueTokens(target, sessionId, sessionId, null, expiresAt);
    await writeAudit(this.d.db, meta, { universityId: target.university_id, by: { userId: target.id, impersonatorId: operator.userId }, collegeId: null, action: 'god_mode.impersonation_started', entityType: 'user', entityId: target.id, changes: { reason, minutes, session_id: sessionId, expires_at: expiresAt.toISOString() } });
    return { ...tokens, impersonation: { expires_at: expiresAt.toISOString() } };
  }

  async endImpersonation(actor: Actor, meta: RequestMeta) {
    if (!actor.impersonator) throw new AppError('CONFLICT', 'This session is not an impersonation.');
    await this.finishImpersonation(actor.sessionId, 'ended', meta);
  }

  /** Revokes an impersonation session and writes its one ended row (see impersonation-end.ts). */
  finishImpersonation(sessionId: string, reason: ImpersonationEndReason, meta: RequestMeta) {
    return endImpersonationSession({ db: this.d.db, repo: this.d.repo, actors: this.actors }, sessionId, reason, meta);
  }

  // --- MFA (TOTP) ---

  async verifyMfa(mfaToken: string, code: string | undefined, recovery: string | undefined, meta: RequestMeta): Promise<TokenResponse> {
    const payload = await this.d.tokens.verify(mfaToken, 'mfa+jwt');
    if (!payload?.sub || payload.purpose !== 'verify') throw new AppError('UNAUTHENTICATED', 'The sign-in step has expired. Please sign in again.');
    const user = await this.d.repo.findUserById(payload.sub);
    if (!user?.mfa_enabled || !user.mfa_secret_enc) throw new AppError('UNAUTHENTICATED', 'The sign-in step has expired. Please sign in again.');
    // Like the password: the attempt is counted before the code is checked (parallel guesses).
    await this.throttle.reserve(user.email, meta.ip);
    let ok = false;
    if (code) ok = (await this.acceptTotp(user.id, this.d.cipher.decrypt(user.mfa_secret_enc)!, code)) !== null;
    else if (recovery) {
      const codes = JSON.parse(user.mfa_recovery_codes ?? '[]') as string[];
      const h = hashRecoveryCode(recovery);
      ok = codes.includes(h) && (await this.d.repo.useRecoveryCode(user.id, codes, h));
    }
    if (!ok) {
      await this.throttle.failed(user.email, meta.ip);
      await writeAudit(this.d.db, meta, { universityId: user.university_id, by: { userId: user.id }, collegeId: null, action: 'auth.mfa_failed', entityType: 'user', entityId: user.id });
      throw AppError.validation({ code: ['The code is not valid.'] });
    }
    return this.startSession(user.id, meta, 'auth.login');
  }

  /** Accepts a TOTP code once: the matched time step is remembered so a code cannot be replayed. */
  private async acceptTotp(userId: string, secret: string, code: string): Promise<number | null> {
    const counter = verifyTotp(secret, code);
    if (counter === null) return null;
    const key = `totp-used:${userId}`;
    const last = Number((await this.d.cache.get(key)) ?? -1);
    if (counter <= last) return null;
    await this.d.cache.set(key, String(counter), 120);
    return counter;
  }

  /** First step of enrolment: a new secret, kept encrypted but not enabled until a code proves it. */
  async beginMfaSetup(userId: string): Promise<MfaSetup> {
    const user = await this.d.repo.findUserById(userId);
    if (!user) throw new AppError('UNAUTHENTICATED', 'Unauthenticated.');
    if (user.mfa_enabled) throw new AppError('CONFLICT', 'Two-factor authentication is already on.');
    const { generateTotpSecret, totpUri } = await import('../../platform/crypto/totp.js');
    const secret = generateTotpSecret();
    await this.d.repo.setMfa(userId, { secretEnc: this.d.cipher.encrypt(secret), enabled: false, recoveryCodes: null });
    return { secret, otpauth_uri: totpUri({ secret, account: user.email, issuer: 'Bitflow Owner Portal' }) };
  }

  async confirmMfaSetup(userId: string, code: string, meta: RequestMeta) {
    const user = await this.d.repo.findUserById(userId);
    if (!user?.mfa_secret_enc || user.mfa_enabled) throw AppError.validation({ code: ['Start two-factor setup first.'] });
    if ((await this.acceptTotp(userId, this.d.cipher.decrypt(user.mfa_secret_enc)!, code)) === null) {
      throw AppError.validation({ code: ['The code is not valid.'] });
    }
    const { generateRecoveryCodes } = await import('../../platform/crypto/totp.js');
    const recovery = generateRecoveryCodes();
    await this.d.repo.setMfa(userId, { secretEnc: user.mfa_secret_enc, enabled: true, recoveryCodes: recovery.map(hashRecoveryCode) });
    await writeAudit(this.d.db, meta, { universityId: user.university_id, by: { userId }, collegeId: null, action: 'auth.mfa_enabled', entityType: 'user', entityId: userId });
    return { recovery_codes: recovery };
  }

  /** Turns MFA on; enrolling during sign-in (with the setup challenge) also opens the session. */
  async enableMfa(userId: string, code: string, meta: RequestMeta, signingIn: boolean): Promise<MfaEnabled> {
    const result = await this.confirmMfaSetup(userId, code, meta);
    return signingIn ? { ...result, ...(await this.startSession(userId, meta, 'auth.login')) } : result;
  }

  /** Who is enrolling: the holder of a setup challenge token (mid-sign-in), else the signed-in user. */
  async enrollingUserId(actor: Actor | null | undefined, mfaToken: string | undefined): Promise<string> {
    if (mfaToken) return this.userIdFromSetupToken(mfaToken);
    if (!actor) throw new AppError('UNAUTHENTICATED', 'Unauthenticated.');
    return actor.userId;
  }

  /** Owners who must use MFA enrol during sign-in with the setup-purpose challenge token. */
  async userIdFromSetupToken(mfaToken: string): Promise<string> {
    const payload = await this.d.tokens.verify(mfaToken, 'mfa+jwt');
    if (!payload?.sub || payload.purpose !== 'setup') throw new AppError('UNAUTHENTICATED', 'The sign-in step has expired. Please sign in again.');
    return payload.sub;
  }

  async disableMfa(actor: Actor, password: string, meta: RequestMeta) {
    const user = await this.d.repo.findUserById(actor.userId);
    if (!user?.password_hash || !(await verifyPassword(user.password_hash, password))) {
      throw AppError.validation({ password: ['The password is incorrect.'] });
    }
    if (actor.roles.includes('bitflow_owner') && this.d.config.mfaRequiredForOwners) {
      throw new AppError('MFA_REQUIRED', 'Two-factor authentication is required for platform owners.');
    }
    await this.d.repo.setMfa(user.id, { secretEnc: null, enabled: false, recoveryCodes: null });
    await writeAudit(this.d.db, meta, { universityId: user.university_id, by: { userId: user.id }, collegeId: null, action: 'auth.mfa_disabled', entityType: 'user', entityId: user.id });
  }
}
