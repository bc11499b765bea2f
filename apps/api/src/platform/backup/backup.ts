import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import type { Config } from '../../config.js';
import { Database } from '../sqlite-driver.js';
import { openStorage, s3ClientOptions, type Storage } from '../storage.js';

// `cli backup [--list]` (docs/backup.md, "Scheduled backups"): dumps the database, gzips it as it
// streams and uploads it to the object store under backups/db/<UTC time>.{sql,sqlite}.gz; then,
// and only then, deletes the oldest backups beyond BACKUP_KEEP. Nothing is held in memory: the
// dump's stdout (or the SQLite snapshot file) flows through gzip into the multipart upload.

export const BACKUP_PREFIX = 'backups/db/';
/** Our object names: the ISO time with ':' and '.' as '-' (storage keys allow neither). */
const NAME = /^\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z\.(sql|sqlite)\.gz$/;
const DEFAULT_KEEP = 14;

export class BackupError extends Error {}

export interface BackupObject {
  key: string;
  size: number;
}

export interface BackupResult {
  key: string;
  bytes: number;
  ms: number;
  deleted: string[];
  kept: number;
}

/** BACKUP_KEEP: how many backups to keep (default 14). */
export function backupKeep(env: Record<string, string | undefined> = process.env): number {
  const raw = env.BACKUP_KEEP?.trim();
  if (!raw) return DEFAULT_KEEP;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 10_000) throw new BackupError(`Invalid configuration: BACKUP_KEEP must be a whole number from 1 to 10000 (got "${raw}")`);
  return n;
}

const stamp = (d: Date) => d.toISOString().replace(/[:.]/g, '-');

/** Lists our backups in the object store, oldest first. */
export async function listBackups(config: Config): Promise<BackupObject[]> {
  const found: BackupObject[] = [];
  if (!config.s3) {
    const dir = path.join(config.dataDir, 'storage', BACKUP_PREFIX);
    if (!fs.existsSync(dir)) return [];
    for (const name of fs.readdirSync(dir)) if (NAME.test(name)) found.push({ key: BACKUP_PREFIX + name, size: fs.statSync(path.join(dir, name)).size });
  } else {
    const client = s3Client(config.s3);
    try {
      let ContinuationToken: string | undefined;
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket: config.s3.bucket, Prefix: BACKUP_PREFIX, ContinuationToken }));
        for (const o of page.Contents ?? []) if (o.Key && NAME.test(o.Key.slice(BACKUP_PREFIX.length))) found.push({ key: o.Key, size: o.Size ?? 0 });
        ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (ContinuationToken);
    } finally {
      client.destroy();
    }
  }
  // The names are UTC times of one fixed width, so name order is time order.
  return found.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** The store's client as platform/storage.ts makes it, for the one call Storage lacks (listing). */
function s3Client(s3: NonNullable<Config['s3']>) {
  return new S3Client({ ...s3ClientOptions(s3), maxAttempts: 3 });
}

const executable = (file: string) => {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
};

/** The dump tool on PATH: mariadb-dump, else mysqldump. */
export const dumpBinary = (searchPath = process.env.PATH ?? '') =>
  ['mariadb-dump', 'mysqldump'].find((b) => searchPath.split(path.delimiter).some((dir) => dir && executable(path.join(dir, b))));

/**
 * A readable of the gzipped dump that ends only once the dump has exited 0: on any failure it
 * errors instead, so the upload is aborted rather than completed with a truncated dump.
 */
function mysqlDump(databaseUrl: string): { stream: Readable; what: string } {
  const bin = dumpBinary();
  if (!bin) throw new BackupError('Neither mariadb-dump nor mysqldump is on PATH (install the mariadb-client package).');
  const u = new URL(databaseUrl);
  const database = decodeURIComponent(u.pathname.slice(1));
  const args = [
    '-h', u.hostname, '-P', u.port || '3306', ...(u.username ? ['-u', decodeURIComponent(u.username)] : []),
    '--single-transaction', '--routines', '--triggers', '--events', '--hex-blob', '--default-character-set=utf8mb4', database,
  ];
  // The password travels in the environment, never on the command line (visible in `ps`).
  const env = { ...process.env, ...(u.password ? { MYSQL_PWD: decodeURIComponent(u.password) } : {}) };
  const child = spawn(bin, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-2_000)));
  const exited = new Promise<void>((resolve, reject) => {
    child.on('error', (err) => reject(new BackupError(`${bin} could not start: ${err.message}`)));
    child.on('close', (code, signal) =>
      code === 0 ? resolve() : reject(new BackupError(`${bin} failed (${signal ?? `exit ${code}`}): ${stderr.trim().split('\n').slice(-3).join(' ') || 'no message'}`)),
    );
  });
  const gate = new Transform({
    transform: (chunk, _enc, cb) => cb(null, chunk),
    flush: (cb) => void exited.then(() => cb(), cb),
  });
  exited.catch((err: Error) => gate.destroy(err));
  const gzip = createGzip();
  gzip.on('error', (err) => gate.destroy(err));
  child.stdout.pipe(gzip).pipe(gate);
  return { stream: gate, what: `MariaDB/MySQL database ${database} with ${bin}` };
}

/** A consistent copy of the live SQLite file (VACUUM INTO: one read transaction; writers go on). */
function sqliteSnapshot(file: string, tmp: string): { stream: Readable; what: string } {
  if (!fs.existsSync(file)) throw new BackupError(`No embedded database at ${file} (is DATA_DIR right?)`);
  fs.rmSync(tmp, { force: true });
  const db = new Database(file, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    db.prepare('VACUUM INTO ?').run(tmp);
  } finally {
    db.close();
  }
  const gzip = createGzip();
  const source = fs.createReadStream(tmp);
  source.on('error', (err) => gzip.destroy(err));
  return { stream: source.pipe(gzip), what: `SQLite database ${file}` };
}

export async function runBackup(config: Config, opts: { keep: number; say: (line: string) => void; now?: Date; storage?: Storage }): Promise<BackupResult> {
  const storage = opts.storage ?? openStorage(config);
  const started = Date.now();
  const mysql = !!config.database.url;
  const key = `${BACKUP_PREFIX}${stamp(opts.now ?? new Date())}.${mysql ? 'sql' : 'sqlite'}.gz`;
  const tmp = path.join(config.dataDir, `.backup-${process.pid}.sqlite`);
  let bytes = 0;
  try {
    const dump = mysql ? mysqlDump(config.database.url!) : sqliteSnapshot(config.database.sqlitePath, tmp);
    opts.say(`Backing up the ${dump.what} to ${storage.kind === 's3' ? `s3://${config.s3!.bucket}/` : 'DATA_DIR/storage/'}${key}`);
    const counter = new Transform({
      transform(c: Buffer, _enc, cb) {
        bytes += c.length;
        cb(null, c);
      },
    });
    const counted = dump.stream.pipe(counter);
    let dumpError: Error | undefined;
    dump.stream.on('error', (err) => counted.destroy((dumpError ??= err)));
    const progress = setInterval(() => opts.say(`  ${(bytes / 1e6).toFixed(1)} MB gzipped so far`), 10_000);
    try {
      await storage.put(key, counted, 'application/gzip');
    } catch (err) {
      // An aborted multipart upload (S3) or a temp file (local) may be left; the object itself is not.
      await storage.discardPartial(key).catch(() => undefined);
      // The dump's own reason, not what the aborted upload said about it.
      throw dumpError ?? err;
    } finally {
      clearInterval(progress);
    }
  } catch (err) {
    throw new BackupError(`${err instanceof Error ? err.message : String(err)}\nNo backup was written and none was deleted.`);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  const ms = Date.now() - started;
  opts.say(`Uploaded ${key}: ${bytes.toLocaleString('en-US')} bytes in ${(ms / 1000).toFixed(1)} s.`);

  // Retention only after a complete upload: a failed run above threw before reaching this.
  const deleted: string[] = [];
  let all: BackupObject[];
  try {
    all = await listBackups(config);
    const excess = all.filter((b) => b.key !== key).slice(0, Math.max(0, all.length - opts.keep));
    for (const b of excess) {
      await storage.delete(b.key);
      deleted.push(b.key);
    }
  } catch (err) {
    throw new BackupError(`${key} was uploaded, but removing old backups failed${deleted.length ? ` after deleting ${deleted.join(', ')}` : ''}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const kept = all.length - deleted.length;
  opts.say(`Retention (BACKUP_KEEP=${opts.keep}): ${kept} kept, ${deleted.length ? `deleted ${deleted.join(', ')}` : 'none deleted'}.`);
  return { key, bytes, ms, deleted, kept };
}

/** `cli backup [--list]`: the exit code (0 done, 1 failed, 2 usage). */
export async function backupCommand(config: Config, args: string[], io: { out?: NodeJS.WritableStream; err?: NodeJS.WritableStream; env?: Record<string, string | undefined> } = {}): Promise<number> {
  const out = io.out ?? process.stdout;
  const err = io.err ?? process.stderr;
  const say = (line: string) => out.write(`${line}\n`);
  try {
    if (args[0] === '--list' && args.length === 1) {
      const all = await listBackups(config);
      for (const b of all) say(`${b.key}  ${b.size.toLocaleString('en-US')} bytes`);
      say(`${all.length} backup(s).`);
      return 0;
    }
    if (args.length) {
      err.write('usage: cli backup [--list]\n');
      return 2;
    }
    await runBackup(config, { keep: backupKeep(io.env ?? process.env), say });
    return 0;
  } catch (e) {
    err.write(`Backup failed: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}
