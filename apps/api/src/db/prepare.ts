import { migrateToLatest } from './migrate.js';
import { syncCatalogue } from './seed/catalogue.js';
import { DEMO_PASSWORD, seedDemo, type DemoAccount } from './seed/demo.js';
import { ensurePlatformOwner } from './seed/owner.js';
import { openDatabase } from '../platform/db.js';
import type { Platform } from '../platform/index.js';

export interface Prepared {
  migrations: string[];
  demoAccounts: DemoAccount[];
  demoPassword: string;
  ownerCreated?: string;
}

// First-start work: migrate, sync the permission catalogue, create the platform owner from env,
// and seed the demo on an empty database when the demo is on.
export async function prepareDatabase(platform: Platform, opts: { seed?: boolean } = {}): Promise<Prepared> {
  const { config, database } = platform;
  const migrations = config.migrateOnStart || opts.seed ? await migrateWithoutDeadline(platform) : [];
  await syncCatalogue(database.db);
  let ownerCreated: string | undefined;
  if (config.owner && (await ensurePlatformOwner(database.db, config.owner.email, config.owner.password))) {
    ownerCreated = config.owner.email;
  }
  let demoAccounts: DemoAccount[] = [];
  if (opts.seed ?? config.demo) {
    const empty = !(await database.db.selectFrom('universities').select('id').limit(1).executeTakeFirst());
    if (empty) demoAccounts = await seedDemo(database.db, platform.cipher);
  }
  return { migrations, demoAccounts, demoPassword: DEMO_PASSWORD, ownerCreated };
}

// A migration may build an index on a big table (minutes at millions of rows): it runs on its own
// connection without the per-query deadline the server's pool has, as `npm run migrate` does.
export async function migrateWithoutDeadline(platform: Platform): Promise<string[]> {
  const { config, database } = platform;
  if (database.dialect !== 'mysql' || !config.database.queryTimeoutMs) return migrateToLatest(database.db);
  const own = openDatabase({ ...config, database: { ...config.database, readUrl: undefined, poolSize: 1, queryTimeoutMs: 0 } });
  try {
    return await migrateToLatest(own.db);
  } finally {
    await own.close();
  }
}
