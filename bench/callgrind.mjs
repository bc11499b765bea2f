// Instructions per request, a figure the shared cores cannot move (issue #22): the server runs under
// valgrind's callgrind, which counts the instructions the process executes. Two runs of the same
// server: each starts, signs in, takes a warm-up, then N requests (first run) or 3N (second run), one
// at a time, and exits; (I(3N) − I(N)) / 2N is the marginal cost of one request — start-up, sign-in,
// JIT warm-up and shutdown are the same in both runs and cancel out. (callgrind_control's dump on
// demand needs vgdb's shared memory, which this sandbox does not give a spawned valgrind, so the
// counts are taken at exit.) What it does not see: the database's and Redis's own work (other
// processes), and time spent waiting. One request at a time: the path of one request, not contention.
//
//   node bench/floor.mjs      # once: captures the requests (and checks the floor's bodies)
//   node bench/callgrind.mjs --endpoint=list_page1 [--target=api,floor] [--n=200] [--warmup=300] [--server=apps/api/dist/server.js] [--encoding=br|gzip|identity] [--rate=9]
//   endpoints: list_page1, list_page1_big, get_by_id, search, create_student, update_student, hello (the bench's hello-world server)
// The writes (issue #22): each create_student request makes a new student (its admission number is
// this run's tag and a counter, so no two requests or runs collide); each update_student request
// changes first_name and program of one of the students bench/floor.mjs created, to values no
// earlier request wrote. Every request adds a row to the tenant's audit chain.
// With both targets it prints api ÷ floor. --encoding sets the requests' Accept-Encoding: br → 'br, gzip' (a
// browser's choice), gzip → 'gzip', identity → 'identity' (no compression). Without it Node's fetch sends its
// own 'gzip, deflate', so a server that compresses (src/http/compression.ts) pays for gzip in that figure.
//
// It needs the bench data set (node bench/generate.mjs) and a built API (npm run build -w apps/api).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, env, serverEnv } from './lib/env.mjs';
import { FLOOR_PORT, FLOOR_SCRIPT } from './floor.mjs';
import { createBody, updateBody } from './lib/floor-capture.mjs';

const arg = (name, def) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=').slice(1).join('=') ?? def;
const endpoint = arg('endpoint', 'list_page1');
const targets = arg('target', 'api,floor').split(',');
const n = Number(arg('n', 200));
// The bench user is a university owner (600 requests/min): under a fast run the limiter would answer
// 429. Paced to stay under it; the idle time between requests costs (next to) no instructions.
const rate = Number(arg('rate', 9));
const warmup = Number(arg('warmup', 300));
const server = path.resolve(ROOT, arg('server', 'apps/api/dist/server.js'));
const ENCODINGS = { br: 'br, gzip', gzip: 'gzip', identity: 'identity' };
const encoding = arg('encoding', undefined);
if (encoding !== undefined && !(encoding in ENCODINGS)) throw new Error(`--encoding must be one of ${Object.keys(ENCODINGS).join(', ')}`);
const acceptEncoding = encoding === undefined ? {} : { 'accept-encoding': ENCODINGS[encoding] };
const log = (...a) => console.error(`[callgrind ${new Date().toISOString().slice(11, 19)}]`, ...a);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bf-callgrind-'));
const TARGETS = {
  api: { script: server, port: env.port, extra: {} },
  floor: { script: path.join(ROOT, 'bench/floor-server.mjs'), port: FLOOR_PORT, extra: { FLOOR_SCRIPT, BENCH_FLOOR_PORT: String(FLOOR_PORT) } },
  hello: { script: path.join(ROOT, 'bench/lib/hello-server.mjs'), port: env.helloPort, extra: { BENCH_HELLO_PORT: String(env.helloPort) } },
};
async function waitUp(base, child, stderr) {
  // Start-up under valgrind runs ~50× slower: minutes on a busy machine (BENCH_CALLGRIND_START_S).
  const until = Date.now() + Number(process.env.BENCH_CALLGRIND_START_S ?? 900) * 1000;
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

// Every write of this process gets values of its own: the run's tag and a counter.
const tag = `cg${Date.now().toString(36)}`;
let written = 0;

/** The i-th request of an endpoint, from the floor script (bench/floor.mjs): the same for API and floor. */
function requestsFor(name) {
  if (name === 'hello') return () => ({ path: '/hello/2000', headers: { ...acceptEncoding }, status: 200 });
  if (!fs.existsSync(FLOOR_SCRIPT)) throw new Error('run node bench/floor.mjs first (it captures the requests)');
  const script = JSON.parse(fs.readFileSync(FLOOR_SCRIPT, 'utf8'));
  const e = script.endpoints[name];
  if (e) {
    const headers = { authorization: `Bearer ${e.token}`, ...acceptEncoding };
    return (i) => ({ path: e.paths[i % e.paths.length], headers, status: 200 });
  }
  const w = script.writes;
  if (!['create_student', 'update_student'].includes(name)) throw new Error(`unknown endpoint ${name}`);
  if (!w) throw new Error('the floor script has no writes: run node bench/floor.mjs again');
  const headers = { authorization: `Bearer ${w.token}`, 'content-type': 'application/json', ...acceptEncoding };
  if (name === 'create_student') return () => ({ method: 'POST', path: '/api/v1/students', headers, body: JSON.stringify(createBody(w.department_id, `${tag}-${written++}`)), status: 201 });
  return () => {
    const k = written++;
    return { method: 'PUT', path: `/api/v1/students/${w.ids[k % w.ids.length]}`, headers, body: JSON.stringify(updateBody(tag, k)), status: 200 };
  };
}

/** The Content-Encoding of the last answer (fetch decompresses it): shows what the figure paid for. */
let answeredEncoding = 'identity';
async function send(base, request, count) {
  const gap = 1000 / rate;
  let next = performance.now();
  for (let i = 0; i < count; i++) {
    const wait = next - performance.now();
    if (wait > 0) await new Promise((res) => setTimeout(res, wait));
    next = Math.max(next + gap, performance.now());
    const r = request(i);
    const res = await fetch(base + r.path, { method: r.method, headers: r.headers, body: r.body });
    const body = await res.text();
    answeredEncoding = res.headers.get('content-encoding') ?? 'identity';
    if (res.status !== r.status) throw new Error(`${r.method ?? 'GET'} ${r.path}: ${res.status} ${body.slice(0, 200)}`);
  }
}

/** One run under callgrind: start, warm up, `count` requests, stop; the instructions it executed. */
async function runOnce(target, count) {
  const t = TARGETS[target];
  const base = `http://127.0.0.1:${t.port}`;
  const out = path.join(dir, `cg.${target}.${count}.out`);
  const child = spawn('valgrind', ['--tool=callgrind', `--callgrind-out-file=${out}`, process.execPath, t.script], {
    cwd: ROOT,
    env: { ...process.env, ...serverEnv(), ...t.extra },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
  try {
    await waitUp(base, child, () => stderr);
    const request = requestsFor(endpoint);
    await send(base, request, warmup);
    await send(base, request, count);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
  }
  const m = /^(?:summary|totals):\s+(\d+)/m.exec(fs.readFileSync(out, 'utf8'));
  return Number(m[1]);
}

try {
  const result = { endpoint, n, warmup, accept_encoding: acceptEncoding['accept-encoding'] ?? 'gzip, deflate (fetch default)' };
  for (const target of endpoint === 'hello' ? ['hello'] : targets) {
    log(`${target}: ${path.relative(ROOT, TARGETS[target].script)} under callgrind, ${warmup} warm-up + ${n} requests, then + ${3 * n}`);
    const first = await runOnce(target, n);
    const second = await runOnce(target, 3 * n);
    result[target] = { instructions_n: first, instructions_3n: second, per_request: Math.round((second - first) / (2 * n)), content_encoding: answeredEncoding };
  }
  if (result.api && result.floor) result.api_over_floor = Number((result.api.per_request / result.floor.per_request).toFixed(3));
  console.log(JSON.stringify(result));
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
