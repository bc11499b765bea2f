import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../helpers/context.js';

let ctx: TestContext;
const token = 'metrics-token-0123456789';
beforeAll(async () => {
  ctx = await createTestContext({ METRICS_TOKEN: token });
});
afterAll(() => ctx.close());

describe('/metrics', () => {
  it('needs the token', async () => {
    expect((await ctx.app.inject('/metrics')).statusCode).toBe(401);
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
