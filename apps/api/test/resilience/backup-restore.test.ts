import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createConnection, type Connection } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemo } from '../../src/db/seed/demo.js';
import { backend, createTestContext, type TestContext } from '../helpers/context.js';
import { login } from '../helpers/factories.js';
import { hasBinary } from '../helpers/throwaway.js';

// Exercises docs/backup.md on MariaDB: dump a seeded database with the documented command, restore
// it into a new database, and compare every table's row count and a sample of rows byte for byte.

const dumpBin = hasBinary('mariadb-dump') ? 'mariadb-dump' : 'mysqldump';
const clientBin = hasBinary('mariadb') ? 'mariadb' : 'mysql';

describe.skipIf(backend !== 'mysql' || !hasBinary(dumpBin) || !hasBinary(clientBin))('backup and restore (docs/backup.md)', () => {
  let ctx: TestContext;
  let admin: Connection;
  let source: string;
  const restored = `bf_t_${process.pid}_restore_${randomBytes(4).toString('hex')}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bf-backup-'));

  const server = () => {
    const u = new URL(process.env.TEST_DATABASE_URL!);
    // The password travels in the environment, never on the command line.
    return { args: ['-h', u.hostname, '-P', u.port || '3306', '-u', decodeURIComponent(u.username)], env: { ...process.env, MYSQL_PWD: decodeURIComponent(u.password) } };
  };

  beforeAll(async () => {
    ctx = await createTestContext();
    await seedDemo(ctx.platform.database.db, ctx.platform.cipher);
    // A sign-in, so the audit log has rows to protect.
    await login(ctx.app, 'owner@northbridge.demo', DEMO_PASSWORD);
    source = new URL(ctx.config.database.url!).pathname.slice(1);
    admin = await createConnection(process.env.TEST_DATABASE_URL!);
  }, 120_000);

  afterAll(async () => {
    await admin?.query(`DROP DATABASE IF EXISTS \`${restored}\``);
    await admin?.end();
    await ctx?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('restores a dump into a new database with the same rows', async () => {
    const { args, env } = server();
    const file = path.join(dir, 'bitflow.sql');
    // The command from docs/backup.md: a consistent snapshot without locking writers.
    const dump = spawnSync(dumpBin, [...args, '--single-transaction', '--routines', '--triggers', '--events', '--hex-blob', '--default-character-set=utf8mb4', `--result-file=${file}`, source], { env, encoding: 'utf8' });
    expect(dump.status, dump.stderr).toBe(0);
    expect(fs.statSync(file).size).toBeGreaterThan(10_000);

    await admin.query(`CREATE DATABASE \`${restored}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    const load = spawnSync(clientBin, [...args, '--default-character-set=utf8mb4', restored], { env, encoding: 'utf8', input: fs.readFileSync(file) });
    expect(load.status, load.stderr).toBe(0);

    const [tables] = await admin.query(`SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME`, [source]);
    const names = (tables as { t: string }[]).map((r) => r.t);
    expect(names).toEqual(expect.arrayContaining(['students', 'users', 'audit_logs', 'kysely_migration']));
    let total = 0;
    for (const t of names) {
      const count = async (db: string) => Number(((await admin.query(`SELECT COUNT(*) AS n FROM \`${db}\`.\`${t}\``))[0] as { n: number }[])[0]!.n);
      const n = await count(source);
      expect(await count(restored), t).toBe(n);
      total += n;
      // A sample: the first, middle and last 5 rows by primary key, every column compared.
      const [pk] = await admin.query(`SELECT COLUMN_NAME AS c FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND CONSTRAINT_NAME = 'PRIMARY' ORDER BY ORDINAL_POSITION`, [source, t]);
      const order = (pk as { c: string }[]).map((r) => `\`${r.c}\``).join(', ') || '1';
      for (const offset of [0, Math.max(0, Math.floor(n / 2) - 2), Math.max(0, n - 5)]) {
        const sample = async (db: string) => (await admin.query(`SELECT * FROM \`${db}\`.\`${t}\` ORDER BY ${order} LIMIT 5 OFFSET ${offset}`))[0];
        expect(JSON.stringify(await sample(restored)), t).toBe(JSON.stringify(await sample(source)));
      }
    }
    expect(total).toBeGreaterThan(1_000);

    // The restored copy keeps the audit log append-only: the triggers came with the dump.
    const triggers = async (db: string) => ((await admin.query(`SELECT TRIGGER_NAME AS n FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ? ORDER BY 1`, [db]))[0] as { n: string }[]).map((r) => r.n);
    expect((await triggers(source)).length).toBeGreaterThan(0);
    expect(await triggers(restored)).toEqual(await triggers(source));
    const [[first]] = (await admin.query(`SELECT id FROM \`${restored}\`.audit_logs LIMIT 1`)) as unknown as [{ id: string }[]];
    expect(first).toBeDefined();
    await expect(admin.query(`DELETE FROM \`${restored}\`.audit_logs WHERE id = ?`, [first!.id])).rejects.toThrow();
  }, 120_000);
});
