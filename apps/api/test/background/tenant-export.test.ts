import { unzipSync, strFromU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { createUniversity, signInAs } from '../helpers/factories.js';

// God Mode export of one university (GDPR): a job writes a zip of that university's rows, the
// uploaded files and a manifest; nothing of another tenant may be in it.

let ctx: TestContext;
let a: Awaited<ReturnType<typeof createUniversity>>;
let b: Awaited<ReturnType<typeof createUniversity>>;
let god: Awaited<ReturnType<typeof signInAs>>;
let ownerA: Awaited<ReturnType<typeof signInAs>>;
let ownerB: Awaited<ReturnType<typeof signInAs>>;
// A real 1×1 PNG: uploads check the structure, not just the magic bytes.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

async function seed(owner: typeof ownerA, uni: typeof a, tag: string) {
  const post = (url: string, payload: object) => ctx.app.inject({ method: 'POST', url, headers: owner.headers, payload });
  const student = await post('/api/v1/students', { department_id: uni.departmentId, admission_number: `${tag}-S1`, first_name: 'Ada', last_name: tag, phone: '+15550001111' });
  expect(student.statusCode).toBe(201);
  expect((await post('/api/v1/faculty', { department_id: uni.departmentId, employee_id: `${tag}-F1`, first_name: 'Fay', last_name: tag, email: `fay.${tag.toLowerCase()}@example.test` })).statusCode).toBe(201);
  expect((await post('/api/v1/courses', { college_id: uni.collegeId, department_id: uni.departmentId, code: `${tag}101`, title: `Intro ${tag}`, credits: 3, term: '2026-FA' })).statusCode).toBe(201);
  const boundary = '----bfexport';
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="photo-${tag}.png"\r\nContent-Type: image/png\r\n\r\n`),
    PNG,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const up = await ctx.app.inject({ method: 'POST', url: `/api/v1/uploads?entity_type=student&entity_id=${student.json().data.id}`, payload, headers: { ...owner.headers, 'content-type': `multipart/form-data; boundary=${boundary}` } });
  expect(up.statusCode).toBe(201);
  return student.json().data.id as string;
}

beforeAll(async () => {
  ctx = await createTestContext();
  const db = ctx.platform.database.db;
  a = await createUniversity(db);
  b = await createUniversity(db);
  god = await signInAs(ctx.app, db, 'bitflow_owner');
  ownerA = await signInAs(ctx.app, db, 'university_owner', a);
  ownerB = await signInAs(ctx.app, db, 'university_owner', b);
  await seed(ownerA, a, 'AAA');
  await seed(ownerB, b, 'BBB');
});
afterAll(() => ctx.close());

async function waitForExport(id: string) {
  for (let i = 0; i < 200; i++) {
    const res = await ctx.app.inject({ method: 'GET', url: `/api/v1/god-mode/exports/${id}`, headers: god.headers });
    const status = res.json().data.status as string;
    if (status !== 'generating') return res.json().data;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('export did not finish');
}

describe('tenant export', () => {
  it('exports one university as a zip with only its rows, its files and a manifest', async () => {
    const req = await ctx.app.inject({ method: 'POST', url: `/api/v1/god-mode/universities/${a.id}/export`, headers: god.headers });
    expect(req.statusCode).toBe(202);
    expect(req.json().data).toMatchObject({ university_id: a.id, status: 'generating' });
    const done = await waitForExport(req.json().data.id);
    expect(done.status).toBe('completed');

    const dl = await ctx.app.inject({ method: 'GET', url: `/api/v1/god-mode/exports/${done.id}/download`, headers: god.headers });
    expect(dl.statusCode).toBe(200);
    expect(dl.headers['content-type']).toBe('application/zip');
    const zip = unzipSync(new Uint8Array(dl.rawPayload));
    const names = Object.keys(zip);
    expect(names).toEqual(expect.arrayContaining(['manifest.json', 'tables/universities.json', 'tables/students.json', 'tables/users.json', 'tables/user_roles.json', 'tables/audit_logs.json']));

    const table = (t: string) => JSON.parse(strFromU8(zip[`tables/${t}.json`]!)) as Record<string, unknown>[];
    expect(table('universities').map((u) => u.id)).toEqual([a.id]);
    for (const t of ['colleges', 'departments', 'courses', 'students', 'faculty', 'users', 'roles', 'files', 'audit_logs']) {
      for (const row of table(t)) expect(row.university_id, `${t} ${String(row.id)}`).toBe(a.id);
    }
    expect(table('students').map((s) => s.admission_number)).toEqual(['AAA-S1']);
    expect(table('courses').map((c) => c.code)).toEqual(['AAA101']);
    // Personal data readable, credentials absent.
    expect(table('students')[0]).toMatchObject({ phone: '+15550001111' });
    expect(table('students')[0]).not.toHaveProperty('phone_enc');
    const users = table('users');
    expect(users.map((u) => u.id)).toContain(ownerA.id);
    for (const u of users) expect(u).not.toHaveProperty('password_hash');
    expect(table('user_roles').map((r) => r.user_id)).toEqual([ownerA.id]);

    // Nothing of university B anywhere in the archive, and A's upload is in it byte for byte.
    const everything = names.map((n) => Buffer.from(zip[n]!).toString('latin1')).join('\n');
    for (const needle of [b.id, b.collegeId, b.departmentId, ownerB.id, 'BBB']) expect(everything).not.toContain(needle);
    const photo = names.find((n) => n.startsWith('files/'));
    expect(photo).toMatch(/photo-AAA\.png$/);
    expect(Buffer.from(zip[photo!]!).equals(PNG)).toBe(true);

    const manifest = JSON.parse(strFromU8(zip['manifest.json']!));
    expect(manifest.university.id).toBe(a.id);
    expect(manifest.row_counts.students).toBe(1);
    expect(done.row_counts.students).toBe(1);

    // Requested and downloaded: both in A's audit trail, with the operator as actor.
    const audit = await ctx.platform.database.db.selectFrom('audit_logs').select(['action', 'actor_id', 'university_id']).where('entity_type', '=', 'tenant_export').execute();
    expect(audit.map((r) => r.action).sort()).toEqual(['tenant.export_downloaded', 'tenant.export_requested']);
    for (const r of audit) expect(r).toMatchObject({ actor_id: god.id, university_id: a.id });
  });

  it('is God Mode only, and answers 404 for an unknown university or export', async () => {
    const asOwner = await ctx.app.inject({ method: 'POST', url: `/api/v1/god-mode/universities/${a.id}/export`, headers: ownerA.headers });
    expect(asOwner.statusCode).toBe(403);
    const missing = '01a20cfe-308a-712a-8eea-392c098b21b4';
    expect((await ctx.app.inject({ method: 'POST', url: `/api/v1/god-mode/universities/${missing}/export`, headers: god.headers })).statusCode).toBe(404);
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/god-mode/exports/${missing}`, headers: god.headers })).statusCode).toBe(404);
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/god-mode/exports/${missing}/download`, headers: ownerA.headers })).statusCode).toBe(403);
  });
});
