import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { createUniversity, signInAs } from '../helpers/factories.js';

// Issue #19 item 3: a college admin's "Add user" stayed disabled because the page read GET /roles,
// which needs roles.view. GET /roles/grantable answers holders of users.create with the roles they
// may give: at or below their level, every permission held by them, of their own university.

let ctx: TestContext;
let uni: Awaited<ReturnType<typeof createUniversity>>;
let other: Awaited<ReturnType<typeof createUniversity>>;
const db = () => ctx.platform.database.db;
const names = (res: { json(): { data: { items: { name: string }[] } } }) => res.json().data.items.map((r) => r.name).sort();

beforeAll(async () => {
  ctx = await createTestContext();
  [uni, other] = [await createUniversity(db()), await createUniversity(db())];
  const owner = await signInAs(ctx.app, db(), 'university_owner', uni);
  const role = (name: string, level: string, permissions: string[]) =>
    ctx.app.inject({ method: 'POST', url: '/api/v1/roles', headers: owner.headers, payload: { name, display_name: name, level, permissions } });
  expect((await role('college_clerk', 'college', ['students.view'])).statusCode).toBe(201);
  expect((await role('university_clerk', 'university', ['students.view'])).statusCode).toBe(201);
  expect((await role('college_roles_admin', 'college', ['roles.view'])).statusCode).toBe(201);
  const otherOwner = await signInAs(ctx.app, db(), 'university_owner', other);
  const foreign = await ctx.app.inject({ method: 'POST', url: '/api/v1/roles', headers: otherOwner.headers, payload: { name: 'foreign_clerk', display_name: 'Foreign', level: 'college', permissions: ['students.view'] } });
  expect(foreign.statusCode).toBe(201);
});
afterAll(() => ctx.close());

describe('GET /roles/grantable', () => {
  it('a college admin, who cannot read /roles, lists the college roles whose permissions they hold and creates a user with one', async () => {
    const admin = await signInAs(ctx.app, db(), 'college_admin', uni);
    expect((await ctx.app.inject({ url: '/api/v1/roles', headers: admin.headers })).statusCode).toBe(403);
    const res = await ctx.app.inject({ url: '/api/v1/roles/grantable', headers: admin.headers });
    expect(res.statusCode, res.body).toBe(200);
    // Not university-level roles, not a role with roles.view (which they lack), not another university's.
    expect(names(res)).toEqual(['college_admin', 'college_clerk']);
    expect(res.json().data.items[0]).toMatchObject({ level: 'college', permissions: expect.any(Array), is_system: expect.any(Boolean) });
    const created = await ctx.app.inject({ method: 'POST', url: '/api/v1/users', headers: admin.headers, payload: { name: 'Clerk', email: 'clerk.c1@example.test', roles: ['college_clerk'], password: 'Long-Enough-Pass-1' } });
    expect(created.statusCode, created.body).toBe(201);
  });

  it('a university owner gets every role of their university but the platform owner', async () => {
    const owner = await signInAs(ctx.app, db(), 'university_owner', uni);
    const res = await ctx.app.inject({ url: '/api/v1/roles/grantable', headers: owner.headers });
    expect(names(res)).toEqual(['college_admin', 'college_clerk', 'college_roles_admin', 'registrar', 'university_clerk', 'university_owner', 'viewer']);
  });

  it('is refused without users.create', async () => {
    for (const role of ['viewer', 'registrar']) {
      const who = await signInAs(ctx.app, db(), role, uni);
      expect((await ctx.app.inject({ url: '/api/v1/roles/grantable', headers: who.headers })).statusCode, role).toBe(403);
    }
  });
});
