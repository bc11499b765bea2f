import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { createConnection } from 'mysql2/promise';
import { buildApp } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { syncCatalogue } from '../../src/db/seed/catalogue.js';
import type { DbLogger } from '../../src/platform/db.js';
import { startWorker } from '../../src/jobs/handlers.js';
import { openPlatform, type Platform } from '../../src/platform/index.js';

// One isolated backend per test file, so files run in parallel:
// - embedded (default): a SQLite file in a fresh temp dir, in-memory cache;
// - MariaDB + Redis when TEST_DATABASE_URL / TEST_REDIS_URL are set: a fresh database per file
//   and a unique Redis key prefix, dropped afterwards.

export const backend = process.env.TEST_DATABASE_URL ? 'mysql' : 'sqlite';
const TEST_KEY = `test:${Buffer.alloc(32, 7).toString('base64')}`;

export interface TestContext {
  app: FastifyInstance;
  platform: Platform;
  config: Config;
  close(): Promise<void>;
}

/** Which servers a test backend lives on; the drills point these at throwaway servers. */
export interface TestServers {
  databaseUrl?: string;
  redisUrl?: string;
}

/** Creates an empty database (no migrations) and returns config pointing at it plus a dropper. */
export async function createTestDatabase(extraEnv: Record<string, string> = {}, servers: TestServers = {}) {
  const databaseUrl = servers.databaseUrl ?? process.env.TEST_DATABASE_URL;
  const redisUrl = servers.redisUrl ?? process.env.TEST_REDIS_URL;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bf-test-'));
  const env: Record<string, string> = {
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    NODE_ENV: 'test',
    BITFLOW_DEMO: 'false',
    // Off unless a test turns it on, so both backends behave alike (production mode defaults it on).
    MFA_REQUIRED_FOR_OWNERS: 'false',
    // One RSA-4096 key shared by all test files: generating one costs seconds.
    JWT_KEYS_DIR: path.join(os.tmpdir(), 'bf-test-jwt-keys'),
    ...extraEnv,
  };
  let drop = async () => {};
  if (databaseUrl) {
    const name = `bf_t_${process.pid}_${randomBytes(4).toString('hex')}`;
    const admin = await createConnection(databaseUrl);
    await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    await admin.end();
    const url = new URL(databaseUrl);
    url.pathname = `/${name}`;
    env.DATABASE_URL = url.toString();
    env.ENCRYPTION_KEYS = TEST_KEY;
    if (redisUrl) {
      env.REDIS_URL = redisUrl;
      env.REDIS_PREFIX = `${name}:`;
    }
    drop = async () => {
      const c = await createConnection(databaseUrl!);
      await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await c.end();
    };
  }
  const config = loadConfig(env);
  return {
    config,
    async drop() {
      await drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function createTestContext(
  extraEnv: Record<string, string> = {},
  beforeReady?: (app: FastifyInstance) => void,
  dbLog?: DbLogger,
  servers?: TestServers,
): Promise<TestContext> {
  const { config, drop } = await createTestDatabase(extraEnv, servers);
  const platform = await openPlatform(config, { dbLog });
  await migrateToLatest(platform.database.db);
  await syncCatalogue(platform.database.db);
  const app = await buildApp(config, { platform, logger: false });
  beforeReady?.(app);
  await app.ready();
  // Jobs run in the test process on both backends (in-memory queue, or a BullMQ worker on Redis).
  await startWorker(platform, { scheduler: false });
  return {
    app,
    platform,
    config,
    async close() {
      await app.close();
      await platform.close();
      await drop();
    },
  };
}

/** A second API node on `ctx`'s database and Redis, with its own platform (pools, pub/sub, process memos). */
export async function secondNode(ctx: TestContext): Promise<{ app: FastifyInstance; close(): Promise<void> }> {
  const platform = await openPlatform(ctx.config);
  const app = await buildApp(ctx.config, { platform, logger: false });
  return {
    app,
    async close() {
      await app.close();
      await platform.close();
    },
  };
}
