import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { build } from 'esbuild';
import { createConnection } from 'mysql2/promise';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { backupCommand, backupKeep, dumpBinary, runBackup } from '../../src/platform/backup/backup.js';
import { openDatabase, type Database_ } from '../../src/platform/db.js';
import { Database } from '../../src/platform/sqlite-driver.js';
import { backend, createTestDatabase } from '../helpers/context.js';
import { createUniversity } from '../helpers/factories.js';
import { hasBinary } from '../helpers/throwaway.js';

// docs/backup.md, "Scheduled backups": the real CLI (`cli backup`, bundled like dist/cli.js) run
// three times with BACKUP_KEEP=2 against a real S3 server (s3rver) keeps the newest two; the newest
// restores with the rows the database had; a dump that fails exits non-zero and deletes nothing.

const clientBin = hasBinary('mariadb') ? 'mariadb' : 'mysql';
const BUCKET = 'bitflow-backups';
const s3dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bf-backup-s3-'));
let s3: S3rver;
let endpoint: string;
let client: S3Client;
let cli: string;
let config: Config;
let database: Database_;
let drop: () => Promise<void>;

function runCli(args: string[], env: Record<string, string | undefined>): Promise<{ code: number | null; out: string }> {
  const keys = config.encryptionKeys ? [...config.encryptionKeys.keys].map(([id, k]) => `${id}:${k.toString('base64')}`).join(',') : undefined;
  const all = {
    PATH: process.env.PATH, NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: config.dataDir, JWT_KEYS_DIR: config.jwt.keysDir, DATABASE_URL: config.database.url, ENCRYPTION_KEYS: keys,
    S3_BUCKET: BUCKET, S3_ENDPOINT: endpoint, S3_ACCESS_KEY_ID: 'S3RVER', S3_SECRET_ACCESS_KEY: 'S3RVER', BACKUP_KEEP: '2', ...env,
  };
  const child = spawn(process.execPath, [cli, 'backup', ...args], { env: Object.fromEntries(Object.entries(all).filter(([, v]) => v !== undefined)), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, out })));
}

const stored = async () => ((await client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'backups/db/' }))).Contents ?? []).map((o) => o.Key!).sort();
const universities = async () => Number((await database.db.selectFrom('universities').select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

beforeAll(async () => {
  s3 = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: s3dir, configureBuckets: [{ name: BUCKET }] });
  endpoint = `http://127.0.0.1:${((await s3.run()) as { port: number }).port}`;
  client = new S3Client({ region: 'us-east-1', endpoint, forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
  ({ config, drop } = await createTestDatabase());
  database = openDatabase(config);
  await migrateToLatest(database.db);
  cli = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bf-cli-')), 'cli.mjs');
  await build({
    entryPoints: [path.resolve(__dirname, '../../src/cli.ts')], outfile: cli, bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'error',
    plugins: [{ name: 'ext', setup: (b) => b.onResolve({ filter: /^[^./]/ }, (a) => (a.path.startsWith('@bitflow/') ? undefined : { path: a.path, external: true })) }],
  });
  fs.symlinkSync(path.resolve(__dirname, '../../../../node_modules'), path.join(path.dirname(cli), 'node_modules'));
}, 60_000);

afterAll(async () => {
  client?.destroy();
  await database?.close();
  await drop?.();
  await s3?.close();
  fs.rmSync(s3dir, { recursive: true, force: true });
  if (cli) fs.rmSync(path.dirname(cli), { recursive: true, force: true });
});

describe.skipIf(backend === 'mysql' && (!dumpBinary() || !hasBinary(clientBin)))(`cli backup (${backend})`, () => {
  let kept: string[] = [];

  it('three runs with BACKUP_KEEP=2 leave the newest two in the bucket, and the newest restores', async () => {
    const keys: string[] = [];
    for (let i = 0; i < 3; i++) {
      await createUniversity(database.db);
      const run = await runCli([], {});
      expect(run.code, run.out).toBe(0);
      const key = /Uploaded (backups\/db\/\S+\.(?:sql|sqlite)\.gz): [\d,]+ bytes/.exec(run.out)?.[1];
      expect(key, run.out).toMatch(backend === 'mysql' ? /\.sql\.gz$/ : /\.sqlite\.gz$/);
      keys.push(key!);
      expect(run.out).toContain(i < 2 ? 'none deleted' : `deleted ${keys[0]}`);
    }
    kept = await stored();
    expect(kept).toEqual(keys.slice(1));

    const res = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: keys[2] }));
    const dump = gunzipSync(Buffer.from(await res.Body!.transformToByteArray()));
    const expected = await universities();
    expect(expected).toBe(3);
    if (backend === 'mysql') {
      expect(dump.toString('utf8', dump.length - 200)).toContain('Dump completed');
      const u = new URL(config.database.url!);
      const restored = `bf_t_${process.pid}_restored_${randomBytes(4).toString('hex')}`;
      const admin = await createConnection(process.env.TEST_DATABASE_URL!);
      try {
        await admin.query(`CREATE DATABASE \`${restored}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
        const load = spawnSync(clientBin, ['-h', u.hostname, '-P', u.port || '3306', '-u', decodeURIComponent(u.username), '--default-character-set=utf8mb4', restored], {
          input: dump, encoding: 'utf8', env: { ...process.env, MYSQL_PWD: decodeURIComponent(u.password) },
        });
        expect(load.status, load.stderr).toBe(0);
        const [[row]] = (await admin.query(`SELECT COUNT(*) AS n FROM \`${restored}\`.universities`)) as unknown as [{ n: number }[]];
        expect(Number(row!.n)).toBe(expected);
      } finally {
        await admin.query(`DROP DATABASE IF EXISTS \`${restored}\``);
        await admin.end();
      }
    } else {
      const file = path.join(config.dataDir, 'restored.sqlite');
      fs.writeFileSync(file, dump);
      const db = new Database(file, { readonly: true });
      try {
        expect((db.prepare('SELECT COUNT(*) AS n FROM universities').get() as { n: number }).n).toBe(expected);
        expect((db.prepare('PRAGMA integrity_check').get() as { integrity_check: string }).integrity_check).toBe('ok');
      } finally {
        db.close();
      }
    }
  }, 60_000);

  it('a failing dump exits non-zero, says why, and deletes nothing', async () => {
    expect(kept).toHaveLength(2);
    let env: Record<string, string>;
    if (backend === 'mysql') {
      const u = new URL(config.database.url!);
      u.password = 'wrong-password';
      env = { DATABASE_URL: u.toString() };
    } else {
      // A DATA_DIR whose database file is not a database: VACUUM INTO fails.
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bf-backup-bad-'));
      fs.writeFileSync(path.join(dir, 'bitflow.sqlite'), randomBytes(8192));
      env = { DATA_DIR: dir };
    }
    const run = await runCli([], { ...env, BACKUP_KEEP: '1' });
    expect(run.code, run.out).toBe(1);
    expect(run.out).toMatch(backend === 'mysql' ? /Backup failed: (mariadb-dump|mysqldump) failed \(exit \d+\): .*Access denied/ : /Backup failed: .*not a database/);
    expect(run.out).toContain('none was deleted');
    expect(await stored()).toEqual(kept);
    if (env.DATA_DIR) fs.rmSync(env.DATA_DIR, { recursive: true, force: true });

    // A dump cut off after 6 MB, two multipart parts already sent: the upload is aborted, not
    // completed with a truncated dump. (A stand-in dump tool, first on PATH, on both backends.)
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'bf-fake-dump-'));
    fs.writeFileSync(path.join(bin, 'mariadb-dump'), '#!/bin/sh\nhead -c 6000000 /dev/urandom\necho "args: $*" >&2\necho "password from env: $MYSQL_PWD" >&2\necho "Lost connection to server during query" >&2\nexit 3\n', { mode: 0o755 });
    const cut = await runCli([], { PATH: `${bin}:${process.env.PATH}`, DATABASE_URL: 'mysql://backup:s3cret@127.0.0.1:3306/bitflow', ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`, BACKUP_KEEP: '1' });
    fs.rmSync(bin, { recursive: true, force: true });
    expect(cut.code, cut.out).toBe(1);
    expect(cut.out).toMatch(/Backup failed: mariadb-dump failed \(exit 3\): args: -h 127\.0\.0\.1 -P 3306 -u backup --single-transaction .* bitflow password from env: s3cret Lost connection/);
    expect(/args: (.*) password from env/.exec(cut.out)?.[1]).not.toContain('s3cret');
    expect(cut.out).toContain('none was deleted');
    expect(await stored()).toEqual(kept);
  }, 40_000);

  it('without S3_BUCKET keeps its backups in DATA_DIR/storage/backups/db; --list and BACKUP_KEEP', async () => {
    // In-process (the same code the CLI runs): a CLI start costs seconds on a busy CI machine.
    const local = { ...config, s3: undefined };
    const lines: string[] = [];
    const say = (l: string) => lines.push(l);
    for (let i = 0; i < 2; i++) await runBackup(local, { keep: 1, say, now: new Date(Date.UTC(2026, 0, 1 + i)) });
    expect(fs.readdirSync(path.join(config.dataDir, 'storage', 'backups', 'db'))).toEqual([`2026-01-02T00-00-00-000Z.${backend === 'mysql' ? 'sql' : 'sqlite'}.gz`]);
    expect(lines.at(-1)).toMatch(/1 kept, deleted backups\/db\/2026-01-01T00-00-00-000Z/);

    let out = '';
    const sink = { write: (c: string) => ((out += c), true) } as unknown as NodeJS.WritableStream;
    expect(await backupCommand(local, ['--list'], { out: sink, err: sink })).toBe(0);
    expect(out).toMatch(/^backups\/db\/2026-01-02T00-00-00-000Z\.\w+\.gz {2}[\d,]+ bytes\n1 backup\(s\)\.\n$/);
    out = '';
    expect(await backupCommand(local, [], { out: sink, err: sink, env: { BACKUP_KEEP: 'lots' } })).toBe(1);
    expect(out).toContain('BACKUP_KEEP must be a whole number');
    expect(backupKeep({})).toBe(14);
  }, 30_000);
});
