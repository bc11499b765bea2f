import { parse } from 'csv-parse/sync';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toDbTime } from '../../src/db/time.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { createUniversity, createUser } from '../helpers/factories.js';
import { signIn, type Signed } from '../helpers/tenant-fixture.js';

// Compliance reports (issue #21 item 5): the access review and the audit summary, read back from
// their CSV and PDF; recording a review; who may; and that another university never shows.

let ctx: TestContext;
const db = () => ctx.platform.database.db;
let operator: Signed;
let owner: Signed;
let registrar: Signed;
let otherOwner: Signed;
let stale: { id: string; email: string };
let outsider: { id: string; email: string };
let U: { id: string; collegeId: string };

const DAY = 86_400_000;

beforeAll(async () => {
  ctx = await createTestContext();
  operator = await signIn(ctx.app, (await createUser(db(), { role: 'bitflow_owner' })).email);
  U = await createUniversity(db(), { name: 'Compliance University', code: 'CMP' });
  const V = await createUniversity(db(), { name: 'Elsewhere College', code: 'ELS' });
  owner = await signIn(ctx.app, (await createUser(db(), { role: 'university_owner', universityId: U.id })).email);
  registrar = await signIn(ctx.app, (await createUser(db(), { role: 'registrar', universityId: U.id })).email);
  otherOwner = await signIn(ctx.app, (await createUser(db(), { role: 'university_owner', universityId: V.id })).email);
  outsider = await createUser(db(), { role: 'registrar', universityId: V.id, email: 'outsider@elsewhere.test' });
  // Created 300 days ago, last signed in 200 days ago: unused past 90 days.
  stale = await createUser(db(), { role: 'viewer', universityId: U.id, email: 'stale@compliance.test' });
  await db().updateTable('users').set({ created_at: toDbTime(new Date(Date.now() - 300 * DAY)), last_login_at: toDbTime(new Date(Date.now() - 200 * DAY)) }).where('id', '=', stale.id).execute();
  // An owner who has two-factor on is not flagged for it.
  const secured = await createUser(db(), { role: 'university_owner', universityId: U.id, email: 'secured@compliance.test' });
  await db().updateTable('users').set({ mfa_enabled: 1 }).where('id', '=', secured.id).execute();
});
afterAll(() => ctx?.close());

async function generate(who: Signed, body: object) {
  const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/reports/generate', headers: who.headers, payload: body });
  expect(res.statusCode, res.body).toBe(202);
  const id = res.json().data.id as string;
  for (let i = 0; i < 200; i++) {
    const s = (await ctx.app.inject({ url: `/api/v1/reports/${id}`, headers: who.headers })).json().data;
    if (s.status !== 'generating') {
      expect(s.status, s.error).toBe('completed');
      return s as { id: string; download_url: string; row_count: number };
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('report did not finish');
}

const download = (who: Signed, url: string) => ctx.app.inject({ url, headers: who.headers });

function pdfText(buf: Buffer) {
  const file = path.join(os.tmpdir(), `bf-compliance-${process.pid}-${Date.now()}.pdf`);
  fs.writeFileSync(file, buf);
  try {
    return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  } finally {
    fs.rmSync(file, { force: true });
  }
}

const csv = (body: string) => parse(body, { columns: true, bom: true }) as Record<string, string>[];

describe('access review', () => {
  it('lists every user of the university with roles, permissions, MFA and flags — none of another university', async () => {
    // An impersonation of the stale account is the operator's activity, not the user's: still unused.
    const imp = await ctx.app.inject({ method: 'POST', url: '/api/v1/god-mode/impersonate', headers: operator.headers, payload: { user_id: stale.id, reason: 'Ticket 42: cannot see reports', duration_minutes: 5 } });
    expect(imp.statusCode, imp.body).toBe(201);
    const done = await generate(owner, { type: 'access_review', format: 'csv', parameters: { unused_days: 90 } });
    const rows = csv((await download(owner, done.download_url)).body);
    expect(Object.keys(rows[0]!)).toEqual(['Name', 'E-mail', 'Roles', 'College', 'Status', 'Last sign-in (UTC)', 'Last active (UTC)', 'MFA', 'Sign-in', 'Privileged permissions', 'Permissions', 'Flags']);
    const by = new Map(rows.map((r) => [r['E-mail'], r]));
    expect(rows.length).toBe(4);
    expect(by.has(outsider.email)).toBe(false);
    expect(by.has(otherOwner.email)).toBe(false);
    expect(by.get(stale.email)).toMatchObject({ Roles: 'viewer', MFA: 'off', 'Sign-in': 'password', Flags: 'Unused 90d+' });
    const me = by.get(owner.email)!;
    expect(me.Flags).toBe('No MFA, privileged');
    expect(me.Permissions!.split(' ')).toContain('compliance.review');
    expect(me['Privileged permissions']!.split(' ')).toEqual(expect.arrayContaining(['roles.update', 'users.update']));
    expect(by.get('secured@compliance.test')).toMatchObject({ MFA: 'on', Flags: '' });
    // A registrar opens students' personal data (view_sensitive) without two-factor: flagged too.
    expect(by.get(registrar.email)).toMatchObject({ Roles: 'registrar', Flags: 'No MFA, privileged', 'Privileged permissions': 'students.view_sensitive' });
    // A shorter window flags nobody more (everyone else signed in today); a longer one unflags the stale account.
    const long = await generate(owner, { type: 'access_review', format: 'csv', parameters: { unused_days: 365 } });
    expect(csv((await download(owner, long.download_url)).body).find((r) => r['E-mail'] === stale.email)!.Flags).toBe('');
  });

  it('reads back from the PDF with its flags and parameters', async () => {
    const done = await generate(owner, { type: 'access_review', format: 'pdf' });
    const res = await download(owner, done.download_url);
    expect(res.headers['content-type']).toBe('application/pdf');
    const text = pdfText(res.rawPayload);
    expect(text).toContain('Access review');
    expect(text).toContain('Compliance University (CMP)');
    expect(text).toContain('unused after 90 days');
    expect(text).toContain('stale@compliance.test');
    expect(text).toContain('Unused 90d+');
    expect(text).toContain('No MFA, privileged');
    expect(text).not.toContain('outsider@elsewhere.test');
  });
});

describe('audit summary', () => {
  it('counts failed sign-ins, impersonations, God Mode reads, downloads and suspensions, and says the chain is intact', async () => {
    const bad = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: registrar.email, password: 'not-the-password-1' }, remoteAddress: '10.9.9.9' });
    expect(bad.statusCode).toBe(401);
    expect((await ctx.app.inject({ url: `/api/v1/users?university_id=${U.id}`, headers: operator.headers })).statusCode).toBe(200);
    const disable = await ctx.app.inject({ method: 'PUT', url: `/api/v1/users/${stale.id}`, headers: owner.headers, payload: { status: 'disabled' } });
    expect(disable.statusCode, disable.body).toBe(200);
    // Another university's failures never count here.
    await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: outsider.email, password: 'not-the-password-1' }, remoteAddress: '10.9.9.8' });

    const done = await generate(owner, { type: 'audit_summary', format: 'csv', parameters: { period_days: 7 } });
    const rows = csv((await download(owner, done.download_url)).body);
    const find = (category: string, event: string) => rows.find((r) => r.Category === category && r.Event === event);
    expect(find('Audit chain', 'Chain verification')!.Detail).toMatch(/^intact: \d+ rows, head signed$/);
    expect(find('Failed sign-ins', 'Wrong e-mail or password')!.Count).toBe('1');
    expect(find('Failed sign-ins by account', registrar.email)!.Count).toBe('1');
    expect(rows.some((r) => r.Event === outsider.email)).toBe(false);
    expect(find('God Mode', 'Impersonation started')!.Count).toBe('1');
    expect(find('Impersonation', `of ${stale.email}`)!.Detail).toBe(`Ticket 42: cannot see reports (5 min), by ${operator.email}`);
    expect(Number(find('God Mode', 'Reads of this university')!.Count)).toBeGreaterThanOrEqual(1);
    expect(find('God Mode', 'Reads of this university')!.Detail).toBe(`by ${operator.email}`);
    // The access reviews above were downloaded three times.
    expect(find('Exports', 'Report downloaded')!.Count).toBe('3');
    expect(find('Privileged actions', 'User suspended (disabled)')!.Count).toBe('1');
    expect(find('Compliance', 'none in this period')!.Count).toBe('0');

    const pdf = await generate(owner, { type: 'audit_summary', format: 'pdf', parameters: { from: '2026-01-01', to: '2099-12-31' } });
    const text = pdfText((await download(owner, pdf.download_url)).rawPayload);
    expect(text).toContain('Audit and compliance summary');
    expect(text).toContain('period 2026-01-01 to 2099-12-31 (UTC)');
    expect(text).toMatch(/intact: \d+ rows/);
    expect(text).toContain('Wrong e-mail or password');
    expect(text).toContain('Ticket 42: cannot see reports');
  });

  it('refuses parameters the type does not read, and a backwards period', async () => {
    const post = (body: object) => ctx.app.inject({ method: 'POST', url: '/api/v1/reports/generate', headers: owner.headers, payload: body });
    const wrong = await post({ type: 'access_review', parameters: { period_days: 7 } });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().errors).toEqual({ 'parameters.period_days': ['This report does not use this filter.'] });
    const backwards = await post({ type: 'audit_summary', parameters: { from: '2026-05-01', to: '2026-04-01' } });
    expect(backwards.statusCode).toBe(422);
    expect(backwards.json().errors).toHaveProperty(['parameters.to']);
    expect((await post({ type: 'student_roster', parameters: { unused_days: 30 } })).statusCode).toBe(422);
  });
});

describe('who may', () => {
  it('a registrar can neither generate, list, open nor download compliance reports, nor see or record reviews', async () => {
    const refused = await ctx.app.inject({ method: 'POST', url: '/api/v1/reports/generate', headers: registrar.headers, payload: { type: 'access_review' } });
    expect(refused.statusCode).toBe(403);
    const mine = await generate(owner, { type: 'access_review', format: 'csv' });
    const list = (await ctx.app.inject({ url: '/api/v1/reports?per_page=100', headers: registrar.headers })).json().data.items as { type: string }[];
    expect(list.some((r) => r.type === 'access_review' || r.type === 'audit_summary')).toBe(false);
    expect((await ctx.app.inject({ url: `/api/v1/reports/${mine.id}`, headers: registrar.headers })).statusCode).toBe(404);
    expect((await download(registrar, mine.download_url)).statusCode).toBe(404);
    expect((await ctx.app.inject({ url: '/api/v1/compliance/access-reviews', headers: registrar.headers })).statusCode).toBe(403);
    expect((await ctx.app.inject({ method: 'POST', url: '/api/v1/compliance/access-reviews', headers: registrar.headers, payload: { report_id: mine.id, note: 'x' } })).statusCode).toBe(403);
    // Another university's owner: the report is not theirs (404), as a missing one.
    expect((await download(otherOwner, mine.download_url)).statusCode).toBe(404);
  });
});

describe('recording an access review', () => {
  it('records it with its note, lists it, audits it; foreign or wrong reports are refused', async () => {
    const report = await generate(owner, { type: 'access_review', format: 'csv' });
    const post = (who: Signed, body: object) => ctx.app.inject({ method: 'POST', url: '/api/v1/compliance/access-reviews', headers: who.headers, payload: body });
    const res = await post(owner, { report_id: report.id, note: 'Disabled stale@compliance.test; asked the owner to turn on MFA.' });
    expect(res.statusCode, res.body).toBe(201);
    const review = res.json().data;
    expect(review).toMatchObject({ report_id: report.id, university_id: U.id, accounts: report.row_count, reviewed_by: { id: owner.id } });

    const list = (await ctx.app.inject({ url: '/api/v1/compliance/access-reviews', headers: owner.headers })).json().data;
    expect(list.items.map((r: { id: string }) => r.id)).toEqual([review.id]);
    expect((await ctx.app.inject({ url: '/api/v1/compliance/access-reviews', headers: otherOwner.headers })).json().data.items).toEqual([]);

    const audit = await db().selectFrom('audit_logs').selectAll().where('action', '=', 'access_reviews.recorded').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ university_id: U.id, actor_id: owner.id, entity_type: 'access_review', entity_id: review.id });

    // Another university's report answers exactly what a missing id does; nothing is written.
    const foreign = await post(otherOwner, { report_id: report.id, note: 'Not mine' });
    const missing = await post(otherOwner, { report_id: '0190a5f4-0000-7000-8000-000000000000', note: 'Not mine' });
    expect(foreign.statusCode).toBe(422);
    expect(foreign.json()).toEqual(missing.json());
    const roster = await generate(owner, { type: 'student_roster', format: 'csv' });
    expect((await post(owner, { report_id: roster.id, note: 'Wrong kind' })).json().errors).toEqual({ report_id: ['Choose an access-review report.'] });
    expect((await post(owner, { report_id: report.id, note: '   ' })).statusCode).toBe(422);
    // God Mode reads reviews but the attestation is the university's own.
    expect((await post(operator, { report_id: report.id, note: 'Operator' })).statusCode).toBe(403);
    expect((await ctx.app.inject({ url: `/api/v1/compliance/access-reviews?university_id=${U.id}`, headers: operator.headers })).json().data.items).toHaveLength(1);
    expect(await db().selectFrom('access_reviews').select('id').execute()).toHaveLength(1);
  });
});

describe('scheduling', () => {
  it('schedules both types with their parameters; a wrong parameter is a 422', async () => {
    const post = (body: object) => ctx.app.inject({ method: 'POST', url: '/api/v1/scheduled-reports', headers: owner.headers, payload: { cron: '0 7 1 * *', recipients: [owner.email], ...body } });
    const review = await post({ name: 'Monthly access review', type: 'access_review', parameters: { unused_days: 60 } });
    expect(review.statusCode, review.body).toBe(201);
    expect(review.json().data.parameters).toEqual({ unused_days: 60 });
    const summary = await post({ name: 'Weekly audit summary', type: 'audit_summary', format: 'csv', parameters: { period_days: 7 } });
    expect(summary.statusCode, summary.body).toBe(201);
    expect((await post({ name: 'Bad', type: 'audit_summary', parameters: { unused_days: 7 } })).statusCode).toBe(422);
    const put = await ctx.app.inject({ method: 'PUT', url: `/api/v1/scheduled-reports/${summary.json().data.id}`, headers: owner.headers, payload: { parameters: { period_days: 7, from: '2026-01-01' } } });
    expect(put.statusCode).toBe(422);
  });
});
