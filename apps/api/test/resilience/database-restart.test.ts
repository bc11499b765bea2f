import { createConnection } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backend, createTestContext, type TestContext } from '../helpers/context.js';
import { createUniversity, signInAs } from '../helpers/factories.js';
import { freePort, hasBinary, ThrowawayMariaDb } from '../helpers/throwaway.js';

// Drill: the database crashes (SIGKILL) and comes back while clients keep writing. Requests may
// fail only while it is down plus a few seconds; the same API process then recovers on its own
// (the pool replaces dead connections), and every write it acknowledged is in the database.
// Runs on a throwaway mariadbd so the shared server is never touched.

const WRITERS = 4;
const RECOVERY_GRACE_MS = 5_000;

interface Attempt {
  code: string;
  status: number;
  start: number;
  end: number;
  envelope: boolean;
}

describe.skipIf(backend !== 'mysql' || !hasBinary('mariadbd') || !hasBinary('mariadb-install-db'))('drill: database restart under writes', () => {
  let maria: ThrowawayMariaDb;
  let ctx: TestContext;
  let universityId: string;
  // One user per writer: the rate limit (600/min per owner) is per user.
  let users: Record<string, string>[];

  beforeAll(async () => {
    maria = new ThrowawayMariaDb(await freePort());
    await maria.init();
    await maria.start();
    ctx = await createTestContext({}, undefined, undefined, { databaseUrl: maria.url });
    const uni = await createUniversity(ctx.platform.database.db);
    universityId = uni.id;
    users = [];
    for (let i = 0; i < WRITERS; i++) users.push((await signInAs(ctx.app, ctx.platform.database.db, 'university_owner', uni)).headers);
  }, 90_000);

  afterAll(async () => {
    try {
      await ctx?.close();
    } finally {
      await maria?.remove();
    }
  });

  it('fails only during the outage, recovers without a restart, and loses no acknowledged write', async () => {
    const attempts: Attempt[] = [];
    let stop = false;
    let n = 0;
    const writer = async (headers: Record<string, string>) => {
      while (!stop) {
        const code = `W${++n}`;
        const start = Date.now();
        const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/colleges', headers, payload: { name: `Load ${code}`, code } });
        let envelope = false;
        try {
          envelope = typeof res.json().success === 'boolean';
        } catch {
          /* not JSON */
        }
        attempts.push({ code, status: res.statusCode, start, end: Date.now(), envelope });
        // Paced: a steady load under the rate limit, and no busy spin while requests fail at once.
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    const load = Promise.all(users.map(writer));

    await new Promise((r) => setTimeout(r, 1_500));
    const killedAt = Date.now();
    await maria.stop('SIGKILL');
    await new Promise((r) => setTimeout(r, 2_000));
    await maria.start();
    const backAt = Date.now();
    await new Promise((r) => setTimeout(r, RECOVERY_GRACE_MS + 3_000));
    stop = true;
    await load;

    const ok = attempts.filter((a) => a.status === 201);
    const failed = attempts.filter((a) => a.status !== 201);
    expect(ok.filter((a) => a.end < killedAt).length).toBeGreaterThan(5);
    expect(failed.length).toBeGreaterThan(0);
    // Failures only between the crash and a few seconds after the server was back.
    for (const f of failed) {
      expect(f.end, `${f.code} failed at +${f.end - killedAt} ms`).toBeGreaterThanOrEqual(killedAt);
      expect(f.start, `${f.code} failed at +${f.start - backAt} ms after restart`).toBeLessThan(backAt + RECOVERY_GRACE_MS);
      expect(f.status).toBeGreaterThanOrEqual(500);
      expect(f.envelope).toBe(true);
    }
    // Recovered: the tail of the run succeeds, and nobody waited longer than the 10 s deadline.
    expect(ok.filter((a) => a.start > backAt + RECOVERY_GRACE_MS).length).toBeGreaterThan(5);
    for (const a of attempts) expect(a.end - a.start).toBeLessThan(10_000);

    // No acknowledged write lost: every 201 is in the database after the crash.
    const conn = await createConnection(ctx.config.database.url!);
    const [rows] = await conn.query('SELECT code FROM colleges WHERE university_id = ?', [universityId]);
    await conn.end();
    const stored = new Set((rows as { code: string }[]).map((r) => r.code));
    console.log(`drill: ${ok.length} acknowledged, ${failed.length} failed, last failure +${Math.max(...failed.map((f) => f.end)) - backAt} ms after restart, outage ${backAt - killedAt} ms`);
    const lost = ok.filter((a) => !stored.has(a.code)).map((a) => a.code);
    expect(lost).toEqual([]);
  }, 60_000);
});
