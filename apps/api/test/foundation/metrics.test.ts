import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backend, createTestContext, type TestContext } from '../helpers/context.js';

let ctx: TestContext;
const token = 'metrics-token-0123456789';
beforeAll(async () => {
  ctx = await createTestContext({ METRICS_TOKEN: token });
});
afterAll(() => ctx.close());

describe('/metrics', () => {
  it('needs the token', async () => {
    const none = await ctx.app.inject('/metrics');
    expect(none.statusCode).toBe(401);
    expect(none.json().code).toBe('UNAUTHENTICATED');
    expect((await ctx.app.inject({ url: '/metrics', headers: { authorization: 'Bearer wrong-token-0123456789' } })).statusCode).toBe(401);
  });

  it('reports HTTP durations per route, DB query times, cache reads, queue and event-loop metrics', async () => {
    await ctx.app.inject('/up');
    await ctx.app.inject('/api/v1/auth/me');
    const res = await ctx.app.inject({ url: '/metrics', headers: { authorization: `Bearer ${token}` } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/http_request_duration_seconds_count\{method="GET",route="\/up",status="200"\} 1/);
    expect(res.body).toMatch(/http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/auth\/me",status="401"\} 1/);
    expect(res.body).toMatch(/db_query_duration_seconds_count\{kind="read"\} \d+/);
    expect(res.body).toContain('queue_jobs{state="waiting"}');
    expect(res.body).toContain('nodejs_eventloop_lag_p99_seconds');
  });
});

// A query that finds every pooled connection busy waits for one, and that wait is in no query's own
// duration: db_pool_wait_seconds is how an operator sees the pool is too small.
describe.skipIf(backend !== 'mysql')('/metrics: waits for a pooled MySQL connection', () => {
  let mysqlCtx: TestContext;
  beforeAll(async () => {
    mysqlCtx = await createTestContext({ METRICS_TOKEN: token, DATABASE_POOL_SIZE: '1' });
  });
  afterAll(() => mysqlCtx?.close());

  it('records how long a query queued behind a busy connection', async () => {
    const wait = async () => {
      const text = (await mysqlCtx.app.inject({ url: '/metrics', headers: { authorization: `Bearer ${token}` } })).body;
      return { count: Number(/^db_pool_wait_seconds_count (\S+)$/m.exec(text)?.[1]), sum: Number(/^db_pool_wait_seconds_sum (\S+)$/m.exec(text)?.[1]) };
    };
    const before = await wait();
    const db = mysqlCtx.platform.database.db;
    // One connection: the second query waits for the first one's 0.3 s.
    await Promise.all([sql`SELECT SLEEP(0.3)`.execute(db), sql`SELECT 1`.execute(db)]);
    const after = await wait();
    expect(after.count - before.count).toBeGreaterThanOrEqual(2);
    expect(after.sum - before.sum).toBeGreaterThan(0.25);
  });
});
