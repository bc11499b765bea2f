import fs from 'node:fs';
import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { migrateToLatest } from './db/migrate.js';
import { prepareDatabase } from './db/prepare.js';
import { syncCatalogue } from './db/seed/catalogue.js';
import { ensurePlatformOwner } from './db/seed/owner.js';
import { backupCommand } from './platform/backup/backup.js';
import { rotateKeysCommand } from './platform/crypto/rotate-keys-command.js';
import { openPlatform } from './platform/index.js';

// Operator commands: `migrate`, `seed` (demo data on an empty database),
// `create-owner <email>` (password from BITFLOW_OWNER_PASSWORD, never a default), and
// `openapi [file]` (the API's OpenAPI document, as /docs/json serves it, to a file or stdout), and
// `rotate-keys [--new-key]` (re-encrypt every encrypted field under the active key; --new-key first
// adds a key to DATA_DIR/keys/encryption.json — docs/operations.md, "Rotating encryption keys"), and
// `backup [--list]` (dump the database to the object store, keep BACKUP_KEEP — docs/backup.md).
const USAGE = 'usage: cli migrate | seed | create-owner <email> | openapi [file] | rotate-keys [--new-key] | backup [--list]';

async function main() {
  const [command, arg] = process.argv.slice(2);
  const config = loadConfig();
  // Needs only the database and the object store (no Redis, no keys): before openPlatform.
  if (command === 'backup') {
    process.exitCode = await backupCommand(config, process.argv.slice(3));
    return;
  }
  // Operator commands may run long statements (a migration's ALTER TABLE on a big table): no
  // per-query deadline here, unlike in the server and the workers.
  if (command === 'migrate' || command === 'seed' || command === 'rotate-keys') config.database.queryTimeoutMs = 0;
  const platform = await openPlatform(config);
  try {
    if (command === 'migrate') {
      const ran = await migrateToLatest(platform.database.db);
      await syncCatalogue(platform.database.db);
      process.stdout.write(ran.length ? `Applied: ${ran.join(', ')}\n` : 'Database is up to date.\n');
    } else if (command === 'seed') {
      const result = await prepareDatabase(platform, { seed: true });
      process.stdout.write(
        result.demoAccounts.length
          ? `Demo seeded. Password for all: ${result.demoPassword}\n${result.demoAccounts.map((a) => `  ${a.role.padEnd(18)} ${a.email}`).join('\n')}\n`
          : 'The database already has universities; the demo was not seeded.\n',
      );
    } else if (command === 'create-owner' && arg) {
      const password = process.env.BITFLOW_OWNER_PASSWORD;
      if (!password || password.length < 12) throw new ConfigError('Set BITFLOW_OWNER_PASSWORD (at least 12 characters).');
      await migrateToLatest(platform.database.db);
      await syncCatalogue(platform.database.db);
      const created = await ensurePlatformOwner(platform.database.db, arg, password);
      process.stdout.write(created ? `Platform owner ${arg} created.\n` : `A user with e-mail ${arg} already exists.\n`);
    } else if (command === 'openapi') {
      const app = await buildApp(config, { platform });
      await app.ready();
      const doc = `${JSON.stringify(app.swagger(), null, 2)}\n`;
      await app.close();
      if (arg) fs.writeFileSync(arg, doc);
      else process.stdout.write(doc);
    } else if (command === 'rotate-keys' && (arg === undefined || arg === '--new-key')) {
      process.exitCode = await rotateKeysCommand(platform, { newKey: arg === '--new-key' });
    } else {
      process.stderr.write(`${USAGE}\n`);
      process.exitCode = 2;
    }
  } finally {
    await platform.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
