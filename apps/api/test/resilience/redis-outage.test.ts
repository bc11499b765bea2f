import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backend, createTestContext, type TestContext } from '../helpers/context.js';
import { createUniversity, signInAs } from '../helpers/factories.js';
import { freePort, hasBinary, ThrowawayRedis, waitFor } from '../helpers/throwaway.js';

// Drill: Redis dies while users read. The API must keep answering from the database (cache
// bypassed, rate limiter lets requests through, identity cache falls back to SQL), `/up` must name
// the cache as down, and everything must recover when Redis returns — without restarting the API.
// Runs on a throwaway redis-server so the shared one is never touched.

const READS = ['/api/v1/colleges', '/api/v1/departments', '/api/v1/students', '/api/v1/dashboard', '/api/v1/notifications/unread-count', '/api/v1/auth/me'];

describe.skipIf(backend !== 'mysql' || !hasBinary('redis-server'))('drill: Redis outage during reads', () => {
  let ctx: TestContext;
  let redis: ThrowawayRedis;
  let headers: Record<string, string>;

  const readAll = async () => {
    const out: { url: string; status: number; ms: number }[] = [];
    for (const url of READS) {
      const t = Date.now();
      const res = await ctx.app.inject({ method: 'GET', url, headers });
      out.push({ url, status: res.statusCode, ms: Date.now() - t });
    }
    return out;
  };

  beforeAll(async () => {
    redis = new ThrowawayRedis(await freePort());
    await redis.start();
    ctx = await createTestContext({}, undefined, undefined, { redisUrl: redis.url });
    const uni = await createUniversity(ctx.platform.database.db);
    headers = (await signInAs(ctx.app, ctx.platform.database.db, 'university_owner', uni)).headers;
  });

  afterAll(async () => {
    // Close while Redis is up (the worker's close needs it), but never leave the throwaway server
    // running: it is stopped even if closing fails or hangs after a failed drill.
    try {
      await Promise.race([ctx?.close(), new Promise((r) => setTimeout(r, 20_000))]);
    } finally {
      await redis?.stop();
    }
  });

  it('keeps answering reads with Redis down, reports the cache down, and recovers when it returns', async () => {
    expect(ctx.platform.cache.kind).toBe('redis');
    for (const r of await readAll()) expect(r.status, r.url).toBe(200);
    expect((await ctx.app.inject({ method: 'GET', url: '/up' })).json().data.checks.cache.status).toBe('up');

    await redis.stop('SIGKILL');
    // Several rounds, so the rate limiter and caches are hit repeatedly while Redis is gone.
    for (let round = 0; round < 3; round++) {
      for (const r of await readAll()) {
        expect(r.status, r.url).toBe(200);
        expect(r.ms, r.url).toBeLessThan(5_000);
      }
    }
    const down = await ctx.app.inject({ method: 'GET', url: '/up' });
    expect(down.statusCode).toBe(503);
    expect(down.json().data.checks.cache.status).toBe('down');
    expect(down.json().data.checks.database.status).toBe('up');
    expect(down.json().message).toMatch(/cache/);

    // A request that needs Redis (queueing a report) fails fast instead of hanging.
    const t = Date.now();
    const gen = await ctx.app.inject({ method: 'POST', url: '/api/v1/reports/generate', headers, payload: { type: 'student_roster', format: 'csv' } });
    expect(Date.now() - t).toBeLessThan(10_000);
    expect(gen.statusCode).toBe(503);
    expect(gen.json()).toMatchObject({ success: false });
    expect(gen.headers['retry-after']).toBeDefined();

    await redis.start();
    await waitFor(async () => (await ctx.app.inject({ method: 'GET', url: '/up' })).statusCode === 200, 15_000, '/up to recover');
    for (const r of await readAll()) expect(r.status, r.url).toBe(200);
    // The queue is back too: a report is accepted and a worker finishes it.
    let reportId = '';
    await waitFor(async () => {
      const again = await ctx.app.inject({ method: 'POST', url: '/api/v1/reports/generate', headers, payload: { type: 'student_roster', format: 'csv' } });
      reportId = again.statusCode === 202 ? (again.json().data.id as string) : '';
      return reportId;
    }, 15_000, 'the queue to accept jobs again');
    await waitFor(async () => (await ctx.app.inject({ method: 'GET', url: `/api/v1/reports/${reportId}/status`, headers })).json().data.status === 'completed', 40_000, 'the report after recovery');
    // The cache is in use again: a second identical read is a hit. (prom-client hands out live
    // objects, so read the number at once.)
    const hits = async () => (await ctx.platform.metrics.cache.get()).values.find((v) => v.labels.result === 'hit')?.value ?? 0;
    await ctx.app.inject({ method: 'GET', url: '/api/v1/departments', headers });
    const before = await hits();
    await ctx.app.inject({ method: 'GET', url: '/api/v1/departments', headers });
    expect(await hits()).toBeGreaterThan(before);
  });
});
