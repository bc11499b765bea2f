// Instructions per request, a figure the shared cores cannot move (issue #22): the server runs under
// valgrind's callgrind, which counts the instructions the process executes. One process per target: it
// starts, signs in and takes a warm-up (1,000 requests), then W windows of N requests one at a time and
// an idle window; the bench cuts the count into one part per window (lib/callgrind-mark.mjs: SIGUSR2 →
// callgrind --dump-before), so a window's instructions ÷ N is one request's cost with start-up and
// warm-up left out. The report is the mean over the windows, every window (their spread shows the
// garbage collections, which land in one window or another), and the idle window's instructions per
// second: what the process does with no request — collecting the windows' garbage, and in the API the
// event-loop-delay monitor's 10 ms samples, which a window holds too. Until 2026-12-07 the figure was
// (I(3N) − I(N)) / 2N from two processes; with other jobs on the machine their start-ups differed by up
// to 1 G instructions (one build's get by id: 4.66 M, then 2.35 M), which the difference put on
// the requests. (callgrind_control's dump on demand needs vgdb's shared memory, which this sandbox does
// not give a spawned valgrind.) What it does not see: the database's and Redis's own work (other
// processes), and time spent waiting. One request at a time: the path of one request, not contention.
//
//   node bench/floor.mjs      # once: captures the requests (and checks the floor's bodies)
//   node bench/callgrind.mjs --endpoint=list_page1 [--target=api,floor] [--n=200] [--windows=3] [--warmup=1000] [--idle=5] [--server=apps/api/dist/server.js] [--encoding=br|gzip|identity] [--rate=9] [--keep=DIR]
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
const warmup = Number(arg('warmup', 1000));
const windows = Number(arg('windows', 3));
const idle = Number(arg('idle', 5));
const server = path.resolve(ROOT, arg('server', 'apps/api/dist/server.js'));
const ENCODINGS = { br: 'br, gzip', gzip: 'gzip', identity: 'identity' };
const encoding = arg('encoding', undefined);
if (encoding !== undefined && !(encoding in ENCODINGS)) throw new Error(`--encoding must be one of ${Object.keys(ENCODINGS).join(', ')}`);
const acceptEncoding = encoding === undefined ? {} : { 'accept-encoding': ENCODINGS[encoding] };
// --keep=DIR keeps callgrind's part files (callgrind_annotate DIR/cg.api.out.2: where a window's instructions went).
const keep = arg('keep', undefined);
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

const MARK = path.join(ROOT, 'bench/lib/callgrind-mark.mjs');
// A part file is written over a moment; its totals line comes last.
const totalIn = (file) => (fs.existsSync(file) ? /^totals:\s+(\d+)/m.exec(fs.readFileSync(file, 'utf8'))?.[1] : undefined);

/** Ends callgrind's current part (lib/callgrind-mark.mjs) and waits for its file: its instruction count. */
async function cut(child, out, k) {
  child.kill('SIGUSR2');
  const until = Date.now() + 300_000;
  while (totalIn(`${out}.${k}`) === undefined) {
    if (Date.now() > until || child.exitCode !== null) throw new Error(`callgrind wrote no part ${k}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return Number(totalIn(`${out}.${k}`));
}

/**
 * One process under callgrind: start and warm up (part 1), then `windows` windows of `n` requests
 * and an idle window of `idle` seconds, each counted in a part of its own.
 */
async function run(target) {
  const t = TARGETS[target];
  const base = `http://127.0.0.1:${t.port}`;
  const out = path.join(dir, `cg.${target}.out`);
  const child = spawn('valgrind', ['--tool=callgrind', '--dump-before=uv_os_getpriority', `--callgrind-out-file=${out}`, process.execPath, `--import=${MARK}`, t.script], {
    cwd: ROOT,
    env: { ...process.env, ...serverEnv(), ...t.extra },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
  const parts = [];
  let idleCount;
  try {
    await waitUp(base, child, () => stderr);
    const request = requestsFor(endpoint);
    await send(base, request, warmup);
    await cut(child, out, 1);
    for (let w = 0; w < windows; w++) {
      await send(base, request, n);
      parts.push(await cut(child, out, w + 2));
    }
    await new Promise((r) => setTimeout(r, idle * 1000));
    idleCount = await cut(child, out, windows + 2);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
  }
  // The mean over the windows: a garbage collection falls into one window and is made of every
  // window's garbage, so single windows move by a few hundred thousand instructions, their mean less.
  const sum = parts.reduce((x, y) => x + y, 0);
  return { per_request: Math.round(sum / (windows * n)), windows: parts.map((p) => Math.round(p / n)), idle_per_second: Math.round(idleCount / idle), content_encoding: answeredEncoding };
}

try {
  const result = { endpoint, n, windows, warmup, accept_encoding: acceptEncoding['accept-encoding'] ?? 'gzip, deflate (fetch default)' };
  for (const target of endpoint === 'hello' ? ['hello'] : targets) {
    log(`${target}: ${path.relative(ROOT, TARGETS[target].script)} under callgrind, ${warmup} warm-up, then ${windows} × ${n} requests and ${idle} s idle`);
    result[target] = await run(target);
  }
  if (result.api && result.floor) result.api_over_floor = Number((result.api.per_request / result.floor.per_request).toFixed(3));
  console.log(JSON.stringify(result));
} finally {
  if (keep) fs.cpSync(dir, path.resolve(keep), { recursive: true });
  fs.rmSync(dir, { recursive: true, force: true });
}
