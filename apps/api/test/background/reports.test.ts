import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestContext } from '../helpers/context.js';
import { createDemoContext } from '../helpers/demo.js';
import { bearer } from '../helpers/factories.js';

let ctx: TestContext;
let owner: string;
let lakeside: string;
let god: string;

beforeAll(async () => {
  const demo = await createDemoContext({ owner: 'owner@northbridge.demo', lakeside: 'owner@lakeside.demo', god: 'owner@bitflow.demo' });
  ({ ctx } = demo);
  ({ owner, lakeside, god } = demo.tokens);
});
afterAll(() => ctx.close());

async function generate(token: string, body: object) {
  const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/reports/generate', headers: bearer(token), payload: body });
  expect(res.statusCode, res.body).toBe(202);
  expect(res.json().data.status).toBe('generating');
  const id = res.json().data.id as string;
  for (let i = 0; i < 200; i++) {
    const s = (await ctx.app.inject({ url: `/api/v1/reports/${id}/status`, headers: bearer(token) })).json().data;
    if (s.status !== 'generating') return s;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('report did not finish');
}

function pdfText(buf: Buffer) {
  const file = path.join(os.tmpdir(), `bf-report-${process.pid}-${Date.now()}.pdf`);
  fs.writeFileSync(file, buf);
  try {
    return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  } finally {
    fs.rmSync(file, { force: true });
  }
}

describe('reports', () => {
  it('generates a student roster PDF in the background that reads back with title, university, filters and pages', async () => {
    const done = await generate(owner, { type: 'student_roster', format: 'pdf', parameters: { status: 'active' } });
    expect(done).toMatchObject({ status: 'completed', format: 'pdf' });
    expect(done.row_count).toBeGreaterThan(150);
    const dl = await ctx.app.inject({ url: done.download_url, headers: bearer(owner) });
    expect(dl.statusCode).toBe(200);
    expect(dl.headers['content-type']).toBe('application/pdf');
    expect(dl.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(dl.rawPayload);
    expect(text).toContain('Student roster');
    expect(text).toContain('Northbridge University (NBU)');
    expect(text).toContain('status active');
    expect(text).toMatch(/NBU-2026-0\d{3}/);
    expect(text).not.toMatch(/LIT-2026/);
    expect(text).toContain('Page 1');
    expect(text).toContain('Page 2'); // the table broke across pages
  });

  it('generates CSV, notifies the requester, and keeps reports inside the tenant', async () => {
    const done = await generate(owner, { type: 'enrollment_summary', format: 'csv' });
    const dl = await ctx.app.inject({ url: done.download_url, headers: bearer(owner) });
    const lines = dl.body.trim().split('\n');
    expect(lines[0]).toBe('Term,Course,Title,Capacity,Enrolled,Completed,Dropped');
    expect(lines.length).toBeGreaterThan(10);
    // The notice follows the status change by a moment: poll as the portal would.
    let found = false;
    for (let i = 0; i < 50 && !found; i++) {
      const notes = (await ctx.app.inject({ url: '/api/v1/notifications?unread=true', headers: bearer(owner) })).json().data.items;
      found = notes.some((n: { type: string; data: { report_id: string } }) => n.type === 'report.ready' && n.data.report_id === done.id);
      if (!found) await new Promise((r) => setTimeout(r, 50));
    }
    expect(found).toBe(true);
    expect((await ctx.app.inject({ url: `/api/v1/reports/${done.id}/status`, headers: bearer(lakeside) })).statusCode).toBe(404);
    expect((await ctx.app.inject({ url: done.download_url, headers: bearer(lakeside) })).statusCode).toBe(404);
  });

  it('platform usage is God Mode only; filters must be the caller’s own', async () => {
    const refused = await ctx.app.inject({ method: 'POST', url: '/api/v1/reports/generate', headers: bearer(owner), payload: { type: 'platform_usage' } });
    expect(refused.statusCode).toBe(403);
    const done = await generate(god, { type: 'platform_usage', format: 'csv' });
    const csv = (await ctx.app.inject({ url: done.download_url, headers: bearer(god) })).body;
    expect(csv).toContain('Northbridge University');
    expect(csv).toContain('Lakeside Institute of Technology');
    const lakesideCollege = (await ctx.app.inject({ url: '/api/v1/colleges', headers: bearer(lakeside) })).json().data.items[0].id;
    const foreign = await ctx.app.inject({ method: 'POST', url: '/api/v1/reports/generate', headers: bearer(owner), payload: { type: 'student_roster', parameters: { college_ids: [lakesideCollege] } } });
    expect(foreign.statusCode).toBe(422);
  });
});

describe('notifications', () => {
  it('reads, counts and marks; another user’s notification is a 404', async () => {
    const list = (await ctx.app.inject({ url: '/api/v1/notifications', headers: bearer(owner) })).json().data;
    const count = (await ctx.app.inject({ url: '/api/v1/notifications/unread-count', headers: bearer(owner) })).json().data.count;
    expect(count).toBeGreaterThan(0);
    const first = list.items[0].id;
    expect((await ctx.app.inject({ method: 'PUT', url: `/api/v1/notifications/${first}/read`, headers: bearer(lakeside) })).statusCode).toBe(404);
    expect((await ctx.app.inject({ method: 'PUT', url: `/api/v1/notifications/${first}/read`, headers: bearer(owner) })).statusCode).toBe(200);
    expect((await ctx.app.inject({ url: '/api/v1/notifications/unread-count', headers: bearer(owner) })).json().data.count).toBe(count - 1);
    await ctx.app.inject({ method: 'POST', url: '/api/v1/notifications/read-all', headers: bearer(owner) });
    expect((await ctx.app.inject({ url: '/api/v1/notifications/unread-count', headers: bearer(owner) })).json().data.count).toBe(0);
  });

  it('pushes a new notification live over the stream', async () => {
    const address = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    const controller = new AbortController();
    const res = await fetch(`${address}/api/v1/notifications/stream`, { headers: bearer(owner), signal: controller.signal });
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = res.body!.getReader();
    let received = '';
    const until = async (needle: string) => {
      while (!received.includes(needle)) received += new TextDecoder().decode((await reader.read()).value);
    };
    await until('event: ready');
    await generate(owner, { type: 'department_statistics', format: 'csv' });
    await until('report.ready');
    expect(received).toContain('event: notification');
    controller.abort();
  });
});

describe('domain events', () => {
  it('notify the right people: enrolment → enrolment staff of that college; invitation → user managers; and e-mail the report requester', async () => {
    const db = ctx.platform.database.db;
    const adminEng = (await db.selectFrom('users').select('id').where('email', '=', 'admin.eng@northbridge.demo').executeTakeFirstOrThrow()).id;
    const adminBus = (await db.selectFrom('users').select('id').where('email', '=', 'admin.bus@northbridge.demo').executeTakeFirstOrThrow()).id;
    const course = (await ctx.app.inject({ url: '/api/v1/courses?q=CS101', headers: bearer(owner) })).json().data.items[0];
    const student = (await ctx.app.inject({ method: 'POST', url: '/api/v1/students', headers: bearer(owner), payload: { department_id: course.department_id, admission_number: 'EVT-1', first_name: 'Eve', last_name: 'Vent' } })).json().data;
    expect((await ctx.app.inject({ method: 'POST', url: `/api/v1/students/${student.id}/enrollments`, headers: bearer(owner), payload: { course_id: course.id } })).statusCode).toBe(201);
    const enrolNotes = await db.selectFrom('notifications').select('user_id').where('type', '=', 'enrollment.created').execute();
    expect(enrolNotes.map((n) => n.user_id)).toContain(adminEng);
    expect(enrolNotes.map((n) => n.user_id)).not.toContain(adminBus);

    await ctx.app.inject({ method: 'POST', url: '/api/v1/users', headers: bearer(owner), payload: { name: 'Invitee', email: 'invitee@example.test', roles: ['viewer'] } });
    const invited = await db.selectFrom('notifications').select('user_id').where('type', '=', 'user.invited').execute();
    expect(invited.length).toBeGreaterThan(0);

    const outbox = ctx.config.mail.outboxDir;
    const mails = fs.readdirSync(outbox).filter((f) => f.includes('owner@northbridge.demo'));
    const texts = mails.map((f) => fs.readFileSync(path.join(outbox, f), 'utf8'));
    expect(texts.some((t) => t.includes('Your report is ready'))).toBe(true);
  });
});
