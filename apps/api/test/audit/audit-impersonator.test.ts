import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backend, createTestContext, type TestContext } from '../helpers/context.js';
import { bearer, createUniversity, createUser, signInAs } from '../helpers/factories.js';
import { writeAudit } from '../../src/modules/audit/audit-writer.js';

// Issue #19 items 4 (part) and 12 (part): every audit row written in an impersonated session names
// the operator, whichever writer wrote it; God Mode's one-row-per-read entries are all kept but
// read grouped, not flooding the list.

let ctx: TestContext;
const db = () => ctx.platform.database.db;

beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

describe(`impersonator and God Mode reads in the audit trail on ${backend}`, () => {
  it('every row of an impersonated session carries the impersonator', async () => {
    const uni = await createUniversity(db());
    const target = await createUser(db(), { role: 'university_owner', universityId: uni.id });
    const op = await signInAs(ctx.app, db(), 'bitflow_owner');
    const started = await ctx.app.inject({ method: 'POST', url: '/api/v1/god-mode/impersonate', headers: op.headers, payload: { user_id: target.id, reason: 'checking the audit trail' } });
    expect(started.statusCode).toBe(201);
    const imp = started.json().data as { access_token: string; refresh_token: string };
    const as = bearer(imp.access_token);

    // Writes through the different audit writers: a service write, the account-security routes
    // (refused or not, whatever they write), a denied permission, and a refresh token used twice.
    expect((await ctx.app.inject({ method: 'POST', url: '/api/v1/students', headers: as, payload: { department_id: uni.departmentId, admission_number: 'IMP-1', first_name: 'Imp', last_name: 'Ersonated' } })).statusCode).toBe(201);
    await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/mfa/setup', headers: as, payload: {} });
    await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/mfa/enable', headers: as, payload: { code: '123456' } });
    await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/mfa/disable', headers: as, payload: { password: 'whatever-it-is-1' } });
    await ctx.app.inject({ url: '/api/v1/god-mode/tenants', headers: as });
    const first = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refresh_token: imp.refresh_token } });
    expect(first.statusCode).toBe(200);
    expect((await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refresh_token: imp.refresh_token } })).statusCode).toBe(401);

    // The target never signed in themselves: every row with them as actor is the operator's doing.
    const rows = await db().selectFrom('audit_logs').select(['action', 'impersonator_id']).where('actor_id', '=', target.id).execute();
    expect(rows.map((r) => r.action)).toEqual(expect.arrayContaining(['god_mode.impersonation_started', 'students.created', 'auth.permission_denied', 'auth.refresh_reuse']));
    expect(rows.filter((r) => r.impersonator_id !== op.id)).toEqual([]);
  });

  it('the audit writer takes the impersonator from the request, whatever the entry says', async () => {
    const uni = await createUniversity(db());
    const op = await signInAs(ctx.app, db(), 'bitflow_owner');
    const link = await writeAudit(
      db(),
      { ip: '10.0.0.1', userAgent: null, requestId: 'r-1', impersonatorId: op.id },
      { universityId: uni.id, by: { userId: null }, collegeId: null, action: 'test.new_writer', entityType: 'test', entityId: null },
    );
    const row = await db().selectFrom('audit_logs').select('impersonator_id').where('id', '=', link.id).executeTakeFirstOrThrow();
    expect(row.impersonator_id).toBe(op.id);
  });

  it('keeps one chained row per God Mode read, out of the list unless asked, and grouped', async () => {
    const uni = await createUniversity(db());
    const op = await signInAs(ctx.app, db(), 'bitflow_owner');
    for (const url of [`/api/v1/students?university_id=${uni.id}`, `/api/v1/students?university_id=${uni.id}&page=2`, `/api/v1/universities/${uni.id}`]) {
      expect((await ctx.app.inject({ url, headers: op.headers })).statusCode).toBe(200);
    }
    // Each read: who, which route and url, which tenant, when.
    const reads = (await ctx.app.inject({ url: `/api/v1/audit-logs?action=god_mode.read&actor_id=${op.id}`, headers: op.headers })).json().data.items as {
      actor_id: string; entity_id: string; changes: { route: string; url: string; university_id: string | null }; created_at: string;
    }[];
    expect(reads).toHaveLength(3);
    expect(reads.map((r) => r.changes.university_id)).toEqual([uni.id, uni.id, uni.id]);
    expect(reads.map((r) => r.changes.url)).toContain(`/api/v1/students?university_id=${uni.id}&page=2`);
    // The default list is not flooded by them.
    const list = (await ctx.app.inject({ url: `/api/v1/audit-logs?actor_id=${op.id}&per_page=100`, headers: op.headers })).json().data.items as { action: string }[];
    expect(list.map((r) => r.action)).not.toContain('god_mode.read');
    expect(list.map((r) => r.action)).toContain('auth.login');
    // Grouped per operator, route and day.
    const summary = await ctx.app.inject({ url: `/api/v1/audit-logs/god-mode-reads?actor_id=${op.id}`, headers: op.headers });
    expect(summary.statusCode).toBe(200);
    const today = new Date().toISOString().slice(0, 10);
    const groups = summary.json().data.items as { route: string; reads: number; day: string; actor_id: string }[];
    expect(groups.map(({ route, reads, day, actor_id }) => ({ route, reads, day, actor_id })).sort((a, b) => a.route.localeCompare(b.route))).toEqual([
      { route: '/api/v1/students', reads: 2, day: today, actor_id: op.id },
      { route: '/api/v1/universities/:id', reads: 1, day: today, actor_id: op.id },
    ]);
    expect(summary.json().data.pagination.total).toBe(2);
    // God Mode's only; and the platform chain, reads included, still verifies.
    const owner = await signInAs(ctx.app, db(), 'university_owner', uni);
    expect((await ctx.app.inject({ url: '/api/v1/audit-logs/god-mode-reads', headers: owner.headers })).statusCode).toBe(403);
    const verify = (await ctx.app.inject({ url: '/api/v1/audit-logs/verify?chain=platform', headers: op.headers })).json().data;
    expect(verify).toMatchObject({ ok: true, first_broken: null });
  });
});
