import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from './app.js';
import { mountNext } from './web/mount-next.js';
import { ConfigError, loadConfig } from './config.js';
import { prepareDatabase } from './db/prepare.js';
import { startWorker } from './jobs/handlers.js';
import { openPlatform } from './platform/index.js';
import { shutdownGracefully } from './shutdown.js';

// Entry point: config → adapters → migrations/seed → listen. SIGTERM/SIGINT drain and close
// (shutdown.ts).
async function main() {
  const config = loadConfig();
  const platform = await openPlatform(config);
  const prepared = await prepareDatabase(platform);
  const app = await buildApp(config, { platform });
  if (config.workerInProcess) await startWorker(platform);
  const webDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web');
  const portal = await mountNext(app, webDir);
  app.addHook('onClose', async () => platform.close());

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    void shutdownGracefully(app, signal);
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));

  await app.listen({ port: config.port, host: config.host });
  const url = `http://localhost:${config.port}`;
  const lines = [
    '',
    `  Bitflow Owner Portal API is running at ${url}`,
    `  Mode: ${config.mode} (${platform.database.dialect}, cache: ${platform.cache.kind})`,
    `  Health: ${url}/up   API docs: ${url}/docs`,
    portal ? `  Portal: ${url}/login` : '  Portal: not built (npm run build builds it)',
  ];
  if (prepared.demoAccounts.length) {
    lines.push('', '  Demo sign-in (password for all: ' + prepared.demoPassword + '):');
    for (const a of prepared.demoAccounts) lines.push(`    ${a.role.padEnd(18)} ${a.email}`);
  }
  if (prepared.ownerCreated) lines.push('', `  Platform owner created: ${prepared.ownerCreated}`);
  process.stdout.write(lines.join('\n') + '\n\n');
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
  } else {
    process.stderr.write(`Failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  }
  process.exit(1);
});
