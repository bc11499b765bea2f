// `npm test`: builds what is stale (the end-to-end tests drive the built portal), then runs the whole
// suite on the embedded default (SQLite, in-memory adapters), and again on MariaDB + Redis when
// TEST_DATABASE_URL / TEST_REDIS_URL are set (.ci/run sets them).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const mtime = (p) => (fs.existsSync(p) ? fs.statSync(p).mtimeMs : 0);
const newest = (dir) => {
  let max = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name === '.next' || e.name === 'dist' || e.name === 'test') continue;
    const p = path.join(dir, e.name);
    max = Math.max(max, e.isDirectory() ? newest(p) : mtime(p));
  }
  return max;
};
const sources = Math.max(newest(path.join(root, 'apps/api/src')), newest(path.join(root, 'apps/web')), newest(path.join(root, 'packages/contracts/src')));
if (mtime(path.join(root, 'apps/api/dist/server.js')) < sources || mtime(path.join(root, 'apps/web/.next/BUILD_ID')) < sources) {
  console.log('Building (the end-to-end tests drive the built portal)…');
  const b = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
  if (b.status !== 0) process.exit(b.status ?? 1);
}

const args = process.argv.slice(2);
const legs = [{ name: 'embedded (SQLite + memory)', env: { TEST_DATABASE_URL: '', TEST_REDIS_URL: '' } }];
if (process.env.TEST_DATABASE_URL) legs.push({ name: 'MariaDB/MySQL + Redis', env: {} });

let failed = false;
for (const leg of legs) {
  console.log(`\n=== Test leg: ${leg.name} ===`);
  const env = { ...process.env, ...leg.env };
  for (const [k, v] of Object.entries(leg.env)) if (v === '') delete env[k];
  const r = spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', ...args], { stdio: 'inherit', env, cwd: root });
  if (r.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
