import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { bearer, createUniversity, createUser, login } from '../helpers/factories.js';

// Operators read one JSON line per request: who (request id, user, university), what (method, URL),
// how it ended (status) and how long it took — and nothing else per request at the info level.
describe('access log', () => {
  let ctx: TestContext;
  let app: FastifyInstance;
  const lines: Record<string, unknown>[] = [];

  beforeAll(async () => {
    ctx = await createTestContext({ LOG_LEVEL: 'info' });
    app = await buildApp(ctx.config, { platform: ctx.platform, logStream: { write: (l: string) => void lines.push(JSON.parse(l) as Record<string, unknown>) } });
    await app.ready();
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await ctx?.close();
  });

  it('writes exactly one line per request, naming the caller once signed in', async () => {
    const uni = await createUniversity(ctx.platform.database.db);
    const user = await createUser(ctx.platform.database.db, { role: 'university_owner', universityId: uni.id });
    const { access_token } = await login(app, user.email);
    lines.length = 0;
    const ok = await app.inject({ method: 'GET', url: '/api/v1/students?per_page=2', headers: { ...bearer(access_token), 'x-request-id': 'req-access-log-1' } });
    expect(ok.statusCode).toBe(200);
    const denied = await app.inject({ method: 'GET', url: '/api/v1/students' });
    expect(denied.statusCode).toBe(401);
    const missing = await app.inject({ method: 'GET', url: '/api/v1/no-such-thing', headers: bearer(access_token) });
    expect(missing.statusCode).toBe(404);

    const perRequest = lines.filter((l) => l.reqId);
    expect(perRequest.map((l) => [l.msg, l.method, l.url, l.status])).toEqual([
      ['request', 'GET', '/api/v1/students?per_page=2', 200],
      ['request', 'GET', '/api/v1/students', 401],
      ['request', 'GET', '/api/v1/no-such-thing', 404],
    ]);
    expect(perRequest[0]).toMatchObject({ reqId: 'req-access-log-1', user_id: user.id, university_id: uni.id, level: 30 });
    expect(typeof perRequest[0]!.ms).toBe('number');
    expect(perRequest.map((l) => l.ip)).toEqual(['127.0.0.1', '127.0.0.1', '127.0.0.1']);
    expect(perRequest[1]!.user_id).toBeUndefined();
  });
});
