import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/core/app-error.js';
import { LoginThrottle, MAX_PER_ACCOUNT, MAX_PER_IP } from '../../src/modules/auth/login-throttle.js';
import type { Cache } from '../../src/platform/cache.js';
import { backend, createTestContext, type TestContext } from '../helpers/context.js';
import { generateTotp } from '../../src/platform/crypto/totp.js';
import { bearer, createUniversity, createUser, login, PASSWORD } from '../helpers/factories.js';
import { freePort, hasBinary, ThrowawayRedis } from '../helpers/throwaway.js';

// The sign-in lock (modules/auth/login-throttle.ts) under concurrency, with the shared cache down, and
// for many people behind one address. Both backends: in-memory counters embedded, Redis with MariaDB.

let ctx: TestContext;
let uni: Awaited<ReturnType<typeof createUniversity>>;
const db = () => ctx.platform.database.db;
beforeAll(async () => {
  ctx = await createTestContext();
  uni = await createUniversity(db());
});
afterAll(() => ctx.close());

const signIn = (app: TestContext['app'], email: string, password: string, ip: string) =>
  app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, remoteAddress: ip });
const failuresAudited = async (userId: string) =>
  (await db().selectFrom('audit_logs').select('id').where('action', '=', 'auth.login_failed').where('entity_id', '=', userId).execute()).length;

describe('account lock under parallel guesses', () => {
  it('verifies at most 5 of 100 parallel guesses from 100 addresses, and refuses the right password after them with 429', async () => {
    const u = await createUser(db(), { role: 'viewer', universityId: uni.id });
    const guesses = Array.from({ length: 100 }, (_, i) => signIn(ctx.app, u.email, `wrong-guess-${i}`, `10.50.${i >> 8}.${i & 255}`));
    const right = signIn(ctx.app, u.email, PASSWORD, '10.51.0.1');
    const answers = await Promise.all([...guesses, right]);
    const statuses = answers.map((r) => r.statusCode);

    // Only the reserved attempts reached the password check (each failed one is audited).
    expect(statuses.filter((s) => s !== 429).length).toBeLessThanOrEqual(MAX_PER_ACCOUNT);
    expect(await failuresAudited(u.id)).toBeLessThanOrEqual(MAX_PER_ACCOUNT);
    expect(statuses.filter((s) => s === 401).length).toBe(await failuresAudited(u.id));
    const last = answers.at(-1)!;
    expect(last.statusCode).toBe(429);
    expect(last.json()).toMatchObject({ success: false, message: expect.stringMatching(/Too many sign-in attempts/) });
    expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
    expect(last.json().data).toBeUndefined();
    // Still locked afterwards, from yet another address.
    expect((await signIn(ctx.app, u.email, PASSWORD, '10.52.0.1')).statusCode).toBe(429);
  });

  it('frees the account on a successful sign-in', async () => {
    const u = await createUser(db(), { role: 'viewer', universityId: uni.id });
    for (let i = 0; i < MAX_PER_ACCOUNT - 1; i++) expect((await signIn(ctx.app, u.email, 'wrong-password', '10.53.0.1')).statusCode).toBe(401);
    expect((await signIn(ctx.app, u.email, PASSWORD, '10.53.0.1')).statusCode).toBe(200);
    for (let i = 0; i < MAX_PER_ACCOUNT - 1; i++) expect((await signIn(ctx.app, u.email, 'wrong-password', '10.53.0.1')).statusCode).toBe(401);
    expect((await signIn(ctx.app, u.email, PASSWORD, '10.53.0.1')).statusCode).toBe(200);
  });
});

describe('second factor under parallel guesses', () => {
  it('checks at most 5 of 50 parallel codes for one sign-in, then refuses even the right code with 429', async () => {
    const u = await createUser(db(), { role: 'university_owner', universityId: uni.id });
    const t = await login(ctx.app, u.email, PASSWORD, '10.55.0.1');
    const setup = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/mfa/setup', headers: bearer(t.access_token) });
    const { secret } = setup.json().data as { secret: string };
    const enabled = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/mfa/enable', headers: bearer(t.access_token), payload: { code: generateTotp(secret) } });
    expect(enabled.statusCode).toBe(200);

    const step1 = await signIn(ctx.app, u.email, PASSWORD, '10.55.0.1');
    const mfa_token = step1.json().data.mfa_token as string;
    const right = generateTotp(secret, Date.now() + 30_000); // the next step: not the one just used to enable
    const wrong = Array.from({ length: 50 }, (_, i) => String((Number(right) + 1 + i) % 1_000_000).padStart(6, '0'));
    const answers = await Promise.all(wrong.map((code, i) => ctx.app.inject({ method: 'POST', url: '/api/v1/auth/mfa/verify', payload: { mfa_token, code }, remoteAddress: `10.56.0.${i}` })));
    const failures = (await db().selectFrom('audit_logs').select('id').where('action', '=', 'auth.mfa_failed').where('entity_id', '=', u.id).execute()).length;
    expect(answers.filter((r) => r.statusCode !== 429).length).toBeLessThanOrEqual(MAX_PER_ACCOUNT);
    expect(failures).toBeLessThanOrEqual(MAX_PER_ACCOUNT);
    const last = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/mfa/verify', payload: { mfa_token, code: right }, remoteAddress: '10.57.0.1' });
    expect(last.statusCode).toBe(429);
  });
});

describe('many people behind one address', () => {
  it('past the address limit, regulars of that address still sign in; new accounts from it get 429; other addresses are unaffected', async () => {
    const campus = '10.60.0.1';
    const regular = await createUser(db(), { role: 'viewer', universityId: uni.id });
    const newcomer = await createUser(db(), { role: 'viewer', universityId: uni.id });
    expect((await signIn(ctx.app, regular.email, PASSWORD, campus)).statusCode).toBe(200);

    // Someone on the campus sprays guesses at many accounts (a few per account, under the account lock).
    for (let i = 0; i < MAX_PER_IP; i++) {
      const r = await signIn(ctx.app, `sprayed${i >> 1}@example.test`, 'wrong-password', campus);
      expect(r.statusCode).toBe(401);
    }
    const sprayer = await signIn(ctx.app, 'another-target@example.test', 'wrong-password', campus);
    expect(sprayer.statusCode).toBe(429);
    expect(Number(sprayer.headers['retry-after'])).toBeGreaterThan(0);

    expect((await signIn(ctx.app, regular.email, PASSWORD, campus)).statusCode).toBe(200);
    expect((await signIn(ctx.app, newcomer.email, PASSWORD, campus)).statusCode).toBe(429);
    expect((await signIn(ctx.app, newcomer.email, PASSWORD, '10.61.0.1')).statusCode).toBe(200);
  });
});

describe('shared cache down', () => {
  // A cache whose every command fails, as ioredis does with Redis gone (enableOfflineQueue: false).
  const deadRedis = (): Cache => {
    const fail = () => Promise.reject(new Error("Stream isn't writeable and enableOfflineQueue options is false"));
    return { kind: 'redis', redis: null, get: fail, mget: fail, set: fail, del: fail, incr: fail, mgetCount: fail, ping: fail, close: async () => {} };
  };

  it('keeps limiting with per-process counters instead of letting every attempt through', async () => {
    const throttle = new LoginThrottle(deadRedis());
    for (let i = 0; i < MAX_PER_ACCOUNT; i++) {
      await throttle.reserve('victim@example.test', `10.70.0.${i}`);
      await throttle.failed('victim@example.test', `10.70.0.${i}`);
    }
    const refused = await throttle.reserve('victim@example.test', '10.70.1.1').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).status).toBe(429);
    // Parallel reservations on the fallback are atomic too.
    const other = await Promise.allSettled(Array.from({ length: 50 }, () => throttle.reserve('other@example.test', '10.70.2.1')));
    expect(other.filter((r) => r.status === 'fulfilled')).toHaveLength(MAX_PER_ACCOUNT);
  });

  describe.skipIf(backend !== 'mysql' || !hasBinary('redis-server'))('drill: Redis killed during sign-ins', () => {
    let drill: TestContext;
    let redis: ThrowawayRedis;
    beforeAll(async () => {
      redis = new ThrowawayRedis(await freePort());
      await redis.start();
      drill = await createTestContext({}, undefined, undefined, { redisUrl: redis.url });
    });
    afterAll(async () => {
      try {
        await Promise.race([drill?.close(), new Promise((r) => setTimeout(r, 20_000))]);
      } finally {
        await redis?.stop();
      }
    });

    it('locks the account after 5 failures while Redis is down', async () => {
      expect(drill.platform.cache.kind).toBe('redis');
      const u = await createUser(drill.platform.database.db, { role: 'viewer', universityId: (await createUniversity(drill.platform.database.db)).id });
      await redis.stop('SIGKILL');
      for (let i = 0; i < MAX_PER_ACCOUNT; i++) expect((await signIn(drill.app, u.email, 'wrong-password', `10.80.0.${i}`)).statusCode).toBe(401);
      const blocked = await signIn(drill.app, u.email, PASSWORD, '10.80.1.1');
      expect(blocked.statusCode).toBe(429);
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
      await redis.start();
    });
  });
});
