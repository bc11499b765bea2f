import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { bearer, createUniversity, createUser, login, signInAs } from '../helpers/factories.js';

let ctx: TestContext;
let uni: Awaited<ReturnType<typeof createUniversity>>;
const db = () => ctx.platform.database.db;

beforeAll(async () => {
  ctx = await createTestContext();
  uni = await createUniversity(db());
});
afterAll(() => ctx.close());

// Which role may call which route, on whose objects: tenancy/route-matrix.test.ts.
describe('permission denials', () => {
  it('records permission denials in the audit trail', async () => {
    const viewer = await signInAs(ctx.app, db(), 'viewer', uni);
    await ctx.app.inject({ method: 'POST', url: '/api/v1/users', headers: viewer.headers, payload: {} });
    const rows = await db().selectFrom('audit_logs').select(['action', 'changes']).where('actor_id', '=', viewer.id).execute();
    expect(rows.map((r) => r.action)).toContain('auth.permission_denied');
  });
});

describe('granting roles', () => {
  it('a university owner creates a college admin (invited by e-mail), who can sign in after registering', async () => {
    const owner = await signInAs(ctx.app, db(), 'university_owner', uni);
    const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/users', headers: owner.headers, payload: { name: 'New Admin', email: 'new.admin@example.test', roles: ['college_admin'], college_id: uni.collegeId } });
    expect(res.statusCode).toBe(201);
    expect(res.json().data).toMatchObject({ status: 'invited', roles: ['college_admin'], university_id: uni.id, college_id: uni.collegeId });
  });

  it('a college admin cannot make a university owner, reach another college, or grant what they lack', async () => {
    const admin = await signInAs(ctx.app, db(), 'college_admin', uni);
    const post = (payload: object) => ctx.app.inject({ method: 'POST', url: '/api/v1/users', headers: admin.headers, payload });
    expect((await post({ name: 'X', email: 'x1@example.test', roles: ['university_owner'] })).statusCode).toBe(403);
    const other = await createUniversity(db());
    expect((await post({ name: 'X', email: 'x2@example.test', roles: ['college_admin'], college_id: other.collegeId })).statusCode).toBe(422);
    const ok = await post({ name: 'Staff', email: 'x3@example.test', roles: ['college_admin'], password: 'Long-Enough-Pass-1' });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().data.college_id).toBe(uni.collegeId);
    // Custom roles: not even the roles endpoints are theirs.
    expect((await ctx.app.inject({ method: 'POST', url: '/api/v1/roles', headers: admin.headers, payload: { name: 'r', display_name: 'R', permissions: [] } })).statusCode).toBe(403);
  });

  it('a custom role cannot carry permissions its creator lacks, and edits reach holders at once', async () => {
    const owner = await signInAs(ctx.app, db(), 'university_owner', uni);
    const bad = await ctx.app.inject({ method: 'POST', url: '/api/v1/roles', headers: owner.headers, payload: { name: 'ops', display_name: 'Ops', permissions: ['god_mode.access'] } });
    expect(bad.statusCode).toBe(422);
    const role = await ctx.app.inject({ method: 'POST', url: '/api/v1/roles', headers: owner.headers, payload: { name: 'course_clerk', display_name: 'Course clerk', permissions: ['courses.view'] } });
    expect(role.statusCode).toBe(201);
    const clerk = await ctx.app.inject({ method: 'POST', url: '/api/v1/users', headers: owner.headers, payload: { name: 'Clerk', email: 'clerk@example.test', roles: ['course_clerk'], password: 'Long-Enough-Pass-1' } });
    expect(clerk.statusCode).toBe(201);
    const t = await login(ctx.app, 'clerk@example.test', 'Long-Enough-Pass-1');
    const perms = async () => (await ctx.app.inject({ url: '/api/v1/auth/me', headers: bearer(t.access_token) })).json().data.permissions;
    expect(await perms()).toEqual(['courses.view']);
    await ctx.app.inject({ method: 'PUT', url: `/api/v1/roles/${role.json().data.id}`, headers: owner.headers, payload: { permissions: ['courses.view', 'students.view'] } });
    expect(await perms()).toEqual(['courses.view', 'students.view']);
  });

  it('rejects mass assignment of id, deleted_at, role and university_id', async () => {
    const owner = await signInAs(ctx.app, db(), 'university_owner', uni);
    const before = await db().selectFrom('users').select('id').execute();
    for (const extra of [{ id: randomUUID() }, { deleted_at: '2020-01-01' }, { role: 'bitflow_owner' }, { is_system: 1 }]) {
      const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/users', headers: owner.headers, payload: { name: 'M', email: `m${Math.random()}@example.test`, roles: ['viewer'], password: 'Long-Enough-Pass-1', ...extra } });
      expect(res.statusCode, JSON.stringify(extra)).toBe(422);
    }
    const target = await createUser(db(), { role: 'viewer', universityId: uni.id });
    const put = await ctx.app.inject({ method: 'PUT', url: `/api/v1/users/${target.id}`, headers: owner.headers, payload: { university_id: randomUUID() } });
    expect(put.statusCode).toBe(422);
    expect((await db().selectFrom('users').select('id').execute()).length).toBe(before.length + 1);
  });

  it('duplicate e-mail is a 409 naming the field', async () => {
    const owner = await signInAs(ctx.app, db(), 'university_owner', uni);
    const body = { name: 'D', email: 'dup@example.test', roles: ['viewer'], password: 'Long-Enough-Pass-1' };
    expect((await ctx.app.inject({ method: 'POST', url: '/api/v1/users', headers: owner.headers, payload: body })).statusCode).toBe(201);
    const again = await ctx.app.inject({ method: 'POST', url: '/api/v1/users', headers: owner.headers, payload: body });
    expect(again.statusCode).toBe(409);
    expect(again.json().errors).toHaveProperty('email');
  });
});

describe('God Mode impersonation', () => {
  it('needs a reason, acts with the target’s permissions only, audits both ids, and ends', async () => {
    const op = await signInAs(ctx.app, db(), 'bitflow_owner');
    const target = await createUser(db(), { role: 'college_admin', universityId: uni.id, collegeId: uni.collegeId });
    const start = (payload: object) => ctx.app.inject({ method: 'POST', url: '/api/v1/god-mode/impersonate', headers: op.headers, payload });
    expect((await start({ user_id: target.id, reason: 'short' })).statusCode).toBe(422);
    const res = await start({ user_id: target.id, reason: 'Support ticket #4411: cannot see courses', duration_minutes: 10 });
    expect(res.statusCode).toBe(201);
    const imp = res.json().data;
    expect(imp.expires_in).toBeLessThanOrEqual(600);
    const me = (await ctx.app.inject({ url: '/api/v1/auth/me', headers: bearer(imp.access_token) })).json().data;
    expect(me.user.id).toBe(target.id);
    expect(me.impersonator).toEqual({ id: op.id, name: expect.any(String) });
    expect(me.permissions).not.toContain('god_mode.access');
    // Never more than the target has: no God Mode from inside the impersonation.
    expect((await ctx.app.inject({ method: 'POST', url: '/api/v1/god-mode/impersonate', headers: bearer(imp.access_token), payload: { user_id: target.id, reason: 'nested impersonation attempt' } })).statusCode).toBe(403);
    // A write made while impersonating carries both ids.
    await ctx.app.inject({ method: 'POST', url: '/api/v1/users', headers: bearer(imp.access_token), payload: { name: 'Via Imp', email: 'via.imp@example.test', roles: ['college_admin'], password: 'Long-Enough-Pass-1' } });
    const audit = await db().selectFrom('audit_logs').select(['action', 'actor_id', 'impersonator_id']).where('action', 'in', ['users.created', 'god_mode.impersonation_started']).where('impersonator_id', '=', op.id).execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['god_mode.impersonation_started', 'users.created']);
    expect(audit.every((a) => a.actor_id === target.id)).toBe(true);
    expect((await ctx.app.inject({ method: 'POST', url: '/api/v1/god-mode/impersonation/end', headers: bearer(imp.access_token) })).statusCode).toBe(200);
    expect((await ctx.app.inject({ url: '/api/v1/auth/me', headers: bearer(imp.access_token) })).statusCode).toBe(401);
  });

  it('refuses to impersonate another platform owner, and refuses non-owners', async () => {
    const op = await signInAs(ctx.app, db(), 'bitflow_owner');
    const other = await createUser(db(), { role: 'bitflow_owner' });
    const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/god-mode/impersonate', headers: op.headers, payload: { user_id: other.id, reason: 'trying to become another owner' } });
    expect(res.statusCode).toBe(403);
    const owner = await signInAs(ctx.app, db(), 'university_owner', uni);
    const denied = await ctx.app.inject({ method: 'POST', url: '/api/v1/god-mode/impersonate', headers: owner.headers, payload: { user_id: other.id, reason: 'not allowed for tenants' } });
    expect(denied.statusCode).toBe(403);
  });
});
