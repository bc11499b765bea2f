import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, MysqlDialect, SqliteDialect, type LogEvent } from 'kysely';
import { createPool } from 'mysql2';
import type { Config } from '../config.js';
import type { DB } from '../db/types.js';

export type Dialect = 'sqlite' | 'mysql';

export interface Database_ {
  /** Writes and reads that must see them. */
  db: Kysely<DB>;
  dialect: Dialect;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export type DbLogger = (event: LogEvent) => void;

function mysqlPool(url: string, poolSize: number) {
  return createPool({
    uri: url,
    connectionLimit: poolSize,
    // Timestamps travel as 'YYYY-MM-DD HH:MM:SS.mmm' UTC strings on both dialects.
    dateStrings: true,
    timezone: 'Z',
    supportBigNumbers: true,
    connectTimeout: 5_000,
    charset: 'utf8mb4_unicode_ci',
  });
}

export function openDatabase(config: Config, log?: DbLogger): Database_ {
  if (config.database.url) {
    const pool = mysqlPool(config.database.url, config.database.poolSize);
    pool.on('connection', (conn) => {
      conn.query("SET time_zone = '+00:00'");
    });
    const db = new Kysely<DB>({ dialect: new MysqlDialect({ pool }), log });
    return {
      db,
      dialect: 'mysql',
      ping: () =>
        new Promise((resolve, reject) => {
          pool.query({ sql: 'SELECT 1', timeout: 2_000 }, (err) => (err ? reject(err) : resolve()));
        }),
      close: () => db.destroy(),
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
    dialect: 'sqlite',
    ping: async () => {
      sqlite.prepare('SELECT 1').get();
    },
    close: () => db.destroy(),
  };
}
