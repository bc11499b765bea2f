import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MailMessage } from '../../src/platform/mail.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { createUniversity, createUser } from '../helpers/factories.js';

// POST /auth/forgot-password must not tell which e-mails have accounts: not by its answer, and not by
// how long the answer takes (a known address used to cost a token write and an SMTP send inside the
// request: 33 ms against 10 ms). Both backends.

let ctx: TestContext;
let uni: Awaited<ReturnType<typeof createUniversity>>;
const db = () => ctx.platform.database.db;
beforeAll(async () => {
  ctx = await createTestContext();
  uni = await createUniversity(db());
});
afterAll(() => ctx.close());

// A new address each time, so the anonymous rate limit (60 a minute per address) stays out of the way.
let n = 0;
const forgot = (email: string) => ctx.app.inject({ method: 'POST', url: '/api/v1/auth/forgot-password', payload: { email }, remoteAddress: `10.90.${n >> 8}.${n++ & 255}` });
const resetTokens = async (userId: string) =>
  (await db().selectFrom('user_tokens').select('id').where('user_id', '=', userId).where('purpose', '=', 'reset').execute()).length;

// The answer a client sees, without what differs on every request anyway.
const visible = (res: Awaited<ReturnType<typeof forgot>>) => {
  const { date: _d, 'x-request-id': _r, ...headers } = res.headers;
  return { status: res.statusCode, headers, body: res.body };
};

describe('forgot password', () => {
  it('answers before the mail is sent: a mail server that never answers does not hold the request', async () => {
    const u = await createUser(db(), { role: 'viewer', universityId: uni.id });
    const mailer = ctx.platform.mailer;
    const realSend = mailer.send.bind(mailer);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const sent: MailMessage[] = [];
    mailer.send = async (m) => {
      await gate;
      sent.push(m);
    };
    try {
      const res = await forgot(u.email);
      expect(res.statusCode).toBe(200);
      expect(sent).toHaveLength(0); // answered while the mail is still waiting
      release();
      await ctx.app.auth.settled();
      // Sent by the `mail.send` job once the gate opens.
      for (let i = 0; i < 100 && !sent.length; i++) await new Promise((r) => setTimeout(r, 50));
      expect(sent.map((m) => m.to)).toEqual([u.email]);
      expect(await resetTokens(u.id)).toBe(1);
    } finally {
      mailer.send = realSend;
    }
  });

  it('gives a known and an unknown address the same answer', async () => {
    const u = await createUser(db(), { role: 'viewer', universityId: uni.id });
    const known = await forgot(u.email);
    const unknown = await forgot('nobody-here@example.test');
    expect(visible(known)).toEqual(visible(unknown));
    expect(known.json()).toMatchObject({ success: true, data: null });
  });

  it('takes the same time for a known and an unknown address (median of 25 each)', async () => {
    const u = await createUser(db(), { role: 'viewer', universityId: uni.id });
    // Each send is slow, as an SMTP server can be: it used to be part of a known address's answer.
    const mailer = ctx.platform.mailer;
    const realSend = mailer.send.bind(mailer);
    mailer.send = async () => void (await new Promise((r) => setTimeout(r, 40)));
    const time = async (email: string) => {
      const t = process.hrtime.bigint();
      await forgot(email);
      const ms = Number(process.hrtime.bigint() - t) / 1e6;
      await ctx.app.auth.settled(); // the previous request's work does not slow the next one
      return ms;
    };
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    try {
      const known: number[] = [];
      const unknown: number[] = [];
      for (let i = 0; i < 25; i++) {
        known.push(await time(u.email));
        unknown.push(await time(`ghost-${i}@example.test`));
      }
      // Generous: the same class, not the same microsecond. Inside the request, the 40 ms send alone
      // put the known median far above this bound.
      expect(median(known)).toBeLessThan(median(unknown) * 2 + 15);
    } finally {
      mailer.send = realSend;
    }
  });
});
