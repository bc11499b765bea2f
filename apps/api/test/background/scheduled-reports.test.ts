import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { DEMO_PASSWORD } from '../../src/db/seed/demo.js';
import { mailScheduledReport, runDueSchedules, scheduledReportPath } from '../../src/jobs/scheduler.js';
import { ReportsRepository } from '../../src/modules/reports/reports.repository.js';
import { toDbTime } from '../../src/db/time.js';
import type { TestContext } from '../helpers/context.js';
import { createDemoContext } from '../helpers/demo.js';
import { bearer, login } from '../helpers/factories.js';

const WEB_APP = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../web/app');

/** The Next page file serving `pathname` (route groups such as `(app)` add no segment), if any. */
function portalPage(pathname: string, dir = WEB_APP, segments = pathname.split('/').filter(Boolean)): string | undefined {
  if (segments.length === 0) {
    const page = path.join(dir, 'page.tsx');
    if (fs.existsSync(page)) return page;
  }
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (!e.isDirectory()) continue;
    const sub = path.join(dir, e.name);
    const found = /^\(.+\)$/.test(e.name)
      ? portalPage(pathname, sub, segments)
      : segments.length > 0 && (e.name === segments[0] || /^\[[^.\]]+\]$/.test(e.name))
        ? portalPage(pathname, sub, segments.slice(1))
        : undefined;
    if (found) return found;
  }
  return undefined;
}

const outbox = (who: string) => (fs.existsSync(ctx.config.mail.outboxDir) ? fs.readdirSync(ctx.config.mail.outboxDir).filter((f) => f.includes(who)) : []);

let ctx: TestContext;
let owner: string;
beforeAll(async () => {
  const demo = await createDemoContext({ owner: 'owner@northbridge.demo' });
  ({ ctx } = demo);
  ({ owner } = demo.tokens);
});
afterAll(() => ctx.close());

const create = (payload: object) => ctx.app.inject({ method: 'POST', url: '/api/v1/scheduled-reports', headers: bearer(owner), payload });
const body = { name: 'Weekly roster', type: 'student_roster', format: 'csv', cron: '0 7 * * 1', timezone: 'Europe/Berlin', recipients: ['registrar@northbridge.demo', 'viewer@northbridge.demo'] };

describe('scheduled reports', () => {
  it('validates cron and timezone', async () => {
    expect((await create({ ...body, cron: 'every monday' })).json().errors).toHaveProperty('cron');
    expect((await create({ ...body, timezone: 'Mars/Olympus' })).json().errors).toHaveProperty('timezone');
  });

  it('runs once when due (even with two workers ticking), e-mails recipients, records the run; pause stops it', async () => {
    const created = await create(body);
    expect(created.statusCode).toBe(201);
    const s = created.json().data;
    expect(new Date(s.next_run_at).getUTCDay()).toBe(1);
    await ctx.platform.database.db.updateTable('scheduled_reports').set({ next_run_at: toDbTime(new Date(Date.now() - 60_000)) }).where('id', '=', s.id).execute();
    const started = await Promise.all([runDueSchedules(ctx.platform), runDueSchedules(ctx.platform)]);
    expect(started[0]! + started[1]!).toBe(1);
    let runs: { status: string }[] = [];
    for (let i = 0; i < 200; i++) {
      runs = (await ctx.app.inject({ url: `/api/v1/scheduled-reports/${s.id}`, headers: bearer(owner) })).json().data.runs;
      if (runs[0]?.status === 'completed') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(runs).toHaveLength(1);
    expect(runs[0]!.status).toBe('completed');
    let mails: string[] = [];
    for (let i = 0; i < 50 && mails.length < 2; i++) {
      mails = [...outbox('registrar@northbridge.demo'), ...outbox('viewer@northbridge.demo')];
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(mails.sort()).toEqual([expect.stringContaining('registrar@northbridge.demo'), expect.stringContaining('viewer@northbridge.demo')]);
    const eml = fs.readFileSync(`${ctx.config.mail.outboxDir}/${mails[0]}`, 'utf8');
    expect(eml).toContain('Scheduled report: Weekly roster');
    expect(eml).toMatch(/Content-Disposition: attachment; filename=Weekly roster.csv|filename="Weekly roster.csv"/);

    await ctx.app.inject({ method: 'POST', url: `/api/v1/scheduled-reports/${s.id}/pause`, headers: bearer(owner) });
    await ctx.platform.database.db.updateTable('scheduled_reports').set({ next_run_at: toDbTime(new Date(Date.now() - 60_000)) }).where('id', '=', s.id).execute();
    expect(await runDueSchedules(ctx.platform)).toBe(0);
    const resumed = (await ctx.app.inject({ method: 'POST', url: `/api/v1/scheduled-reports/${s.id}/resume`, headers: bearer(owner) })).json().data;
    expect(new Date(resumed.next_run_at).getTime()).toBeGreaterThan(Date.now());
  });

  it('refuses recipients outside the university with a 422 per address, and saves nothing', async () => {
    const before = await ctx.platform.database.db.selectFrom('scheduled_reports').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    // Users of the university and addresses on its own domain (office@northbridge.demo) are fine.
    const ok = await create({ ...body, name: 'Internal', recipients: ['registrar@northbridge.demo', 'dean@northbridge.demo'] });
    expect(ok.statusCode).toBe(201);
    const res = await create({ ...body, name: 'Leaky', recipients: ['registrar@northbridge.demo', 'owner@lakeside.demo', 'someone@gmail.test'] });
    expect(res.statusCode).toBe(422);
    const err = res.json();
    expect(err.code).toBe('VALIDATION_FAILED');
    expect(err.message).toBe('2 recipients are not a user of this university.');
    expect(err.errors).toEqual({
      'recipients.1': ['owner@lakeside.demo is not a user of this university.'],
      'recipients.2': ['someone@gmail.test is not a user of this university.'],
    });
    const after = await ctx.platform.database.db.selectFrom('scheduled_reports').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n) + 1);
    expect(await ctx.platform.database.db.selectFrom('scheduled_reports').select('id').where('name', '=', 'Leaky').execute()).toEqual([]);
    // An update is checked the same way and leaves the schedule as it was.
    const id = ok.json().data.id as string;
    const put = await ctx.app.inject({ method: 'PUT', url: `/api/v1/scheduled-reports/${id}`, headers: bearer(owner), payload: { recipients: ['someone@gmail.test'] } });
    expect(put.statusCode).toBe(422);
    expect(put.json().errors).toEqual({ 'recipients.0': ['someone@gmail.test is not a user of this university.'] });
    expect((await ctx.app.inject({ url: `/api/v1/scheduled-reports/${id}`, headers: bearer(owner) })).json().data.recipients).toEqual(['registrar@northbridge.demo', 'dean@northbridge.demo']);
  });

  it('allows outside recipients when REPORT_EXTERNAL_RECIPIENTS is on', async () => {
    expect(loadConfig({}).reportExternalRecipients).toBe(false);
    expect(loadConfig({ REPORT_EXTERNAL_RECIPIENTS: 'true' }).reportExternalRecipients).toBe(true);
    ctx.platform.config.reportExternalRecipients = true;
    try {
      const res = await create({ ...body, name: 'Outside allowed', recipients: ['someone@gmail.test'] });
      expect(res.statusCode).toBe(201);
      expect(res.json().data.recipients).toEqual(['someone@gmail.test']);
    } finally {
      ctx.platform.config.reportExternalRecipients = false;
    }
  });

  it('e-mails a large report as a link to the portal page that shows it, and a recipient can open it', async () => {
    const s = (await create({ ...body, name: 'Big roster', recipients: ['viewer@northbridge.demo'] })).json().data;
    const reports = new ReportsRepository(ctx.platform.database.db);
    const id = await reports.create({ universityId: s.university_id, collegeId: null, requestedBy: s.created_by, type: s.type, format: s.format, parameters: {}, scheduledReportId: s.id });
    await reports.complete(id, { storageKey: `reports/${s.university_id}/${id}.csv`, size: 6 * 1024 * 1024, rows: 90_000 });
    for (const f of outbox('viewer@northbridge.demo')) fs.rmSync(`${ctx.config.mail.outboxDir}/${f}`);
    await mailScheduledReport(ctx.platform, id);
    // Delivered by the `mail.send` job, shortly after.
    for (let i = 0; i < 100 && !outbox('viewer@northbridge.demo').length; i++) await new Promise((r) => setTimeout(r, 50));
    const [mail] = outbox('viewer@northbridge.demo');
    const eml = fs.readFileSync(`${ctx.config.mail.outboxDir}/${mail}`, 'utf8').replace(/=\r?\n/g, '').replace(/=3D/g, '=');
    expect(eml).not.toMatch(/Content-Disposition: attachment/);
    const link = new URL(eml.match(/Download it here: (\S+)/)![1]!);
    expect(link.origin).toBe(ctx.config.publicUrl);
    expect(link.pathname + link.search).toBe(scheduledReportPath(id));
    // The path is a page of the portal (not a 404), and that page reads ?highlight=.
    const page = portalPage(link.pathname);
    expect(page, `no page under apps/web/app for ${link.pathname}`).toBeDefined();
    expect(link.searchParams.get('highlight')).toBe(id);
    expect(fs.readFileSync(path.join(WEB_APP, '../components/reports/reports-view.tsx'), 'utf8')).toContain("get('highlight')");
    // Signed out, the portal sends the recipient to sign in and back to this very page.
    const webProxy = path.join(WEB_APP, '../proxy.ts');
    const { proxy } = (await import(webProxy)) as { proxy: (req: unknown) => Response };
    // Both by a variable name: the API's typecheck does not follow into the portal or Next's types.
    const nextServer = 'next/server';
    const { NextRequest } = (await import(nextServer)) as { NextRequest: new (url: string) => unknown };
    const toLogin = proxy(new NextRequest(link.toString()));
    const signIn = new URL(toLogin.headers.get('location')!);
    expect(signIn.pathname).toBe('/login');
    expect(signIn.searchParams.get('next')).toBe(scheduledReportPath(id));
    // Signed in, the recipient gets that report from the API the page calls.
    const viewer = (await login(ctx.app, 'viewer@northbridge.demo', DEMO_PASSWORD)).access_token;
    const got = await ctx.app.inject({ url: `/api/v1/reports/${id}`, headers: bearer(viewer) });
    expect(got.statusCode).toBe(200);
    expect(got.json().data).toMatchObject({ id, status: 'completed' });
  });
});
