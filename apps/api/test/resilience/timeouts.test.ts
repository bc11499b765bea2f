import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATION_NAMES } from '../../src/db/migrate.js';
import { migrateWithoutDeadline } from '../../src/db/prepare.js';
import { openPlatform } from '../../src/platform/index.js';
import { backend, createTestContext, createTestDatabase, type TestContext } from '../helpers/context.js';

// Every outbound call has its own timeout (platform/*); these two are the ones a test can force:
// the request deadline that backs them all up, and the per-query deadline on MySQL.

describe('request deadline (REQUEST_TIMEOUT_MS)', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext({ REQUEST_TIMEOUT_MS: '1000' }, (app) => {
      app.get('/api/v1/test/slow', { config: { public: true } }, async () => {
        await new Promise((r) => setTimeout(r, 2_500));
        return { success: true, message: 'late', data: null };
      });
    });
  });
  afterAll(async () => ctx?.close());

  it('answers 503 in the envelope when a handler runs past the deadline', async () => {
    const t = Date.now();
    const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/test/slow' });
    expect(Date.now() - t).toBeLessThan(2_000);
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.json()).toMatchObject({ success: false, code: 'SERVICE_UNAVAILABLE' });
    // The handler's late answer is dropped without harm; the app keeps serving.
    await new Promise((r) => setTimeout(r, 1_800));
    expect((await ctx.app.inject({ method: 'GET', url: '/up' })).statusCode).toBe(200);
  });
});

describe.skipIf(backend !== 'mysql')('query deadline (DATABASE_QUERY_TIMEOUT_MS)', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    // 1 s: long enough that the context's own setup never meets it on a busy machine.
    ctx = await createTestContext({ DATABASE_QUERY_TIMEOUT_MS: '1000', DATABASE_POOL_SIZE: '2' }, (app) => {
      app.get('/api/v1/test/slow-query', { config: { public: true } }, async () => {
        await sql`SELECT SLEEP(3)`.execute(ctx.platform.database.db);
        return { success: true, message: 'late', data: null };
      });
    });
  });
  afterAll(async () => ctx?.close());

  it('fails a query that runs too long and keeps the pool usable', async () => {
    const db = ctx.platform.database.db;
    for (let i = 0; i < 3; i++) {
      const t = Date.now();
      await expect(sql`SELECT SLEEP(3)`.execute(db)).rejects.toMatchObject({ code: 'PROTOCOL_SEQUENCE_TIMEOUT' });
      expect(Date.now() - t).toBeLessThan(2_500);
    }
    // Three timed-out connections on a pool of two: they were destroyed, not handed out again.
    const rows = await Promise.all(Array.from({ length: 4 }, () => sql<{ one: number }>`SELECT 1 AS one`.execute(db)));
    expect(rows.map((r) => Number(r.rows[0]!.one))).toEqual([1, 1, 1, 1]);
  });

  it('reports the deadline, not the closed connection, when it cuts off a query inside a transaction', async () => {
    // The transaction's ROLLBACK goes to the connection the deadline destroyed: its error must still
    // say "deadline" (503 + Retry-After), not "closed state" (500).
    const db = ctx.platform.database.db;
    await expect(db.transaction().execute(async (trx) => sql`SELECT SLEEP(3)`.execute(trx))).rejects.toMatchObject({ code: 'PROTOCOL_SEQUENCE_TIMEOUT' });
    expect(Number((await sql<{ one: number }>`SELECT 1 AS one`.execute(db)).rows[0]!.one)).toBe(1);
  });

  it('answers 503 + Retry-After (not 500) when a query of the request runs past the deadline', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/test/slow-query' });
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBeDefined();
    expect(res.json()).toEqual({ success: false, message: expect.stringMatching(/busy|try again/i), code: 'SERVICE_UNAVAILABLE' });
  });
});

describe.skipIf(backend !== 'mysql')('migrations on start (MIGRATE_ON_START) and the query deadline', () => {
  it('run on their own connection without the deadline, so a slow DDL is not cut off half-way', async () => {
    // A 1 ms deadline cuts off almost any CREATE TABLE through the server's pool.
    const { config, drop } = await createTestDatabase({ DATABASE_QUERY_TIMEOUT_MS: '1' });
    const platform = await openPlatform(config);
    try {
      const applied = await migrateWithoutDeadline(platform);
      expect(applied).toEqual(MIGRATION_NAMES);
    } finally {
      await platform.close();
      await drop();
    }
  });
});
