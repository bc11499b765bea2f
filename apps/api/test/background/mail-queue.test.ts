import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { createUniversity, createUser, signInAs } from '../helpers/factories.js';

// E-mail is a `mail.send` job (issue #21 item 2): a real SMTP server on a loopback port that is down
// when the request runs; the request still answers at once; when the server comes back on the same
// port the mail arrives, exactly once. A mail that fails every try is a dead letter in God Mode.
// Both backends (in-process queue; BullMQ on Redis).

let ctx: TestContext;
let port: number;
let smtp: SMTPServer | null = null;
const received: { to: string; raw: string }[] = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function freePort() {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const p = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return p;
}
async function startSmtp() {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, cb) {
      let raw = '';
      stream.on('data', (c: Buffer) => (raw += c.toString()));
      stream.on('end', () => {
        for (const r of session.envelope.rcptTo) received.push({ to: r.address, raw });
        cb();
      });
    },
  });
  await new Promise<void>((r) => smtp!.listen(port, '127.0.0.1', r));
}
async function stopSmtp() {
  await new Promise<void>((r) => (smtp ? smtp.close(() => r()) : r()));
  smtp = null;
}
const to = (email: string) => received.filter((m) => m.to === email);

beforeAll(async () => {
  port = await freePort();
  // Six tries 100, 200, 400, 800, 1600 ms apart: about 3 s of outage before a dead letter.
  ctx = await createTestContext({ SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_ATTEMPTS: '6', MAIL_BACKOFF_MS: '100' });
});
afterAll(async () => {
  await stopSmtp();
  await ctx.close();
});

describe('mail through the queue', () => {
  it('answers while the SMTP server is down, and delivers once it is back: exactly once', async () => {
    const uni = await createUniversity(ctx.platform.database.db);
    const owner = await signInAs(ctx.app, ctx.platform.database.db, 'university_owner', uni);
    const resetee = await createUser(ctx.platform.database.db, { role: 'viewer', universityId: uni.id });
    const invitee = `invitee.${Date.now()}@example.test`;

    const t0 = Date.now();
    const invite = await ctx.app.inject({ method: 'POST', url: '/api/v1/users', headers: owner.headers, payload: { name: 'New Colleague', email: invitee, roles: ['viewer'] } });
    const forgot = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/forgot-password', payload: { email: resetee.email }, remoteAddress: '10.77.0.1' });
    const answered = Date.now() - t0;
    expect(invite.statusCode).toBe(201);
    expect(forgot.statusCode).toBe(200);
    await ctx.app.auth.settled();
    console.log(`invite + forgot-password answered in ${answered} ms with the SMTP server down`);

    await sleep(400); // a few tries fail against the closed port
    expect(received).toHaveLength(0);
    const queued = await ctx.platform.database.db.selectFrom('mail_outbox').selectAll().where('to_address', 'in', [invitee, resetee.email]).execute();
    expect(queued.map((r) => r.status)).toEqual(['queued', 'queued']);
    // The reset link is a secret: not in the job payload, and not readable in the row.
    expect(queued.every((r) => r.message && !r.message.includes('token='))).toBe(true);

    await startSmtp(); // same port
    for (let i = 0; i < 200 && (to(invitee).length < 1 || to(resetee.email).length < 1); i++) await sleep(50);
    await sleep(800); // room for any duplicate to arrive
    expect(to(invitee)).toHaveLength(1);
    expect(to(resetee.email)).toHaveLength(1);
    expect(to(invitee)[0]!.raw).toContain('/register?token=');
    expect(to(resetee.email)[0]!.raw).toContain('/reset-password?token=');
    const sent = await ctx.platform.database.db.selectFrom('mail_outbox').selectAll().where('to_address', 'in', [invitee, resetee.email]).execute();
    expect(sent.map((r) => r.status)).toEqual(['sent', 'sent']);
    expect(sent.every((r) => r.message === null && r.attempts >= 2)).toBe(true);
    console.log(`delivered after ${Math.max(...sent.map((r) => r.attempts))} tries`);

    // A retry after the server accepted (a re-enqueue, a duplicate job) sends nothing more.
    for (const r of sent) await ctx.platform.queue.enqueue('mail.send', { mail_id: r.id }, { jobId: `mail-again-${r.id}` });
    await ctx.platform.mail.requeueStale(0);
    await sleep(500);
    expect(to(invitee)).toHaveLength(1);
    expect(to(resetee.email)).toHaveLength(1);
  });

  it('after the last try the mail is a dead letter on God Mode’s jobs page, and the row failed', async () => {
    await stopSmtp();
    const uni = await createUniversity(ctx.platform.database.db);
    const owner = await signInAs(ctx.app, ctx.platform.database.db, 'university_owner', uni);
    const god = await signInAs(ctx.app, ctx.platform.database.db, 'bitflow_owner');
    const invitee = `never.${Date.now()}@example.test`;
    const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/users', headers: owner.headers, payload: { name: 'Never Mailed', email: invitee, roles: ['viewer'] } });
    expect(res.statusCode).toBe(201);
    const row = await ctx.platform.database.db.selectFrom('mail_outbox').select('id').where('to_address', '=', invitee).executeTakeFirstOrThrow();
    type Dead = { id: string; name: string; attempts: number; payload: unknown };
    let dead: Dead | undefined;
    for (let i = 0; i < 150 && !dead; i++) {
      await sleep(100);
      const jobs = await ctx.app.inject({ method: 'GET', url: '/api/v1/god-mode/jobs', headers: god.headers });
      expect(jobs.statusCode).toBe(200);
      dead = (jobs.json().data.failed as Dead[]).find((j) => j.id === `mail-${row.id}`);
    }
    expect(dead).toMatchObject({ name: 'mail.send', attempts: 6, payload: { mail_id: row.id } });
    const failed = await ctx.platform.database.db.selectFrom('mail_outbox').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow();
    expect(failed).toMatchObject({ status: 'failed', attempts: 6 });
    expect(failed.error).toMatch(/ECONNREFUSED|connect/i);
  });
});
