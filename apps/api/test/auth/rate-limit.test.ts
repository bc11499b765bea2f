import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RATE_TIERS } from '../../src/http/rate-limit.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { createUniversity, PASSWORD, signInAs } from '../helpers/factories.js';

// The per-user request limit of the API (http/rate-limit.ts), tiered by role, on both backends
// (in-memory counters embedded, Redis with MariaDB).
let ctx: TestContext;
let uni: Awaited<ReturnType<typeof createUniversity>>;
beforeAll(async () => {
  ctx = await createTestContext();
  uni = await createUniversity(ctx.platform.database.db);
});
afterAll(() => ctx.close());

const me = (headers: Record<string, string>) => ctx.app.inject({ url: '/api/v1/auth/me', headers });

describe('per-user rate limit', () => {
  it('answers 429 in the envelope with Retry-After once a staff user passes 300 requests a minute, and only for that user', async () => {
    const registrar = await signInAs(ctx.app, ctx.platform.database.db, 'registrar', uni);
    const colleague = await signInAs(ctx.app, ctx.platform.database.db, 'registrar', uni);
    const first = await me(registrar.headers);
    expect(first.statusCode).toBe(200);
    expect(first.headers['x-ratelimit-limit']).toBe(String(RATE_TIERS.staff));
    for (let i = 1; i < RATE_TIERS.staff; i++) expect((await me(registrar.headers)).statusCode).toBe(200);

    const over = await me(registrar.headers);
    expect(over.statusCode).toBe(429);
    expect(over.json()).toMatchObject({ success: false });
    expect(over.json().message).toMatch(/Too many requests/);
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
    // The limit is per user, not per tenant or address.
    expect((await me(colleague.headers)).statusCode).toBe(200);
  });

  it('counts requests whose body fails: the 301st invalid-JSON PUT of a minute is 429, before its body is parsed', async () => {
    const registrar = await signInAs(ctx.app, ctx.platform.database.db, 'registrar', uni);
    const put = () =>
      ctx.app.inject({
        method: 'PUT',
        url: '/api/v1/students/0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b',
        headers: { ...registrar.headers, 'content-type': 'application/json' },
        payload: `{"first_name": "${'x'.repeat(2000)}"`,
      });
    for (let i = 0; i < RATE_TIERS.staff; i++) expect((await put()).statusCode).toBe(400);
    const over = await put();
    expect(over.statusCode).toBe(429);
    expect(over.json()).toMatchObject({ success: false, message: expect.stringMatching(/Too many requests/) });
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('counts refused requests too: the 301st forbidden request of a minute is 429 and writes no audit row', async () => {
    const viewer = await signInAs(ctx.app, ctx.platform.database.db, 'viewer', uni);
    const create = () => ctx.app.inject({ method: 'POST', url: '/api/v1/students', headers: viewer.headers, payload: {} });
    for (let i = 0; i < RATE_TIERS.staff; i++) expect((await create()).statusCode).toBe(403);
    expect((await create()).statusCode).toBe(429);
    const denied = await ctx.platform.database.db.selectFrom('audit_logs').select('id').where('action', '=', 'auth.permission_denied').where('actor_id', '=', viewer.id).execute();
    expect(denied).toHaveLength(RATE_TIERS.staff);
  });

  it('gives sign-in and refresh their own per-address buckets: anonymous traffic from an address does not hold them up', async () => {
    const u = await signInAs(ctx.app, ctx.platform.database.db, 'viewer', uni);
    const campus = '10.40.0.1';
    const reset = () => ctx.app.inject({ method: 'POST', url: '/api/v1/auth/reset-password', payload: { token: 'x' }, remoteAddress: campus });
    for (let i = 0; i < RATE_TIERS.anonymous; i++) expect((await reset()).statusCode).toBe(422);
    expect((await reset()).statusCode).toBe(429);
    const refresh = (refresh_token: string) => ctx.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refresh_token }, remoteAddress: campus });
    const ok = await refresh(u.refresh_token);
    expect(ok.statusCode).toBe(200);
    for (let i = 0; i < 100; i++) expect((await refresh(`not-a-real-refresh-token-at-all-${i}`.padEnd(43, "x"))).statusCode).toBe(401);
    const signIn = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: u.email, password: PASSWORD }, remoteAddress: campus });
    expect(signIn.statusCode).toBe(200);
  });

  it('gives owners and platform operators their higher tiers', async () => {
    const owner = await signInAs(ctx.app, ctx.platform.database.db, 'university_owner', uni);
    const operator = await signInAs(ctx.app, ctx.platform.database.db, 'bitflow_owner');
    expect((await me(owner.headers)).headers['x-ratelimit-limit']).toBe(String(RATE_TIERS.owner));
    expect((await me(operator.headers)).headers['x-ratelimit-limit']).toBe(String(RATE_TIERS.platform));
  });
});
