import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shutdownGracefully } from '../../src/shutdown.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { bearer, createUniversity, signInAs } from '../helpers/factories.js';

// SIGTERM with streamed answers in flight: the drain lets every CSV export finish with its whole
// body (no connection resets), closes the never-ending notification streams politely, and exits 0
// well inside its budget. The app listens for real and is shut down by the same function the
// server's signal handler calls; the adapters close after the drain, as in the server.

const ROWS = 6_000;
const EXPORTS = 52;

describe('graceful shutdown drains streamed answers', () => {
  let ctx: TestContext;
  let address: string;
  let god: Awaited<ReturnType<typeof signInAs>>;
  let uniId: string;

  beforeAll(async () => {
    ctx = await createTestContext({}, (app) => app.addHook('onClose', async () => app.platform.close()));
    const db = ctx.platform.database.db;
    const u = await createUniversity(db);
    uniId = u.id;
    const rows = Array.from({ length: ROWS }, (_, i) => ({
      id: uuidv7(), chain_key: u.id, seq: i + 1, university_id: u.id, action: 'drain.row', entity_type: 'test',
      created_at: `2031-01-01 00:${String(Math.floor(i / 60_000)).padStart(2, '0')}:${String(Math.floor(i / 1000) % 60).padStart(2, '0')}.${String(i % 1000).padStart(3, '0')}`, prev_hash: 'x', hash: `d${i}`,
    }));
    for (let i = 0; i < rows.length; i += 500) await db.insertInto('audit_logs').values(rows.slice(i, i + 500)).execute();
    god = await signInAs(ctx.app, db, 'bitflow_owner');
    address = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  }, 120_000);

  afterAll(async () => {
    await ctx?.close().catch(() => undefined);
  });

  it('finishes every export in flight with a full body, ends the notification streams, and exits 0', async () => {
    // A signed-in browser holding its notification stream open.
    const sse = await fetch(`${address}/api/v1/notifications/stream`, { headers: bearer(god.access_token) });
    expect(sse.status).toBe(200);
    const sseBody = sse.text();

    // Exports started, answering, and still streaming when the signal arrives.
    const started: Promise<void>[] = [];
    const bodies = Array.from({ length: EXPORTS }, () => {
      let begun!: () => void;
      started.push(new Promise<void>((r) => (begun = r)));
      return (async () => {
        const res = await fetch(`${address}/api/v1/audit-logs/export?university_id=${uniId}&action=drain.row`, { headers: bearer(god.access_token) });
        begun();
        if (res.status !== 200) return { status: res.status, lines: 0, error: null as string | null };
        try {
          const text = await res.text();
          return { status: res.status, lines: text.trimEnd().split('\n').length, error: null };
        } catch (err) {
          return { status: res.status, lines: 0, error: String((err as { cause?: unknown }).cause ?? err) };
        }
      })();
    });
    await Promise.all(started);

    const exits: number[] = [];
    const t0 = Date.now();
    const code = await shutdownGracefully(ctx.app, 'SIGTERM', { budgetMs: 30_000, exit: (c) => exits.push(c) });
    const drainMs = Date.now() - t0;

    const results = await Promise.all(bodies);
    expect(results.filter((r) => r.error)).toEqual([]);
    // A header line plus one line per row, for every export.
    expect(results.map((r) => r.lines)).toEqual(Array(EXPORTS).fill(ROWS + 1));
    expect(code).toBe(0);
    expect(exits).toEqual([0]);
    // The stream ended (politely, with a reason), so it did not hold the drain to its budget.
    expect(await sseBody).toContain('event: shutdown');
    expect(drainMs).toBeLessThan(30_000);
  }, 120_000);
});
