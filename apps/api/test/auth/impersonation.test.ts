import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepExpiredImpersonations } from '../../src/modules/auth/impersonation-end.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { bearer, createUniversity, createUser, PASSWORD, signInAs } from '../helpers/factories.js';

// God Mode impersonation that holds: it survives a reload (its own refresh cookie), cannot touch the
// target's account security, ends on request or at its end — revoked and audited with the operator.

let ctx: TestContext;
let short: TestContext; // IMPERSONATION_MAX_SECONDS=2: every impersonation there ends after 2 s
let uni: Awaited<ReturnType<typeof createUniversity>>;

beforeAll(async () => {
  [ctx, short] = await Promise.all([createTestContext(), createTestContext({ IMPERSONATION_MAX_SECONDS: '2' })]);
  uni = await createUniversity(ctx.platform.database.db);
});
afterAll(async () => {
  await Promise.all([ctx?.close(), short?.close()]);
});

const REASON = 'Support ticket #4821: the registrar cannot see spring courses';
type Tokens = { access_token: string; refresh_token: string; expires_in: number; user: { id: string }; impersonation: { expires_at: string } };

async function begin(c: TestContext, u: { id: string; collegeId: string }) {
  const db = c.platform.database.db;
  const op = await signInAs(c.app, db, 'bitflow_owner');
  const target = await createUser(db, { role: 'college_admin', universityId: u.id, collegeId: u.collegeId });
  const res = await c.app.inject({ method: 'POST', url: '/api/v1/god-mode/impersonate', headers: op.headers, payload: { user_id: target.id, reason: REASON, duration_minutes: 30 } });
  expect(res.statusCode, res.body).toBe(201);
  return { op, target, imp: res.json().data as Tokens, cookie: res.cookies.find((k) => k.name === 'bf_impersonation') };
}

const endedRows = (c: TestContext, userId: string) =>
  c.platform.database.db.selectFrom('audit_logs').select(['actor_id', 'impersonator_id', 'changes']).where('action', '=', 'god_mode.impersonation_ended').where('actor_id', '=', userId).execute();
const reasonOf = (r: { changes: unknown }) => (JSON.parse(String(r.changes)) as { reason: string }).reason;
const me = (c: TestContext, token: string) => c.app.inject({ url: '/api/v1/auth/me', headers: bearer(token) });
/** What the portal does on a page load: refresh with whatever cookies the browser holds (from its own origin). */
const reload = (c: TestContext, cookies: Record<string, string>) => c.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', cookies, headers: { origin: c.config.corsOrigins[0]! } });

describe('starting and reloading', () => {
  it('keeps the impersonation in its own httpOnly cookie, so a reload restores it and not the owner', async () => {
    const { op, target, imp, cookie } = await begin(ctx, uni);
    expect(cookie).toMatchObject({ value: imp.refresh_token, httpOnly: true, secure: true, sameSite: 'Strict', path: '/api/v1/auth' });
    expect(cookie!.maxAge).toBeLessThanOrEqual(30 * 60);
    const start = await ctx.platform.database.db.selectFrom('audit_logs').select(['actor_id', 'impersonator_id']).where('action', '=', 'god_mode.impersonation_started').where('actor_id', '=', target.id).executeTakeFirstOrThrow();
    expect(start.impersonator_id).toBe(op.id);

    const res = await reload(ctx, { bf_refresh: op.refresh_token, bf_impersonation: imp.refresh_token });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().data.user.id).toBe(target.id);
    // The impersonation's cookie rotates; the owner's own stays as it was.
    expect(res.cookies.map((k) => k.name)).toEqual(['bf_impersonation']);
    const who = (await me(ctx, res.json().data.access_token)).json().data;
    expect(who.user.id).toBe(target.id);
    expect(who.impersonator).toEqual({ id: op.id, name: expect.any(String) });
    expect(who.impersonation_expires_at).toBe(imp.impersonation.expires_at);
  });

  it('audits a write made while impersonating with the operator as impersonator', async () => {
    const { op, target, imp } = await begin(ctx, uni);
    const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/users', headers: bearer(imp.access_token), payload: { name: 'Via Imp', email: 'via.imp.2@example.test', roles: ['college_admin'], password: 'Long-Enough-Pass-1' } });
    expect(res.statusCode, res.body).toBe(201);
    const row = await ctx.platform.database.db.selectFrom('audit_logs').select(['actor_id', 'impersonator_id']).where('action', '=', 'users.created').where('entity_id', '=', res.json().data.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ actor_id: target.id, impersonator_id: op.id });
  });
});

describe('account security while impersonating', () => {
  it('refuses MFA, sessions and password routes with a 403 envelope, changes nothing, and audits the refusal', async () => {
    const { op, target, imp } = await begin(ctx, uni);
    const db = ctx.platform.database.db;
    const before = await db.selectFrom('users').select(['password_hash', 'mfa_secret_enc', 'mfa_enabled']).where('id', '=', target.id).executeTakeFirstOrThrow();
    const other = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: target.email, password: PASSWORD } });
    const otherSession = (await db.selectFrom('sessions').select('id').where('user_id', '=', target.id).where('impersonator_id', 'is', null).executeTakeFirstOrThrow()).id;
    const calls = [
      { method: 'POST', url: '/api/v1/auth/mfa/setup', payload: {} },
      { method: 'POST', url: '/api/v1/auth/mfa/enable', payload: { code: '123456' } },
      { method: 'POST', url: '/api/v1/auth/mfa/disable', payload: { password: PASSWORD } },
      { method: 'GET', url: '/api/v1/auth/sessions' },
      { method: 'DELETE', url: `/api/v1/auth/sessions/${otherSession}` },
      { method: 'POST', url: '/api/v1/auth/logout-all', payload: {} },
      { method: 'PUT', url: '/api/v1/auth/password', payload: { current_password: PASSWORD, new_password: 'Another-Long-Pass-77' } },
    ] as const;
    for (const c of calls) {
      const res = await ctx.app.inject({ ...c, headers: bearer(imp.access_token) });
      expect(res.statusCode, `${c.method} ${c.url}: ${res.body}`).toBe(403);
      expect(res.json()).toMatchObject({ success: false, message: expect.stringMatching(/while impersonating/) });
    }
    expect(await db.selectFrom('users').select(['password_hash', 'mfa_secret_enc', 'mfa_enabled']).where('id', '=', target.id).executeTakeFirstOrThrow()).toEqual(before);
    // The target's own session and the impersonation itself are still live.
    expect((await me(ctx, other.json().data.access_token)).statusCode).toBe(200);
    expect((await me(ctx, imp.access_token)).statusCode).toBe(200);
    const refused = await db.selectFrom('audit_logs').select(['impersonator_id', 'changes']).where('action', '=', 'auth.permission_denied').where('actor_id', '=', target.id).execute();
    expect(refused).toHaveLength(calls.length);
    expect(refused.every((r) => r.impersonator_id === op.id && String(r.changes).includes('impersonating'))).toBe(true);
  });

  it('still lets the user manage their own security outside an impersonation', async () => {
    const u = await signInAs(ctx.app, ctx.platform.database.db, 'college_admin', uni);
    expect((await ctx.app.inject({ url: '/api/v1/auth/sessions', headers: u.headers })).statusCode).toBe(200);
    expect((await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/mfa/setup', headers: u.headers, payload: {} })).statusCode).toBe(200);
  });
});

describe('ending', () => {
  it('End revokes the impersonation, writes one ended row with the operator, and a reload returns to the owner', async () => {
    const { op, target, imp } = await begin(ctx, uni);
    const end = await ctx.app.inject({ method: 'POST', url: '/api/v1/god-mode/impersonation/end', headers: bearer(imp.access_token) });
    expect(end.statusCode).toBe(200);
    expect(end.cookies.find((k) => k.name === 'bf_impersonation')?.value).toBe('');
    expect((await me(ctx, imp.access_token)).statusCode).toBe(401);
    expect((await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refresh_token: imp.refresh_token } })).statusCode).toBe(401);
    const rows = await endedRows(ctx, target.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.impersonator_id).toBe(op.id);
    expect(reasonOf(rows[0]!)).toBe('ended');
    // A browser that still holds the stale cookie falls back to the owner's own session.
    const back = await reload(ctx, { bf_refresh: op.refresh_token, bf_impersonation: imp.refresh_token });
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json().data.user.id).toBe(op.id);
    expect(back.cookies.find((k) => k.name === 'bf_impersonation')?.value).toBe('');
    expect((await me(ctx, back.json().data.access_token)).json().data.impersonator).toBeNull();
  });

  it('signing out of the impersonation ends it and leaves the owner signed in', async () => {
    const { op, target, imp } = await begin(ctx, uni);
    const out = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: bearer(imp.access_token) });
    expect(out.statusCode).toBe(200);
    expect(out.cookies.map((k) => k.name)).toEqual(['bf_impersonation']);
    expect((await me(ctx, imp.access_token)).statusCode).toBe(401);
    expect((await me(ctx, op.access_token)).statusCode).toBe(200);
    expect((await endedRows(ctx, target.id)).map(reasonOf)).toEqual(['ended']);
  });
});

describe('expiry (IMPERSONATION_MAX_SECONDS=2)', () => {
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it('caps the asked-for 30 minutes, refreshing does not extend it, and the first request after the end ends it', async () => {
    const s = await createUniversity(short.platform.database.db);
    const { op, target, imp } = await begin(short, s);
    expect(Date.parse(imp.impersonation.expires_at) - Date.now()).toBeLessThanOrEqual(2000);
    expect(imp.expires_in).toBeLessThanOrEqual(2);
    const refreshed = await reload(short, { bf_refresh: op.refresh_token, bf_impersonation: imp.refresh_token });
    expect(refreshed.json().data.user.id).toBe(target.id);
    expect(refreshed.json().data.expires_in).toBeLessThanOrEqual(2);
    await sleep(2600);
    expect((await me(short, refreshed.json().data.access_token)).statusCode).toBe(401);
    expect((await me(short, imp.access_token)).statusCode).toBe(401);
    const rows = await endedRows(short, target.id);
    expect(rows.map(reasonOf)).toEqual(['expired']);
    expect(rows[0]!.impersonator_id).toBe(op.id);
    // Ending it by hand now is too late (the token is dead), and no second row appears.
    expect((await short.app.inject({ method: 'POST', url: '/api/v1/god-mode/impersonation/end', headers: bearer(imp.access_token) })).statusCode).toBe(401);
    const back = await reload(short, { bf_refresh: op.refresh_token, bf_impersonation: refreshed.json().data.refresh_token });
    expect(back.json().data.user.id).toBe(op.id);
    expect(await endedRows(short, target.id)).toHaveLength(1);
  });

  it('a refresh after the end ends it too', async () => {
    const s = await createUniversity(short.platform.database.db);
    const { op, target, imp } = await begin(short, s);
    await sleep(2600);
    const back = await reload(short, { bf_refresh: op.refresh_token, bf_impersonation: imp.refresh_token });
    expect(back.json().data.user.id).toBe(op.id);
    expect((await endedRows(short, target.id)).map(reasonOf)).toEqual(['expired']);
  });

  it('the scheduler’s sweep ends an impersonation nobody uses again', async () => {
    const s = await createUniversity(short.platform.database.db);
    const { op, target, imp } = await begin(short, s);
    await sleep(2600);
    const db = short.platform.database.primary;
    expect(await sweepExpiredImpersonations(db, short.platform.cache)).toBeGreaterThanOrEqual(1);
    const rows = await endedRows(short, target.id);
    expect(rows.map(reasonOf)).toEqual(['expired']);
    expect(rows[0]!.impersonator_id).toBe(op.id);
    const session = await db.selectFrom('sessions').select('revoked_at').where('user_id', '=', target.id).where('impersonator_id', '=', op.id).executeTakeFirstOrThrow();
    expect(session.revoked_at).not.toBeNull();
    expect(await sweepExpiredImpersonations(db, short.platform.cache)).toBe(0);
    expect((await me(short, imp.access_token)).statusCode).toBe(401);
    expect(await endedRows(short, target.id)).toHaveLength(1);
  });
});
