// `npm test`: the whole suite on the embedded default (SQLite, in-memory adapters), then again on
// MariaDB + Redis when TEST_DATABASE_URL / TEST_REDIS_URL are set (.ci/run sets them).
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2);
const legs = [{ name: 'embedded (SQLite + memory)', env: { TEST_DATABASE_URL: '', TEST_REDIS_URL: '' } }];
if (process.env.TEST_DATABASE_URL) legs.push({ name: 'MariaDB/MySQL + Redis', env: {} });

let failed = false;
for (const leg of legs) {
  console.log(`\n=== Test leg: ${leg.name} ===`);
  const env = { ...process.env, ...leg.env };
  for (const [k, v] of Object.entries(leg.env)) if (v === '') delete env[k];
  const r = spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', ...args], { stdio: 'inherit', env });
  if (r.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
