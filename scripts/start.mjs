// `npm start` on a fresh clone: install if node_modules is missing or stale, build if sources are
// newer than the bundle, then run the server (which migrates and seeds on first start).
import { spawnSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
const mtime = (p) => (fs.existsSync(p) ? fs.statSync(p).mtimeMs : 0);
const newest = (dir) => {
  let max = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    max = Math.max(max, e.isDirectory() ? newest(p) : mtime(p));
  }
  return max;
};

if (mtime(path.join(root, 'node_modules/.package-lock.json')) < mtime(path.join(root, 'package-lock.json'))) {
  console.log('Installing dependencies (first run compiles better-sqlite3; this takes a few minutes)…');
  run('npm', ['ci', '--no-audit', '--no-fund']);
}
const bundle = path.join(root, 'apps/api/dist/server.js');
const webBuild = path.join(root, 'apps/web/.next/BUILD_ID');
const sources = Math.max(newest(path.join(root, 'apps/api/src')), newest(path.join(root, 'packages/contracts/src')), newest(path.join(root, 'apps/web/app')), newest(path.join(root, 'apps/web/components')), newest(path.join(root, 'apps/web/lib')));
if (mtime(bundle) < sources || mtime(webBuild) < sources) {
  console.log('Building the API and the portal…');
  run('npm', ['run', 'build', '--silent']);
}
const child = spawn(process.execPath, ['--enable-source-maps', bundle], { cwd: root, stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
