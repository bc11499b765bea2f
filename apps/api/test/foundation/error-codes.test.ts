import { ERROR_CODES, ERROR_STATUS, ZErrorEnvelope, type ErrorCode } from '@bitflow/contracts';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { backend, createTestContext, type TestContext } from '../helpers/context.js';
import { createUniversity, signInAs } from '../helpers/factories.js';

// Issue #20 item 3: every kind of error answer carries a stable `code` from contracts' ERROR_CODES
// beside the seed's message/errors, and its status is the one the table gives that code.
// (TENANT_SUSPENDED and MFA_REQUIRED are asserted where their set-up lives: tenant-suspended.test.ts,
// auth.test.ts; the 503 of the request deadline in resilience/timeouts.test.ts.)

let ctx: TestContext;
const db = () => ctx.platform.database.db;
let owner: Awaited<ReturnType<typeof signInAs>>;
let viewer: Awaited<ReturnType<typeof signInAs>>;
let uni: Awaited<ReturnType<typeof createUniversity>>;

beforeAll(async () => {
  ctx = await createTestContext({ BODY_LIMIT_BYTES: '2048' }, (app) => {
    app.post('/__probe/validate', { schema: { body: z.object({ email: z.email() }).strict() } }, async () => ({ ok: true }));
    app.get('/__probe/boom', async () => {
      throw new Error('internal detail');
    });
    // Under /api/ (the limiter skips other paths) and public, with a budget of one request.
    app.get('/api/v1/__probe/limited', { config: { public: true, rateLimit: { max: 1, timeWindow: 60_000 } }, schema: { response: { 200: z.strictObject({ ok: z.boolean() }) } } }, async () => ({ ok: true }));
  });
  uni = await createUniversity(db());
  owner = await signInAs(ctx.app, db(), 'university_owner', uni);
  viewer = await signInAs(ctx.app, db(), 'viewer', uni);
});
afterAll(() => ctx.close());

function expectCode(res: LightMyRequestResponse, code: ErrorCode) {
  expect(res.statusCode, res.body).toBe(ERROR_STATUS[code]);
  const body = ZErrorEnvelope.parse(res.json());
  expect(body.code, res.body).toBe(code);
  return body;
}

const post = (url: string, payload: object, headers = owner.headers) => ctx.app.inject({ method: 'POST', url, headers, payload });

describe('the error code table', () => {
  it('gives each code one error status and a description', () => {
    for (const [code, { status, description }] of Object.entries(ERROR_CODES)) {
      expect(code).toMatch(/^[A-Z]+(_[A-Z]+)*$/);
      expect(status).toBeGreaterThanOrEqual(400);
      expect(ERROR_STATUS[code as ErrorCode]).toBe(status);
      expect(description.length, code).toBeGreaterThan(20);
    }
  });
});

describe(`error answers carry their code on ${backend}`, () => {
  it('schema validation 422, bad JSON 400, unsupported media type 415, body too large 413', async () => {
    const invalid = expectCode(await post('/__probe/validate', { email: 'nope', extra: 1 }), 'VALIDATION_FAILED');
    expect(Object.keys(invalid.errors!)).toEqual(expect.arrayContaining(['email', 'extra']));
    expectCode(await ctx.app.inject({ method: 'POST', url: '/__probe/validate', headers: { 'content-type': 'application/json' }, payload: '{"email":' }), 'BAD_REQUEST');
    expectCode(await ctx.app.inject({ method: 'POST', url: '/__probe/validate', headers: { 'content-type': 'application/xml' }, payload: '<a/>' }), 'UNSUPPORTED_MEDIA_TYPE');
    expectCode(await post('/__probe/validate', { email: 'a'.repeat(5000) }), 'PAYLOAD_TOO_LARGE');
  });

  it('no token 401, missing permission 403, unknown route or record 404', async () => {
    const anon = await ctx.app.inject('/api/v1/auth/me');
    expectCode(anon, 'UNAUTHENTICATED');
    expect(anon.headers['www-authenticate']).toBe('Bearer');
    expectCode(await post('/api/v1/universities', { name: 'X', code: 'X' }, viewer.headers), 'FORBIDDEN');
    expectCode(await ctx.app.inject('/api/v1/nothing-here'), 'NOT_FOUND');
    expectCode(await ctx.app.inject({ url: '/api/v1/students/0190a3c4-0000-7000-8000-000000000000', headers: owner.headers }), 'NOT_FOUND');
  });

  it('URLs the router refuses: bad %-encoding 400, an over-long id 404', async () => {
    expectCode(await ctx.app.inject('/api/v1/students/%FF'), 'BAD_REQUEST');
    expectCode(await ctx.app.inject(`/api/v1/students/${'a'.repeat(101)}`), 'NOT_FOUND');
  });

  it('a duplicate is CONFLICT, a full course CAPACITY_REACHED (both 409)', async () => {
    const student = (n: string) => post('/api/v1/students', { department_id: uni.departmentId, admission_number: n, first_name: 'Sam', last_name: 'Stone' });
    const a = (await student('EC-1')).json().data;
    const b = (await student('EC-2')).json().data;
    const dup = expectCode(await student('EC-1'), 'CONFLICT');
    expect(dup.errors).toHaveProperty('admission_number');
    const course = (await post('/api/v1/courses', { college_id: uni.collegeId, code: 'EC101', title: 'One seat', term: '2026-FA', capacity: 1 })).json().data;
    expect((await post(`/api/v1/students/${a.id}/enrollments`, { course_id: course.id })).statusCode).toBe(201);
    const full = expectCode(await post(`/api/v1/students/${b.id}/enrollments`, { course_id: course.id }), 'CAPACITY_REACHED');
    expect(full.errors).toEqual({ course_id: ['This course is full.'] });
  });

  it('the rate limiter 429 with Retry-After, and an unexpected failure 500', async () => {
    expect((await ctx.app.inject('/api/v1/__probe/limited')).statusCode).toBe(200);
    const limited = await ctx.app.inject('/api/v1/__probe/limited');
    expectCode(limited, 'RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    const boom = expectCode(await ctx.app.inject('/__probe/boom'), 'INTERNAL');
    expect(boom.message).not.toMatch(/internal detail/);
  });
});
