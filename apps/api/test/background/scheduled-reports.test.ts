import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDueSchedules } from '../../src/jobs/scheduler.js';
import { toDbTime } from '../../src/db/time.js';
import type { TestContext } from '../helpers/context.js';
import { createDemoContext } from '../helpers/demo.js';
import { bearer } from '../helpers/factories.js';

let ctx: TestContext;
let owner: string;
beforeAll(async () => {
  const demo = await createDemoContext({ owner: 'owner@northbridge.demo' });
  ({ ctx } = demo);
  ({ owner } = demo.tokens);
});
afterAll(() => ctx.close());

const create = (payload: object) => ctx.app.inject({ method: 'POST', url: '/api/v1/scheduled-reports', headers: bearer(owner), payload });
const body = { name: 'Weekly roster', type: 'student_roster', format: 'csv', cron: '0 7 * * 1', timezone: 'Europe/Berlin', recipients: ['dean@example.test', 'registrar@example.test'] };

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
      mails = fs.existsSync(ctx.config.mail.outboxDir) ? fs.readdirSync(ctx.config.mail.outboxDir).filter((f) => f.includes('example.test')) : [];
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(mails.sort()).toEqual([expect.stringContaining('dean@example.test'), expect.stringContaining('registrar@example.test')].sort());
    const eml = fs.readFileSync(`${ctx.config.mail.outboxDir}/${mails[0]}`, 'utf8');
    expect(eml).toContain('Scheduled report: Weekly roster');
    expect(eml).toMatch(/Content-Disposition: attachment; filename=Weekly roster.csv|filename="Weekly roster.csv"/);

    await ctx.app.inject({ method: 'POST', url: `/api/v1/scheduled-reports/${s.id}/pause`, headers: bearer(owner) });
    await ctx.platform.database.db.updateTable('scheduled_reports').set({ next_run_at: toDbTime(new Date(Date.now() - 60_000)) }).where('id', '=', s.id).execute();
    expect(await runDueSchedules(ctx.platform)).toBe(0);
    const resumed = (await ctx.app.inject({ method: 'POST', url: `/api/v1/scheduled-reports/${s.id}/resume`, headers: bearer(owner) })).json().data;
    expect(new Date(resumed.next_run_at).getTime()).toBeGreaterThan(Date.now());
  });
});
