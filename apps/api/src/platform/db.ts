import fs from 'node:fs';
import path from 'node:path';
import { Kysely, MysqlDialect, SqliteDialect, type LogEvent } from 'kysely';
import { Database } from './sqlite-driver.js';
import { createPool } from 'mysql2';
import type { Config } from '../config.js';
import type { DB } from '../db/types.js';
import { routingDialect, type Target } from './db-routing.js';
import { timedPool } from './db-timeout.js';

export type Dialect = 'sqlite' | 'mysql';

export interface Database_ {
  /** Every query. With a replica configured, plain reads in a GET request go to it (db-routing.ts). */
  db: Kysely<DB>;
  /**
   * Always the primary: sign-in, sessions and permission checks, where a lagging replica would
   * let a revoked session or a removed role through. The same instance as `db` without a replica.
   */
  primary: Kysely<DB>;
  dialect: Dialect;
  /** True when DATABASE_READ_URL is set. */
  replicated: boolean;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export type DbLogger = (event: LogEvent) => void;

export interface DbHooks {
  /** Every query Kysely runs (duration, errors). */
  log?: DbLogger;
  /** With a replica: the pool each query ran on. */
  onRoute?: (target: Target) => void;
  /** MySQL: how long a query waited for a pooled connection, in seconds. */
  onPoolWait?: (seconds: number) => void;
}

function mysqlPool(url: string, poolSize: number) {
  const pool = createPool({
    uri: url,
    connectionLimit: poolSize,
    // Timestamps travel as 'YYYY-MM-DD HH:MM:SS.mmm' UTC strings on both dialects.
    dateStrings: true,
    timezone: 'Z',
    supportBigNumbers: true,
    connectTimeout: 5_000,
    charset: 'utf8mb4_unicode_ci',
  });
  pool.on('connection', (conn) => {
    conn.query("SET time_zone = '+00:00'");
  });
  return pool;
}

function pingPool(pool: ReturnType<typeof createPool>) {
  return new Promise<void>((resolve, reject) => {
    pool.query({ sql: 'SELECT 1', timeout: 2_000 }, (err) => (err ? reject(err) : resolve()));
  });
}

export function openDatabase(config: Config, { log, onRoute, onPoolWait }: DbHooks = {}): Database_ {
  if (config.database.url) {
    const pool = mysqlPool(config.database.url, config.database.poolSize);
    const timeout = config.database.queryTimeoutMs;
    const primary = new Kysely<DB>({ dialect: new MysqlDialect({ pool: timedPool(pool, timeout, true, onPoolWait) }), log });
    if (!config.database.readUrl) {
      return { db: primary, primary, dialect: 'mysql', replicated: false, ping: () => pingPool(pool), close: () => primary.destroy() };
    }
    // One primary pool serves both instances; only `primary.destroy()` ends it.
    const replica = mysqlPool(config.database.readUrl, config.database.poolSize);
    const db = new Kysely<DB>({
      dialect: routingDialect(new MysqlDialect({ pool: timedPool(pool, timeout, false, onPoolWait) }), new MysqlDialect({ pool: timedPool(replica, timeout, true, onPoolWait) }), onRoute),
      log,
    });
    return {
      db,
      primary,
      dialect: 'mysql',
      replicated: true,
      // Both must answer: with the replica down every GET would fail.
      ping: async () => {
        await Promise.all([pingPool(pool), pingPool(replica)]);
      },
      close: async () => {
        await db.destroy();
        await primary.destroy();
      },
    };
  }
  const file = config.database.sqlitePath;
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: sqlite }), log });
  return {
    db,
    primary: db,
    dialect: 'sqlite',
    replicated: false,
    ping: async () => {
      sqlite.prepare('SELECT 1').get();
    },
    close: () => db.destroy(),
  };
}
