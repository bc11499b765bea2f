import fs from 'node:fs';
import path from 'node:path';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PER_IP } from '../../src/modules/auth/login-throttle.js';
import { generateTotp } from '../../src/platform/crypto/totp.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { bearer, createUniversity, createUser, login, PASSWORD } from '../helpers/factories.js';

let ctx: TestContext;
let uni: Awaited<ReturnType<typeof createUniversity>>;
const db = () => ctx.platform.database.db;
const inject = (opts: InjectOptions | string) => ctx.app.inject(opts);

beforeAll(async () => {
  ctx = await createTestContext();
  uni = await createUniversity(db());
});
afterAll(() => ctx.close());

const me = (token: string) => inject({ url: '/api/v1/auth/me', headers: bearer(token) });
const refresh = (refresh_token: string) => inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refresh_token } });

describe('sign-in', () => {
  it('returns tokens and the user in the envelope, and sets the refresh cookie', async () => {
    const u = await createUser(db(), { role: 'university_owner', universityId: uni.id });
    const res = await inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: u.email.toUpperCase(), password: PASSWORD } });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.success).toBe(true);
    expect(body.data).toMatchObject({ token_type: 'Bearer', expires_in: 900, user: { id: u.id, email: u.email, university_id: uni.id, college_id: null } });
    expect(body.data.access_token.split('.')).toHaveLength(3);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/bf_refresh=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const header = JSON.parse(Buffer.from(body.data.access_token.split('.')[0], 'base64url').toString());
    expect(header).toMatchObject({ alg: 'RS256', typ: 'at+jwt' });
    expect(header.kid).toBeTruthy();
  });

  it('answers unknown e-mails and wrong passwords the same way', async () => {
    const u = await createUser(db(), { role: 'viewer', universityId: uni.id });
    const wrong = await inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: u.email, password: 'nope-nope-nope' }, remoteAddress: '10.9.0.1' });
    const unknown = await inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'ghost@example.test', password: 'nope-nope-nope' }, remoteAddress: '10.9.0.2' });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
  });

  it('throttles an account after repeated failures with 429 and Retry-After, even from many IPs', async () => {
    const u = await createUser(db(), { role: 'viewer', universityId: uni.id });
    for (let i = 0; i < 5; i++) {
      const r = await inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: u.email, password: 'wrong-password' }, remoteAddress: `10.1.0.${i}` });
      expect(r.statusCode).toBe(401);
    }
    const blocked = await inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: u.email, password: PASSWORD }, remoteAddress: '10.1.0.99' });
    expect(blocked.statusCode).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(blocked.json().success).toBe(false);
  });

  it('throttles one IP trying many accounts', async () => {
    for (let i = 0; i < MAX_PER_IP; i++) {
      await inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: `nobody${i}@example.test`, password: 'wrong-password' }, remoteAddress: '10.2.2.2' });
    }
    const u = await createUser(db(), { role: 'viewer', universityId: uni.id });
    const blocked = await inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: u.email, password: PASSWORD }, remoteAddress: '10.2.2.2' });
    expect(blocked.statusCode).toBe(429);
  });

  it('refuses users of a suspended university with a clear 403', async () => {
    const suspended = await createUniversity(db(), { status: 'suspended' });
    const u = await createUser(db(), { role: 'university_owner', universityId: suspended.id });
    const res = await inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: u.email, password: PASSWORD } });
    expect(res.statusCode).toBe(403);
    expect(res.json().message).toMatch(/suspended/);
  });

  it('validates the body', async () => {
    const res = await inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'not-an-email' } });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toHaveProperty('email');
    expect(res.json().errors).toHaveProperty('password');
  });
});

describe('me', () => {
  it('returns user, roles, permissions, scope and no impersonator', async () => {
    const u = await createUser(db(), { role: 'college_admin', universityId: uni.id, collegeId: uni.collegeId });
    const t = await login(ctx.app, u.email);
    const res = await me(t.access_token);
    expect(res.statusCode).toBe(200);
    const d = res.json().data;
    expect(d.user).toEqual({ id: u.id, name: expect.any(String), email: u.email, university_id: uni.id, college_id: uni.collegeId });
    expect(d.roles).toEqual(['college_admin']);
    expect(d.permissions).toContain('students.view');
    expect(d.permissions).not.toContain('god_mode.access');
    expect(d.scope).toEqual({ level: 'college', university_id: uni.id, college_ids: [uni.collegeId] });
    expect(d.impersonator).toBeNull();
    expect(d.mfa_enabled).toBe(false);
  });

  it('needs a token', async () => {
    const res = await inject('/api/v1/auth/me');
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({ success: false, message: 'Unauthenticated.', code: 'UNAUTHENTICATED' });
  });
});

describe('refresh tokens', () => {
  it('rotate on every use; the old one stops working and revokes the family', async () => {
    const u = await createUser(db(), { role: 'viewer', universityId: uni.id });
    const t1 = await login(ctx.app, u.email);
    const r2 = await refresh(t1.refresh_token);
    expect(r2.statusCode).toBe(200);
    const t2 = r2.json().data;
    expect(t2.refresh_token).not.toBe(t1.refresh_token);
    const r3 = await refresh(t2.refresh_token);
    expect(r3.statusCode).toBe(200);
    const t3 = r3.json().data;
    // Presenting the already-rotated t1 again: refused, and every descendant dies with it.
    expect((await refresh(t1.refresh_token)).statusCode).toBe(401);
    expect((await refresh(t3.refresh_token)).statusCode).toBe(401);
    expect((await me(t3.access_token)).statusCode).toBe(401);
    const rows = await db().selectFrom('audit_logs').select('action').where('actor_id', '=', u.id).execute();
    expect(rows.map((r) => r.action)).toContain('auth.refresh_reuse');
  });

  it('gives exactly one success to many parallel refreshes of one token', async () => {
    const u = await createUser(db(), { role: 'viewer', universityId: uni.id });
    const t = await login(ctx.app, u.email);
    const results = await Promise.all(Array.from({ length: 20 }, () => refresh(t.refresh_token)));
    expect(results.filter((r) => r.statusCode === 200)).toHaveLength(1);
    expect(results.filter((r) => r.statusCode === 401)).toHaveLength(19);
  });

  it('works from the httpOnly cookie', async () => {
    const u = await createUser(db(), { role: 'viewer', universityId: uni.id });
    const t = await login(ctx.app, u.email);
    const res = await inject({ method: 'POST', url: '/api/v1/auth/refresh', cookies: { bf_refresh: t.refresh_token }, headers: { origin: ctx.config.corsOrigins[0]! } });
    expect(res.statusCode).toBe(200);
    expect(String(res.headers['set-cookie'])).toMatch(/bf_refresh=/);
  });

  it('leaves the browser cookie alone when the token comes in the body', async () => {
    // The portal refreshes a God Mode impersonation by body while the owner's own cookie stays put.
    const u = await createUser(db(), { role: 'viewer', universityId: uni.id });
    const t = await login(ctx.app, u.email);
    const ok = await refresh(t.refresh_token);
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['set-cookie']).toBeUndefined();
    const reused = await refresh(t.refresh_token);
    expect(reused.statusCode).toBe(401);
    expect(reused.headers['set-cookie']).toBeUndefined();
  });
});

describe('sessions', () => {
  it('logout stops the access token and the refresh token at once', async () => {
    const u = await createUser(db(), { role: 'viewer', universityId: uni.id });
    const t = await login(ctx.app, u.email);
    expect((await me(t.access_token)).statusCode).toBe(200);
    expect((await inject({ method: 'POST', url: '/api/v1/auth/logout', headers: bearer(t.access_token) })).statusCode).toBe(200);
    expect((await me(t.access_token)).statusCode).toBe(401);
    expect((await refresh(t.refresh_token)).statusCode).toBe(401);
  });

  it('lists sessions and revokes one; logout-all ends every session', async () => {
    const u = await createUser(db(), { role: 'viewer', universityId: uni.id });
    const a = await login(ctx.app, u.email);
    const b = await login(ctx.app, u.email);
    const list = await inject({ url: '/api/v1/auth/sessions', headers: bearer(a.access_token) });
    const items = list.json().data.items;
    expect(items).toHaveLength(2);
    expect(items.filter((s: { current: boolean }) => s.current)).toHaveLength(1);
    const other = items.find((s: { current: boolean }) => !s.current).id;
    expect((await inject({ method: 'DELETE', url: `/api/v1/auth/sessions/${other}`, headers: bearer(a.access_token) })).statusCode).toBe(200);
    expect((await me(b.access_token)).statusCode).toBe(401);
    expect((await refresh(b.refresh_token)).statusCode).toBe(401);
    // Another user's session id behaves like a missing one.
    const stranger = await login(ctx.app, (await createUser(db(), { role: 'viewer', universityId: uni.id })).email);
    const mine = (await inject({ url: '/api/v1/auth/sessions', headers: bearer(a.access_token) })).json().data.items[0].id;
    expect((await inject({ method: 'DELETE', url: `/api/v1/auth/sessions/${mine}`, headers: bearer(stranger.access_token) })).statusCode).toBe(404);
    await inject({ method: 'POST', url: '/api/v1/auth/logout-all', headers: bearer(a.access_token) });
    expect((await me(a.access_token)).statusCode).toBe(401);
  });
});

describe('passwords', () => {
  it('change password: checks the current one and the policy, and signs out other sessions', async () => {
    const u = await createUser(db(), { role: 'viewer', universityId: uni.id });
    const a = await login(ctx.app, u.email);
    const b = await login(ctx.app, u.email);
    const put = (body: object) => inject({ method: 'PUT', url: '/api/v1/auth/password', headers: bearer(a.access_token), payload: body });
    expect((await put({ current_password: 'wrong', new_password: 'Another-Good-Pass-7' })).json().errors).toHaveProperty('current_password');
    const weak = await put({ current_password: PASSWORD, new_password: 'password' });
    expect(weak.statusCode).toBe(422);
    expect(weak.json().errors).toHaveProperty('new_password');
    expect((await put({ current_password: PASSWORD, new_password: 'Another-Good-Pass-7' })).statusCode).toBe(200);
    expect((await me(a.access_token)).statusCode).toBe(200);
    expect((await me(b.access_token)).statusCode).toBe(401);
    await login(ctx.app, u.email, 'Another-Good-Pass-7');
  });

  it('forgot/reset: e-mails a single-use link, and answers the same for unknown e-mails', async () => {
    const u = await createUser(db(), { role: 'viewer', universityId: uni.id });
    const unknown = await inject({ method: 'POST', url: '/api/v1/auth/forgot-password', payload: { email: 'ghost@example.test' } });
    const known = await inject({ method: 'POST', url: '/api/v1/auth/forgot-password', payload: { email: u.email } });
    expect(known.json()).toEqual(unknown.json());
    await ctx.app.auth.settled(); // the mail is queued after the answer, and sent by a job
    const outbox = ctx.config.mail.outboxDir;
    const mine = () => (fs.existsSync(outbox) ? fs.readdirSync(outbox) : []).find((f) => f.includes(u.email.replace(/[^\w.@-]/g, '_')));
    for (let i = 0; i < 100 && !mine(); i++) await new Promise((r) => setTimeout(r, 50));
    const file = mine()!;
    const eml = fs.readFileSync(path.join(outbox, file), 'utf8').replace(/=\r?\n/g, '').replace(/=3D/g, '=');
    const token = decodeURIComponent(/token=([\w%-]+)/.exec(eml)![1]!);
    const reset = (password: string) => inject({ method: 'POST', url: '/api/v1/auth/reset-password', payload: { token, password } });
    expect((await reset('short')).statusCode).toBe(422);
    expect((await reset('Brand-New-Secret-42')).statusCode).toBe(200);
    expect((await reset('Brand-New-Secret-43')).statusCode).toBe(422); // single use
    await login(ctx.app, u.email, 'Brand-New-Secret-42');
  });
});

describe('MFA (TOTP)', () => {
  it('enrol, then sign-in needs the code; a recovery code works once', async () => {
    const u = await createUser(db(), { role: 'university_owner', universityId: uni.id });
    const t = await login(ctx.app, u.email);
    const setup = await inject({ method: 'POST', url: '/api/v1/auth/mfa/setup', headers: bearer(t.access_token) });
    expect(setup.statusCode).toBe(200);
    const { secret, otpauth_uri } = setup.json().data;
    expect(otpauth_uri).toMatch(/^otpauth:\/\/totp\//);
    const bad = await inject({ method: 'POST', url: '/api/v1/auth/mfa/enable', headers: bearer(t.access_token), payload: { code: '000000' } });
    expect(bad.statusCode).toBe(422);
    const enable = await inject({ method: 'POST', url: '/api/v1/auth/mfa/enable', headers: bearer(t.access_token), payload: { code: generateTotp(secret) } });
    expect(enable.statusCode).toBe(200);
    const recovery: string[] = enable.json().data.recovery_codes;
    expect(recovery).toHaveLength(10);
    // The profile page reads the state from /auth/me.
    expect((await me(t.access_token)).json().data.mfa_enabled).toBe(true);

    const step1 = await inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: u.email, password: PASSWORD } });
    expect(step1.json().data).toMatchObject({ mfa_required: true });
    expect(step1.json().data.access_token).toBeUndefined();
    const mfa_token = step1.json().data.mfa_token;
    // The challenge token is not an access token.
    expect((await me(mfa_token)).statusCode).toBe(401);
    // The code just used to enable cannot be replayed.
    const replay = await inject({ method: 'POST', url: '/api/v1/auth/mfa/verify', payload: { mfa_token, code: generateTotp(secret) } });
    expect(replay.statusCode).toBe(422);
    const viaRecovery = await inject({ method: 'POST', url: '/api/v1/auth/mfa/verify', payload: { mfa_token, recovery_code: recovery[0] } });
    expect(viaRecovery.statusCode).toBe(200);
    expect(viaRecovery.json().data.access_token).toBeTruthy();
    const again = await inject({ method: 'POST', url: '/api/v1/auth/mfa/verify', payload: { mfa_token, recovery_code: recovery[0] } });
    expect(again.statusCode).toBe(422);
  });

  it('is required for platform owners when configured: sign-in goes through enrolment', async () => {
    const strict = await createTestContext({ MFA_REQUIRED_FOR_OWNERS: 'true' });
    try {
      const owner = await createUser(strict.platform.database.db, { role: 'bitflow_owner' });
      const step1 = await strict.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: owner.email, password: PASSWORD } });
      expect(step1.json().data).toMatchObject({ mfa_required: true, mfa_setup_required: true });
      const mfa_token = step1.json().data.mfa_token;
      const setup = await strict.app.inject({ method: 'POST', url: '/api/v1/auth/mfa/setup', payload: { mfa_token } });
      const { secret } = setup.json().data;
      const done = await strict.app.inject({ method: 'POST', url: '/api/v1/auth/mfa/enable', payload: { mfa_token, code: generateTotp(secret) } });
      expect(done.statusCode).toBe(200);
      expect(done.json().data.access_token).toBeTruthy();
      expect(done.json().data.recovery_codes).toHaveLength(10);
      // …and it stays on: turning it off is refused with its own code.
      const off = await strict.app.inject({ method: 'POST', url: '/api/v1/auth/mfa/disable', headers: bearer(done.json().data.access_token), payload: { password: PASSWORD } });
      expect(off.statusCode).toBe(403);
      expect(off.json().code).toBe('MFA_REQUIRED');
    } finally {
      await strict.close();
    }
  });
});

describe('JWKS', () => {
  it('publishes the public keys with kid and no private parts', async () => {
    const res = await inject('/.well-known/jwks.json');
    expect(res.statusCode).toBe(200);
    const { keys } = res.json();
    expect(keys.length).toBeGreaterThan(0);
    expect(keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    expect(keys[0].kid).toBeTruthy();
    expect(keys[0].d).toBeUndefined();
    expect(Buffer.from(keys[0].n, 'base64url').length * 8).toBe(4096);
  });
});
