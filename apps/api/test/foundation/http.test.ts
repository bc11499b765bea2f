import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createTestContext, type TestContext } from '../helpers/context.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext({ BODY_LIMIT_BYTES: '2048' }, (app) => {
    // Probe routes for the error handler; real modules register theirs the same way.
    app.post('/__probe/validate', { schema: { body: z.object({ email: z.email(), age: z.number().int() }).strict() } }, async () => ({ ok: true }));
    app.get('/__probe/boom', async () => {
      throw new Error('SELECT secret FROM users -- internal detail');
    });
  });
});
afterAll(() => ctx.close());

const SECURITY_HEADERS = ['content-security-policy', 'x-frame-options', 'x-content-type-options', 'strict-transport-security', 'referrer-policy', 'permissions-policy'];

describe('HTTP skeleton', () => {
  it('answers /up with each dependency up', async () => {
    const res = await ctx.app.inject('/up');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.success).toBe(true);
    expect(body.data.checks.database.status).toBe('up');
    expect(body.data.checks.cache.status).toBe('up');
  });

  it('puts the security headers and a request id on every response, errors included', async () => {
    for (const url of ['/up', '/does-not-exist']) {
      const res = await ctx.app.inject(url);
      for (const h of SECURITY_HEADERS) expect(res.headers[h], `${h} on ${url}`).toBeTruthy();
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-request-id']).toMatch(/^[\w-]{8,}$/);
    }
  });

  it('echoes a sane caller request id and replaces a hostile one', async () => {
    const good = await ctx.app.inject({ url: '/up', headers: { 'x-request-id': 'trace-12345678' } });
    expect(good.headers['x-request-id']).toBe('trace-12345678');
    const bad = await ctx.app.inject({ url: '/up', headers: { 'x-request-id': 'x\r\nSet-Cookie: a' } });
    expect(bad.headers['x-request-id']).not.toContain('Set-Cookie');
  });

  it('404s unknown routes in the envelope', async () => {
    const res = await ctx.app.inject('/api/v1/nothing-here');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ success: false, message: 'Route GET /api/v1/nothing-here not found.', code: 'NOT_FOUND' });
  });

  it('answers URLs the router refuses in the envelope with the security headers: bad %-encoding 400, an over-long id 404', async () => {
    for (const [url, status] of [
      ['/api/v1/students/%FF', 400],
      ['/api/v1/students/%E0%A4%A', 400],
      [`/api/v1/students/${'a'.repeat(101)}`, 404],
      [`/api/v1/students/${'a'.repeat(5000)}/enrollments`, 404],
    ] as const) {
      const res = await ctx.app.inject(url);
      expect(res.statusCode, url).toBe(status);
      expect(res.json(), url).toMatchObject({ success: false, message: expect.any(String) });
      expect(res.body, url).not.toMatch(/FST_ERR|statusCode/);
      for (const h of SECURITY_HEADERS) expect(res.headers[h], `${h} on ${url}`).toBeTruthy();
      expect(res.headers['x-request-id']).toMatch(/^[\w-]{8,}$/);
    }
  });

  it('422s validation failures with field errors, including unknown fields', async () => {
    const res = await ctx.app.inject({ method: 'POST', url: '/__probe/validate', payload: { email: 'nope', extra: 1 } });
    expect(res.statusCode).toBe(422);
    const body = res.json();
    expect(body.success).toBe(false);
    expect(body.message).toBe('Validation failed');
    expect(Object.keys(body.errors)).toEqual(expect.arrayContaining(['email', 'age', 'extra']));
    expect(body.errors.age).toEqual(['This field is required.']);
  });

  it('answers malformed JSON with a 400 envelope', async () => {
    const res = await ctx.app.inject({ method: 'POST', url: '/__probe/validate', headers: { 'content-type': 'application/json' }, payload: '{"email":' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ success: false, message: 'The request body is not valid JSON.', code: 'BAD_REQUEST' });
  });

  it('413s oversized bodies in the envelope', async () => {
    const res = await ctx.app.inject({ method: 'POST', url: '/__probe/validate', payload: { email: 'a'.repeat(5000) } });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toEqual({ success: false, message: 'The request body is too large.', code: 'PAYLOAD_TOO_LARGE' });
  });

  it('500s unexpected errors with a generic message: no stack, no SQL', async () => {
    const res = await ctx.app.inject('/__probe/boom');
    expect(res.statusCode).toBe(500);
    const body = res.json();
    expect(body).toEqual({ success: false, message: 'Something went wrong on our side. Please try again.', code: 'INTERNAL' });
    expect(res.body).not.toMatch(/SELECT|stack|at /);
  });

  it('allows CORS only for configured origins', async () => {
    const ok = await ctx.app.inject({ method: 'OPTIONS', url: '/up', headers: { origin: 'http://localhost:3000', 'access-control-request-method': 'GET' } });
    expect(ok.headers['access-control-allow-origin']).toBe('http://localhost:3000');
    const no = await ctx.app.inject({ method: 'OPTIONS', url: '/up', headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' } });
    expect(no.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('/up when a dependency is down', () => {
  it('returns 503 naming the database', async () => {
    // A MySQL URL nobody listens on: the database probe fails, the app still answers.
    const config = loadConfig({
      DATABASE_URL: 'mysql://root@127.0.0.1:1/nowhere',
      ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
      LOG_LEVEL: 'silent',
      DATA_DIR: ctx.config.dataDir,
      JWT_KEYS_DIR: ctx.config.jwt.keysDir,
    });
    const app = await buildApp(config, { logger: false });
    try {
      const res = await app.inject('/up');
      expect(res.statusCode).toBe(503);
      const body = res.json();
      expect(body.success).toBe(false);
      expect(body.message).toMatch(/database/);
      expect(body.code).toBe('SERVICE_UNAVAILABLE');
      expect(body.data.checks.database.status).toBe('down');
      expect(body.data.checks.cache.status).toBe('up');
    } finally {
      await app.close();
    }
  });

  it('returns 503 naming the cache when Redis is unreachable', async () => {
    const config = loadConfig({ REDIS_URL: 'redis://127.0.0.1:1', LOG_LEVEL: 'silent', DATA_DIR: ctx.config.dataDir, JWT_KEYS_DIR: ctx.config.jwt.keysDir });
    const app = await buildApp(config, { logger: false });
    try {
      const res = await app.inject('/up');
      expect(res.statusCode).toBe(503);
      expect(res.json().data.checks.cache.status).toBe('down');
      expect(res.json().message).toMatch(/cache/);
    } finally {
      await app.close();
    }
  });
});
