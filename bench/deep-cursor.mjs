// Page depth (issue #22: no endpoint's cost may grow with page depth by more than 10 %): writes a floor
// script for callgrind.mjs whose endpoint `list_cursor_deep` is the big tenant's list page DEPTH + 1,
// reached by following next_cursor from page 1 through a running API (not under valgrind), and
// `list_number_deep` the same page by number. Only the API answers these (the floor replays page 1).
//
//   node bench/floor.mjs                                     # first: tokens (they last 1 h)
//   node bench/deep-cursor.mjs [--depth=200] [--server=apps/api/dist/server.js] --out=bench/.data/deep
//   BENCH_DATA_DIR=bench/.data/deep node bench/callgrind.mjs --endpoint=list_cursor_deep --target=api
//   BENCH_DATA_DIR=bench/.data/deep node bench/callgrind.mjs --endpoint=list_page1_big --target=api   # page 1, same data dir
//
// --out becomes a data dir of its own (the keys are copied into it), so its floor-script.json does not
// replace the main one. Requests are paced under the bench owner's 600/min limit.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { DATA_DIR, ROOT, env, serverEnv } from './lib/env.mjs';
import { FLOOR_SCRIPT } from './floor.mjs';

const arg = (name, def) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=').slice(1).join('=') ?? def;
const depth = Number(arg('depth', 200));
const server = path.resolve(ROOT, arg('server', 'apps/api/dist/server.js'));
const out = path.resolve(ROOT, arg('out', path.join(DATA_DIR, 'deep')));
if (!fs.existsSync(FLOOR_SCRIPT)) throw new Error('run node bench/floor.mjs first (its tokens are used)');
const script = JSON.parse(fs.readFileSync(FLOOR_SCRIPT, 'utf8'));
const big = script.endpoints.list_page1_big;

const child = spawn(process.execPath, [server], { env: { ...process.env, ...serverEnv() }, stdio: 'ignore' });
const base = `http://127.0.0.1:${env.port}`;
try {
  for (let i = 0; ; i++) {
    if (child.exitCode !== null || i > 300) throw new Error('the API did not start');
    try {
      if ((await fetch(`${base}/up`)).ok) break;
    } catch {
      /* starting */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const get = async (p) => {
    const r = await fetch(base + p, { headers: { authorization: `Bearer ${big.token}` } });
    if (r.status !== 200) throw new Error(`${p}: ${r.status}`);
    await new Promise((res) => setTimeout(res, 110));
    return (await r.json()).data;
  };
  let page = await get(big.paths[0]);
  for (let i = 1; i < depth; i++) page = await get(`/api/v1/students?per_page=15&cursor=${page.pagination.next_cursor}`);
  const deep = `/api/v1/students?per_page=15&cursor=${page.pagination.next_cursor}`;
  const { pagination } = await get(deep);
  fs.mkdirSync(path.join(out, 'server'), { recursive: true });
  for (const f of ['keys', 'encryption-keys', 'metrics-token']) fs.cpSync(path.join(DATA_DIR, f), path.join(out, f), { recursive: true });
  const endpoints = { list_page1_big: big, list_cursor_deep: { token: big.token, paths: [deep] }, list_number_deep: { token: big.token, paths: [`/api/v1/students?page=${pagination.current_page}&per_page=15`] } };
  fs.writeFileSync(path.join(out, 'floor-script.json'), JSON.stringify({ ...script, endpoints }));
  console.log(`page ${pagination.current_page} of ${pagination.last_page} (${pagination.total} students): ${path.relative(ROOT, out)}/floor-script.json`);
} finally {
  child.kill('SIGTERM');
}
