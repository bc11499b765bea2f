import { randomBytes } from 'node:crypto';
import { createConnection, type Connection } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runWithReadRouting } from '../../src/platform/db-routing.js';
import { backend, createTestContext, type TestContext } from '../helpers/context.js';
import { createUniversity, signInAs } from '../helpers/factories.js';

// DATABASE_READ_URL with two real MariaDB databases standing in for primary and replica. There is
// no replication: the test copies rows into the "replica" and then changes them there, so the
// value a request returns tells which database answered.

const REPLICATED = ['universities', 'colleges', 'departments'] as const;

describe.skipIf(backend !== 'mysql')('read replica (DATABASE_READ_URL)', () => {
  let ctx: TestContext;
  let admin: Connection;
  let primaryName: string;
  const replicaName = `bf_t_${process.pid}_replica_${randomBytes(4).toString('hex')}`;
  let uni: Awaited<ReturnType<typeof createUniversity>>;
  let owner: Awaited<ReturnType<typeof signInAs>>;

  const nameIn = async (database: string, id: string) => {
    const [rows] = await admin.query(`SELECT name FROM \`${database}\`.colleges WHERE id = ?`, [id]);
    return (rows as { name: string }[])[0]?.name;
  };

  /** What replication would have done by now, then a change only the replica sees. */
  async function replicate() {
    for (const t of REPLICATED) {
      await admin.query(`DELETE FROM \`${replicaName}\`.\`${t}\``);
      const [cols] = await admin.query(`SELECT COLUMN_NAME AS c FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND EXTRA NOT LIKE '%GENERATED%'`, [primaryName, t]);
      const list = (cols as { c: string }[]).map((r) => `\`${r.c}\``).join(', ');
      await admin.query(`INSERT INTO \`${replicaName}\`.\`${t}\` (${list}) SELECT ${list} FROM \`${primaryName}\`.\`${t}\``);
    }
    await admin.query(`UPDATE \`${replicaName}\`.colleges SET name = 'Replica copy' WHERE id = ?`, [uni.collegeId]);
    await admin.query(`UPDATE \`${replicaName}\`.departments SET name = 'Replica dept' WHERE id = ?`, [uni.departmentId]);
  }

  beforeAll(async () => {
    admin = await createConnection(process.env.TEST_DATABASE_URL!);
    await admin.query(`CREATE DATABASE \`${replicaName}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    const replicaUrl = new URL(process.env.TEST_DATABASE_URL!);
    replicaUrl.pathname = `/${replicaName}`;
    ctx = await createTestContext({ DATABASE_READ_URL: replicaUrl.toString() });
    primaryName = new URL(ctx.config.database.url!).pathname.slice(1);
    // The schema (not the data) on the replica: copy the primary's table definitions.
    for (const t of REPLICATED) await admin.query(`CREATE TABLE \`${replicaName}\`.\`${t}\` LIKE \`${primaryName}\`.\`${t}\``);
    uni = await createUniversity(ctx.platform.database.primary);
    owner = await signInAs(ctx.app, ctx.platform.database.primary, 'university_owner', uni);
  });

  afterAll(async () => {
    await ctx?.close();
    await admin?.query(`DROP DATABASE IF EXISTS \`${replicaName}\``);
    await admin?.end();
  });

  it('answers a GET from the replica while sign-in and the session check use the primary', async () => {
    await replicate();
    // Users, sessions and roles exist only on the primary: the request is authorised at all only
    // because identity reads the primary.
    const one = await ctx.app.inject({ method: 'GET', url: `/api/v1/colleges/${uni.collegeId}`, headers: owner.headers });
    expect(one.statusCode).toBe(200);
    expect(one.json().data.name).toBe('Replica copy');
    const list = await ctx.app.inject({ method: 'GET', url: '/api/v1/colleges', headers: owner.headers });
    expect(list.json().data.items.map((c: { name: string }) => c.name)).toEqual(['Replica copy']);
    const health = await ctx.app.inject({ method: 'GET', url: '/up' });
    expect(health.statusCode).toBe(200);
  });

  it('runs a write request on the primary, including its reads before and after the write', async () => {
    await replicate();
    const put = await ctx.app.inject({ method: 'PUT', url: `/api/v1/colleges/${uni.collegeId}`, headers: owner.headers, payload: { name: 'Renamed on primary' } });
    expect(put.statusCode).toBe(200);
    expect(put.json().data.name).toBe('Renamed on primary');
    expect(await nameIn(primaryName, uni.collegeId)).toBe('Renamed on primary');
    expect(await nameIn(replicaName, uni.collegeId)).toBe('Replica copy');

    const post = await ctx.app.inject({ method: 'POST', url: '/api/v1/colleges', headers: owner.headers, payload: { name: 'New College', code: 'NEWC' } });
    expect(post.statusCode).toBe(201);
    const id = post.json().data.id as string;
    expect(await nameIn(primaryName, id)).toBe('New College');
    expect(await nameIn(replicaName, id)).toBeUndefined();
  });

  it('switches a request to the primary after its first write, and keeps transactions there', async () => {
    await replicate();
    const db = ctx.platform.database.db;
    const read = async () => (await db.selectFrom('colleges').select('name').where('id', '=', uni.collegeId).executeTakeFirstOrThrow()).name;
    await runWithReadRouting(true, async () => {
      expect(await read()).toBe('Replica copy');
      await db.updateTable('colleges').set({ name: 'Written in request' }).where('id', '=', uni.collegeId).execute();
      expect(await read()).toBe('Written in request');
    });
    await replicate();
    await runWithReadRouting(true, async () => {
      const inTrx = await db.transaction().execute(async (trx) => (await trx.selectFrom('colleges').select('name').where('id', '=', uni.collegeId).executeTakeFirstOrThrow()).name);
      expect(inTrx).toBe('Written in request');
      // The transaction counts as a write for the rest of the request.
      expect(await read()).toBe('Written in request');
    });
    // Outside a request (workers, scheduler, CLI) and in write methods: the primary.
    expect(await read()).toBe('Written in request');
    await runWithReadRouting(false, async () => expect(await read()).toBe('Written in request'));
  });

  it('fills the shared list cache from the primary, so a lagging replica cannot pin a stale page', async () => {
    await replicate();
    const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/departments', headers: owner.headers });
    expect(res.statusCode).toBe(200);
    expect(res.json().data.items.map((d: { name: string }) => d.name)).not.toContain('Replica dept');
  });
});
