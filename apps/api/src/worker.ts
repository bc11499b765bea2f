import { ConfigError, loadConfig } from './config.js';
import { startWorker } from './jobs/handlers.js';
import { openPlatform } from './platform/index.js';

// `npm run worker`: consumes background jobs (BullMQ on Redis). Run as many as load needs.
// SIGTERM/SIGINT stop taking new jobs and let the ones in flight finish.
async function main() {
  const config = loadConfig();
  if (!config.redisUrl) throw new ConfigError('The worker needs REDIS_URL; the embedded default runs jobs inside `npm start`.');
  const platform = await openPlatform(config);
  await startWorker(platform);
  process.stdout.write(`Worker started (concurrency ${config.workerConcurrency}).\n`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    const force = setTimeout(() => process.exit(1), 60_000);
    force.unref();
    platform.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
