import {
  ZChangePasswordRequest, ZForgotPasswordRequest, ZIdParams, ZLoginRequest, ZMfaCodeRequest, ZMfaDisableRequest,
  ZMfaVerifyRequest, ZRefreshRequest, ZRegisterRequest, ZResetPasswordRequest, type TokenResponse,
  ZErrorEnvelope, ZJwks, ZLoginEnvelope, ZMeEnvelope, ZMessageEnvelope, ZMfaEnableEnvelope, ZMfaSetupEnvelope, ZSessionListEnvelope, ZTokenEnvelope,
} from '@bitflow/contracts';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../../config.js';
import { AppError } from '../../core/app-error.js';
import { actorOf } from '../../http/auth.js';
import { REFRESH_RATE, SIGN_IN_RATE } from '../../http/rate-limit.js';
import { isOwnOrigin } from '../../http/security.js';
import { ok } from '../../http/envelope.js';
import type { AuthService } from './auth.service.js';
import { clearImpersonationCookie, IMPERSONATION_COOKIE, setImpersonationCookie } from './impersonation-cookie.js';

// /api/v1/auth/* — thin: a schema and one service call each. The refresh token is also set as an
// httpOnly, Secure, SameSite=Strict cookie scoped to this path, which is what the web app uses.

export const REFRESH_COOKIE = 'bf_refresh';

export async function authRoutes(fastify: FastifyInstance, { auth, config }: { auth: AuthService; config: Config }) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const cookiePath = '/api/v1/auth';
  // `bf_session` carries no secret: it only lets the portal's middleware (which cannot see a cookie
  // scoped to /api/v1/auth) send signed-out visitors to /login without a round trip.
  const setRefreshCookie = (reply: FastifyReply, t: TokenResponse) => {
    const opts = { httpOnly: true, secure: true, sameSite: 'strict' as const, maxAge: config.jwt.refreshTtlDays * 86_400 };
    reply.setCookie(REFRESH_COOKIE, t.refresh_token, { ...opts, path: cookiePath });
    reply.setCookie('bf_session', '1', { ...opts, path: '/' });
    // Signing in (or out) as oneself ends any impersonation this browser was carrying.
    clearImpersonationCookie(reply);
  };
  const clearRefreshCookie = (reply: FastifyReply) => {
    reply.clearCookie(REFRESH_COOKIE, { path: cookiePath });
    reply.clearCookie('bf_session', { path: '/' });
    clearImpersonationCookie(reply);
  };
  const pub = { public: true };
  // The portal's origins: a refresh by cookie must come from one of its pages (see the refresh route).
  const portalOrigins = new Set([...config.corsOrigins, new URL(config.publicUrl).origin]);
  // Refused while impersonating (http/auth.ts).
  const security = { accountSecurity: true };
  // Public routes that still refuse (bad credentials, expired step, disabled account, foreign cookie):
  // the docs hook adds 401/403 only to routes behind sign-in.
  const refusals = { 401: ZErrorEnvelope, 403: ZErrorEnvelope };

  app.post('/api/v1/auth/login', { config: { ...pub, rateLimit: SIGN_IN_RATE }, schema: { operationId: 'signIn', summary: 'Sign in with e-mail and password', body: ZLoginRequest, response: { 200: ZLoginEnvelope, ...refusals } } }, async (req, reply) => {
    const { email, password } = req.body;
    const result = await auth.login(email, password, req.meta);
    if (result.kind === 'mfa') return ok(result.challenge, 'Enter your authentication code.');
    setRefreshCookie(reply, result.tokens);
    return ok(result.tokens, 'Signed in.');
  });

  app.post('/api/v1/auth/mfa/verify', { config: pub, schema: { operationId: 'verifyMfa', summary: 'Finish signing in with a two-factor or recovery code', body: ZMfaVerifyRequest, response: { 200: ZTokenEnvelope, 401: ZErrorEnvelope } } }, async (req, reply) => {
    const b = req.body;
    const tokens = await auth.verifyMfa(b.mfa_token, b.code, b.recovery_code, req.meta);
    setRefreshCookie(reply, tokens);
    return ok(tokens, 'Signed in.');
  });

  app.post('/api/v1/auth/refresh', { config: { ...pub, rateLimit: REFRESH_RATE }, schema: { operationId: 'refreshToken', summary: 'Exchange a refresh token for new tokens', body: ZRefreshRequest.nullish(), response: { 200: ZTokenEnvelope, ...refusals } } }, async (req, reply) => {
    // A token in the body is answered in the body only (API clients): the cookies are the browser's.
    const inBody = req.body?.refresh_token;
    // A browser sends its cookies whichever page asks. SameSite=Strict keeps them off cross-site
    // requests; this also refuses a foreign page of the same site, or a browser that ignores SameSite.
    if (!inBody && (req.cookies[REFRESH_COOKIE] || req.cookies[IMPERSONATION_COOKIE]) && !isOwnOrigin(req, portalOrigins)) {
      throw new AppError('FORBIDDEN', 'A session cookie is accepted only from the portal itself.');
    }
    // An impersonation carried by this browser is what a reload restores; once it has ended or
    // expired, its cookie goes and the owner's own session (bf_refresh, untouched) answers instead.
    const impersonation = inBody ? undefined : req.cookies[IMPERSONATION_COOKIE];
    if (impersonation) {
      try {
        const tokens = await auth.refresh(impersonation, req.meta);
        setImpersonationCookie(reply, tokens.refresh_token, config.impersonationMaxSeconds);
        return ok(tokens, 'Token refreshed.');
      } catch (err) {
        if (!(err instanceof AppError) || err.code !== 'UNAUTHENTICATED') throw err;
        clearImpersonationCookie(reply);
      }
    }
    const presented = inBody ?? req.cookies[REFRESH_COOKIE];
    if (!presented) throw new AppError('UNAUTHENTICATED', 'Your session has expired. Please sign in again.');
    try {
      const tokens = await auth.refresh(presented, req.meta);
      if (!inBody) setRefreshCookie(reply, tokens);
      return ok(tokens, 'Token refreshed.');
    } catch (err) {
      if (!inBody) clearRefreshCookie(reply);
      throw err;
    }
  });

  app.post('/api/v1/auth/logout', { schema: { operationId: 'signOut', summary: 'Sign out of this session', response: { 200: ZMessageEnvelope } } }, async (req, reply) => {
    const actor = actorOf(req);
    await auth.logout(actor, req.meta);
    // Signing out of an impersonation ends it; the owner's own session stays in this browser.
    if (actor.impersonator) {
      clearImpersonationCookie(reply);
      return ok(null, 'Impersonation ended.');
    }
    clearRefreshCookie(reply);
    return ok(null, 'Signed out.');
  });

  app.post('/api/v1/auth/logout-all', { config: security, schema: { operationId: 'signOutEverywhere', summary: 'Sign out of every session', response: { 200: ZMessageEnvelope } } }, async (req, reply) => {
    await auth.logout(actorOf(req), req.meta, true);
    clearRefreshCookie(reply);
    return ok(null, 'Signed out on every device.');
  });

  app.get('/api/v1/auth/me', { schema: { operationId: 'getMe', summary: 'Who is signed in: user, roles, permissions, scope', response: { 200: ZMeEnvelope } } }, async (req) => ok(await auth.me(actorOf(req))));

  app.get('/api/v1/auth/sessions', { config: security, schema: { operationId: 'listSessions', summary: 'List my active sessions', response: { 200: ZSessionListEnvelope } } }, async (req) => ok({ items: await auth.listSessions(actorOf(req)) }));

  app.delete('/api/v1/auth/sessions/:id', { config: security, schema: { operationId: 'revokeSession', summary: 'Sign one of my sessions out', params: ZIdParams, response: { 200: ZMessageEnvelope } } }, async (req) => {
    await auth.revokeSession(actorOf(req), req.params.id, req.meta);
    return ok(null, 'Session revoked.');
  });

  app.put('/api/v1/auth/password', { config: security, schema: { operationId: 'changePassword', summary: 'Change my password', body: ZChangePasswordRequest, response: { 200: ZMessageEnvelope } } }, async (req) => {
    const b = req.body;
    await auth.changePassword(actorOf(req), b.current_password, b.new_password, req.meta);
    return ok(null, 'Password changed. Other sessions were signed out.');
  });

  app.post('/api/v1/auth/forgot-password', { config: pub, schema: { operationId: 'requestPasswordReset', summary: 'E-mail a password reset link', body: ZForgotPasswordRequest, response: { 200: ZMessageEnvelope } } }, async (req) => {
    auth.forgotPassword(req.body.email, req.meta);
    return ok(null, 'If an account exists for that e-mail, a reset link is on its way.');
  });

  app.post('/api/v1/auth/reset-password', { config: pub, schema: { operationId: 'resetPassword', summary: 'Set a new password with a reset token', body: ZResetPasswordRequest, response: { 200: ZMessageEnvelope } } }, async (req) => {
    const b = req.body;
    await auth.redeemToken('reset', b.token, b.password, req.meta);
    return ok(null, 'Password updated. You can sign in now.');
  });

  // The seed's register page: an invited user sets their password with the e-mailed token.
  app.post('/api/v1/auth/register', { config: pub, schema: { operationId: 'acceptInvitation', summary: 'Set the password of an invited account', body: ZRegisterRequest, response: { 200: ZMessageEnvelope } } }, async (req) => {
    const b = req.body;
    await auth.redeemToken('invite', b.token, b.password, req.meta, b.name);
    return ok(null, 'Your account is ready. You can sign in now.');
  });

  // MFA enrolment, either signed in (optional MFA) or mid-sign-in with a setup challenge (owners).
  const ZSetup = z.object({ mfa_token: z.string().min(20).max(4000).optional() }).strict();
  const optionalAuth = { public: true, optionalAuth: true, ...security };
  app.post('/api/v1/auth/mfa/setup', { config: optionalAuth, schema: { operationId: 'beginMfaSetup', summary: 'Start enrolling an authenticator app', body: ZSetup.nullish(), response: { 200: ZMfaSetupEnvelope, ...refusals } } }, async (req) => {
    return ok(await auth.beginMfaSetup(await auth.enrollingUserId(req.actor, req.body?.mfa_token)), 'Scan the code with your authenticator app.');
  });
  app.post('/api/v1/auth/mfa/enable', { config: optionalAuth, schema: { operationId: 'enableMfa', summary: 'Turn two-factor authentication on with a first code', body: ZMfaCodeRequest.extend({ mfa_token: z.string().min(20).max(4000).optional() }), response: { 200: ZMfaEnableEnvelope, ...refusals } } }, async (req, reply) => {
    const userId = await auth.enrollingUserId(req.actor, req.body.mfa_token);
    // Enrolling during sign-in completes the sign-in: the answer carries the tokens too.
    const result = await auth.enableMfa(userId, req.body.code, req.meta, !req.actor);
    if ('refresh_token' in result) setRefreshCookie(reply, result);
    return ok(result, 'Two-factor authentication is on.');
  });
  app.post('/api/v1/auth/mfa/disable', { config: security, schema: { operationId: 'disableMfa', summary: 'Turn two-factor authentication off', body: ZMfaDisableRequest, response: { 200: ZMessageEnvelope } } }, async (req) => {
    await auth.disableMfa(actorOf(req), req.body.password, req.meta);
    return ok(null, 'Two-factor authentication is off.');
  });

  app.get('/.well-known/jwks.json', { config: pub, schema: { operationId: 'getJwks', summary: 'Public keys of the access tokens (JWKS)', tags: ['auth'], response: { 200: ZJwks } } }, async (_req, reply) => {
    reply.header('Cache-Control', 'public, max-age=300');
    return auth.jwks;
  });
}
