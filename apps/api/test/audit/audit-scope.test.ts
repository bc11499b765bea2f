import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nowDb } from '../../src/db/time.js';
import { backend, createTestContext, type TestContext } from '../helpers/context.js';
import { bearer, createUniversity, createUser, login, signInAs } from '../helpers/factories.js';

// Issue #19 item 1: a college admin read the whole university's audit trail. They see the rows about
// their colleges' objects and their own actions — never another college's records, another user's
// sign-ins or MFA changes, or God Mode's rows (impersonation reasons) — in the list, the CSV export
// and the dashboard's recent activity; verifying the university's chain is not theirs to do.

let ctx: TestContext;
const db = () => ctx.platform.database.db;

beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

type Row = { action: string; entity_id: string | null; actor_id: string | null; college_id: string | null };

describe(`audit trail scope for college admins on ${backend}`, () => {
  it('shows a college admin their colleges’ objects and their own actions only', async () => {
    const uni = await createUniversity(db());
    const otherCollege = uuidv7();
    await db().insertInto('colleges').values({ id: otherCollege, university_id: uni.id, name: 'Other College', code: 'OC', created_at: nowDb(), updated_at: nowDb() }).execute();
    const otherDept = uuidv7();
    await db().insertInto('departments').values({ id: otherDept, university_id: uni.id, college_id: otherCollege, name: 'Other Dept', code: 'OD', created_at: nowDb(), updated_at: nowDb() }).execute();

    const owner = await signInAs(ctx.app, db(), 'university_owner', uni);
    const mine = await signInAs(ctx.app, db(), 'college_admin', uni);
    const rival = await signInAs(ctx.app, db(), 'college_admin', { id: uni.id, collegeId: otherCollege });
    const student = (payload: object) => ctx.app.inject({ method: 'POST', url: '/api/v1/students', headers: owner.headers, payload });
    const ours = (await student({ department_id: uni.departmentId, admission_number: 'SC-OURS', first_name: 'Ours', last_name: 'Student', email: 'ours.student@example.test' })).json().data;
    const theirs = (await student({ department_id: otherDept, admission_number: 'SC-THEIRS', first_name: 'Theirs', last_name: 'Student', email: 'theirs.student@example.test' })).json().data;
    expect(ours.id && theirs.id).toBeTruthy();
    // The college admin's own write, and a failed sign-in on the rival's account (an account event).
    const own = (await ctx.app.inject({ method: 'PUT', url: `/api/v1/students/${ours.id}`, headers: mine.headers, payload: { first_name: 'Renamed' } })).json().data;
    expect(own.first_name).toBe('Renamed');
    await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: rival.email, password: 'not-the-password-1' }, remoteAddress: '10.9.9.9' });
    // God Mode impersonates a user of *our* college: the row names them, and carries the reason.
    const target = await createUser(db(), { role: 'college_admin', universityId: uni.id, collegeId: uni.collegeId });
    const op = await signInAs(ctx.app, db(), 'bitflow_owner');
    const imp = await ctx.app.inject({ method: 'POST', url: '/api/v1/god-mode/impersonate', headers: op.headers, payload: { user_id: target.id, reason: 'support ticket 4711: secret reason' } });
    expect(imp.statusCode).toBe(201);

    // The writer recorded each object's college.
    const created = await db().selectFrom('audit_logs').select(['entity_id', 'college_id']).where('action', '=', 'students.created').where('university_id', '=', uni.id).execute();
    expect(Object.fromEntries(created.map((r) => [r.entity_id, r.college_id]))).toEqual({ [ours.id]: uni.collegeId, [theirs.id]: otherCollege });

    const list = await ctx.app.inject({ url: '/api/v1/audit-logs?per_page=100', headers: mine.headers });
    expect(list.statusCode).toBe(200);
    const rows = list.json().data.items as Row[];
    const actions = rows.map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['students.created', 'students.updated', 'auth.login']));
    expect(rows.find((r) => r.action === 'students.created')!.entity_id).toBe(ours.id);
    for (const r of rows) {
      // Nothing of the other college, no one else's account events, no God Mode rows.
      expect(r.entity_id).not.toBe(theirs.id);
      if (r.action.startsWith('auth.')) expect(r.actor_id).toBe(mine.id);
      expect(r.action.startsWith('god_mode.')).toBe(false);
    }
    expect(list.body).not.toContain('theirs.student@example.test');
    expect(list.body).not.toContain('SC-THEIRS');
    expect(list.body).not.toContain('secret reason');
    expect(list.body).not.toContain(rival.email);
    // The query string cannot widen it, and the pagination total is of the same rows.
    expect(list.json().data.pagination.total).toBe(rows.length);
    const filtered = (await ctx.app.inject({ url: `/api/v1/audit-logs?entity_id=${theirs.id}`, headers: mine.headers })).json().data;
    expect(filtered.items).toEqual([]);
    const byActor = (await ctx.app.inject({ url: `/api/v1/audit-logs?actor_id=${rival.id}`, headers: mine.headers })).json().data;
    expect(byActor.items).toEqual([]);

    // The CSV export: the same rows.
    const csv = await ctx.app.inject({ url: '/api/v1/audit-logs/export', headers: mine.headers });
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain(ours.id);
    for (const leak of [theirs.id, 'SC-THEIRS', 'secret reason', 'god_mode.', rival.email]) expect(csv.body).not.toContain(leak);
    expect(csv.body.trim().split('\n').length - 1).toBe(rows.length);

    // The dashboard's recent activity.
    const dash = await ctx.app.inject({ url: '/api/v1/dashboard', headers: mine.headers });
    expect(dash.statusCode).toBe(200);
    const recent = dash.json().data.recent_activity as Row[];
    expect(recent.map((r) => r.entity_id)).toContain(ours.id);
    expect(recent.map((r) => r.entity_id)).not.toContain(theirs.id);
    expect(recent.some((r) => r.action.startsWith('god_mode.'))).toBe(false);

    // The university owner still sees the whole university, God Mode's row about it included.
    const all = (await ctx.app.inject({ url: '/api/v1/audit-logs?per_page=100', headers: owner.headers })).json().data.items as Row[];
    expect(all.map((r) => r.entity_id)).toEqual(expect.arrayContaining([ours.id, theirs.id]));
    expect(all.map((r) => r.action)).toContain('god_mode.impersonation_started');
    const ownerDash = (await ctx.app.inject({ url: '/api/v1/dashboard', headers: owner.headers })).json().data.recent_activity as Row[];
    expect(ownerDash.map((r) => r.entity_id)).toEqual(expect.arrayContaining([ours.id, theirs.id]));

    // The impersonated college admin sees what was done as them, but not God Mode's own rows.
    const asTarget = (await ctx.app.inject({ url: '/api/v1/audit-logs?per_page=100', headers: bearer(imp.json().data.access_token) })).json().data.items as Row[];
    expect(asTarget.some((r) => r.action.startsWith('god_mode.'))).toBe(false);
  });

  it('lets university-level readers verify the chain, not college admins', async () => {
    const uni = await createUniversity(db());
    const owner = await signInAs(ctx.app, db(), 'university_owner', uni);
    const admin = await signInAs(ctx.app, db(), 'college_admin', uni);
    const asAdmin = await ctx.app.inject({ url: '/api/v1/audit-logs/verify', headers: admin.headers });
    expect(asAdmin.statusCode, asAdmin.body).toBe(403);
    expect(asAdmin.json()).toMatchObject({ success: false });
    expect(asAdmin.body).not.toMatch(/checked/);
    const asOwner = await ctx.app.inject({ url: '/api/v1/audit-logs/verify', headers: owner.headers });
    expect(asOwner.statusCode).toBe(200);
    expect(asOwner.json().data).toMatchObject({ ok: true, first_broken: null });
    void login;
  });
});
