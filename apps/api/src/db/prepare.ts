import { migrateToLatest } from './migrate.js';
import { syncCatalogue } from './seed/catalogue.js';
import { DEMO_PASSWORD, seedDemo, type DemoAccount } from './seed/demo.js';
import { ensurePlatformOwner } from './seed/owner.js';
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
  const migrations = config.migrateOnStart || opts.seed ? await migrateToLatest(database.db) : [];
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
