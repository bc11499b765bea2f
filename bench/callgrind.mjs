// Instructions per request, a figure the shared cores cannot move (issue #22): the server runs under
// valgrind's callgrind, which counts the instructions the process executes. Two runs of the same
// server: each starts, signs in, takes a warm-up, then N requests (first run) or 3N (second run), one
// at a time, and exits; (I(3N) − I(N)) / 2N is the marginal cost of one request — start-up, sign-in,
// JIT warm-up and shutdown are the same in both runs and cancel out. (callgrind_control's dump on
// demand needs vgdb's shared memory, which this sandbox does not give a spawned valgrind, so the
// counts are taken at exit.) What it does not see: the database's and Redis's own work (other
// processes), and time spent waiting. One request at a time: the path of one request, not contention.
//
//   node bench/callgrind.mjs --endpoint=list_page1 [--n=200] [--warmup=300] [--server=apps/api/dist/server.js]
//   endpoints: list_page1, list_page1_big, get_by_id, search, hello (the bench's hello-world server)
//
// It needs the bench data set (node bench/generate.mjs) and a built API (npm run build -w apps/api).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { ROOT, env, serverEnv } from './lib/env.mjs';
import { login } from './lib/workload.mjs';

const arg = (name, def) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=').slice(1).join('=') ?? def;
const endpoint = arg('endpoint', 'list_page1');
const n = Number(arg('n', 200));
const warmup = Number(arg('warmup', 300));
const server = path.resolve(ROOT, arg('server', 'apps/api/dist/server.js'));
const log = (...a) => console.error(`[callgrind ${new Date().toISOString().slice(11, 19)}]`, ...a);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bf-callgrind-'));
const port = endpoint === 'hello' ? env.helloPort : env.port;
const base = `http://127.0.0.1:${port}`;
const script = endpoint === 'hello' ? path.join(ROOT, 'bench/lib/hello-server.mjs') : server;
async function waitUp(child, stderr) {
  const until = Date.now() + 300_000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`server exited: ${stderr()}`);
    try {
      if ((await fetch(`${base}/up`)).status < 500) return;
    } catch {
      /* starting */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('server did not come up under valgrind');
}

/** The requests of an endpoint: a small fixed set, cycled, so every run sends the same ones. */
async function requestsFor(name) {
  if (name === 'hello') return [{ path: '/hello/2000', headers: {} }];
  const db = await mysql.createConnection({ uri: env.dbUrl, dateStrings: true });
  try {
    const [[big]] = await db.query('SELECT u.id FROM universities u JOIN students s ON s.university_id = u.id GROUP BY u.id ORDER BY COUNT(*) DESC LIMIT 1');
    const tenantSql = name === 'list_page1_big' ? 'AND u.university_id = ?' : 'AND u.university_id <> ?';
    const [[user]] = await db.query(
      `SELECT u.email, u.university_id FROM users u JOIN user_roles ur ON ur.user_id = u.id JOIN roles r ON r.id = ur.role_id
       WHERE r.name = 'university_owner' AND u.status = 'active' ${tenantSql} ORDER BY u.email LIMIT 1`,
      [big.id],
    );
    const token = await login(user.email);
    const headers = { authorization: `Bearer ${token}` };
    if (name === 'list_page1' || name === 'list_page1_big') return [{ path: '/api/v1/students?page=1&per_page=15', headers }];
    if (name === 'search') return ['Smi', 'Joh', 'Wil', 'Bro', 'Gar', 'Mar', 'Tho', 'Lee'].map((q) => ({ path: `/api/v1/search?q=${q}`, headers }));
    if (name === 'get_by_id') {
      const [rows] = await db.query('SELECT id FROM students WHERE university_id = ? AND deleted_at IS NULL ORDER BY id LIMIT 20', [user.university_id]);
      return rows.map((r) => ({ path: `/api/v1/students/${r.id}`, headers }));
    }
    throw new Error(`unknown endpoint ${name}`);
  } finally {
    await db.end();
  }
}

async function send(reqs, count) {
  for (let i = 0; i < count; i++) {
    const r = reqs[i % reqs.length];
    const res = await fetch(base + r.path, { headers: r.headers });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${r.path}: ${res.status}`);
  }
}

/** One run under callgrind: start, warm up, `count` requests, stop; the instructions it executed. */
async function runOnce(count) {
  const out = path.join(dir, `cg.${count}.out`);
  const child = spawn('valgrind', ['--tool=callgrind', `--callgrind-out-file=${out}`, process.execPath, script], {
    cwd: ROOT,
    env: { ...process.env, ...serverEnv(), BENCH_HELLO_PORT: String(env.helloPort) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
  try {
    await waitUp(child, () => stderr);
    const reqs = await requestsFor(endpoint);
    await send(reqs, warmup);
    await send(reqs, count);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
  }
  const m = /^(?:summary|totals):\s+(\d+)/m.exec(fs.readFileSync(out, 'utf8'));
  return Number(m[1]);
}

try {
  log(`${path.relative(ROOT, script)} under callgrind: ${warmup} warm-up + ${n} requests, then ${warmup} + ${3 * n}`);
  const first = await runOnce(n);
  const second = await runOnce(3 * n);
  const result = { endpoint, server: path.relative(ROOT, script), n, instructions_n: first, instructions_3n: second, instructions_per_request: Math.round((second - first) / (2 * n)) };
  console.log(JSON.stringify(result));
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
