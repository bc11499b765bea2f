// Instructions per request, a figure the shared cores cannot move (issue #22): the server runs under
// valgrind's callgrind, which counts the instructions the process executes. One process per target: it
// starts, signs in and takes a warm-up (10,000 reads or 2,000 writes), then W windows of N requests one
// at a time and an idle window; the bench cuts the count into one part per window
// (lib/callgrind-mark.mjs: SIGUSR2 → callgrind --dump-before), so a window's instructions ÷ N is one
// request's cost with start-up and warm-up left out. Each window is split by thread: the main thread
// (the event loop) costs the same in every window within ±3 %; the other threads (V8's optimizing
// compiler, concurrent marking and sweeping) come in bursts — after 1,000 requests the API's optimizing
// compiler still spent more than its event loop, which is why the warm-up is long and the windows many.
// The report is the mean over the windows (whole process, and main thread), every window, and the idle
// window's instructions per second: what the process does with no request — collecting the windows'
// garbage, and in the API the event-loop-delay monitor's 10 ms samples, which a window holds too.
// (callgrind_control's dump on demand needs vgdb's shared memory, which this sandbox does not give a
// spawned valgrind.) What it does not see: the database's and Redis's own work (other processes), and
// time spent waiting. One request at a time: the path of one request, not contention.
//
//   node bench/floor.mjs      # once: captures the requests (and checks the floor's bodies)
//   node bench/callgrind.mjs --endpoint=list_page1 [--target=api,floor] [--n=500|300] [--windows=4|3] [--warmup=10000|2000] [--idle=5] [--server=apps/api/dist/server.js] [--encoding=br|gzip|identity] [--rate=100] [--keep=DIR]
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
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, env, serverEnv } from './lib/env.mjs';
import { FLOOR_PORT, FLOOR_SCRIPT } from './floor.mjs';
import Redis from 'ioredis';
import { createBody, updateBody } from './lib/floor-capture.mjs';
import { neverLimited } from './lib/never-limited.mjs';

const arg = (name, def) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=').slice(1).join('=') ?? def;
const endpoint = arg('endpoint', 'list_page1');
const targets = arg('target', 'api,floor').split(',');
// A read's code is fully optimized only after thousands of requests (V8 optimizes a function once it
// has run enough, and the API has many): 10,000 of warm-up; a write, ~7× slower under valgrind, 2,000.
const writes = ['create_student', 'update_student'].includes(endpoint);
const n = Number(arg('n', writes ? 300 : 500));
// At most this many requests a second (one at a time: under valgrind a read takes ~15 ms, a write ~100).
const rate = Number(arg('rate', 100));
// The token's user's rate-limit counter is set far below zero before each batch (as interleave.mjs
// does), so the long warm-up never meets a 429; the API still counts every request.
const warmup = Number(arg('warmup', writes ? 2000 : 10_000));
const windows = Number(arg('windows', writes ? 3 : 4));
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
/** The token the endpoint's requests carry (none for hello): its rate-limit counter is set aside. */
async function neverLimitedFor(name) {
  if (name === 'hello') return;
  const script = JSON.parse(fs.readFileSync(FLOOR_SCRIPT, 'utf8'));
  const token = (script.endpoints[name] ?? script.writes).token;
  const redis = new Redis(env.redisUrl, { keyPrefix: env.redisPrefix, maxRetriesPerRequest: 1 });
  try {
    await neverLimited(redis, [token]);
  } finally {
    await redis.quit();
  }
}

async function send(base, request, count) {
  await neverLimitedFor(endpoint);
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
  const file = `${out}.${k}`;
  const until = Date.now() + 300_000;
  while (totalIn(file) === undefined) {
    if (Date.now() > until || child.exitCode !== null) throw new Error(`callgrind wrote no part ${k}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  const all = Number(totalIn(file));
  return { all, other: otherThreads(file, all) };
}

/**
 * The part's instructions outside the main thread. During a window the main thread is inside
 * node::SpinEventLoopInternal (the event loop: JavaScript, the scavenges it runs, I/O) from start to
 * end; every other thread (V8's optimizing compiler, concurrent marking and sweeping, libuv's pool)
 * began in glibc's start_thread. callgrind_annotate's inclusive count can come out wrapped past 2^63
 * (recursion): the first of the two readings that lies within the part's total is taken.
 */
function otherThreads(file, all) {
  const text = execFileSync('callgrind_annotate', ['--inclusive=yes', '--threshold=100', file], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const count = (re) => {
    const line = text.split('\n').find((l) => re.test(l));
    return line ? Number(line.trim().split(/\s+/)[0].replace(/,/g, '')) : undefined;
  };
  const loop = count(/node::SpinEventLoopInternal\(/);
  if (loop !== undefined && loop > 0 && loop <= all) return all - loop;
  const started = count(/pthread_create\.c:start_thread\b/) ?? 0;
  return started >= 0 && started <= all ? started : null;
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
  // The mean over the windows. The main thread's share is steady (±3 % between windows); the other
  // threads' comes in bursts — a major GC's concurrent marking (~0.3 G instructions in the API, whose
  // heap is larger), the optimizing compiler still at work long after the warm-up — so it is the
  // mean over many requests that says what they cost.
  const per = (f) => Math.round(parts.reduce((x, p) => x + f(p), 0) / (windows * n));
  const split = parts.every((p) => p.other !== null);
  return {
    per_request: per((p) => p.all),
    main_thread: split ? per((p) => p.all - p.other) : null,
    other_threads: split ? per((p) => p.other) : null,
    windows: parts.map((p) => Math.round(p.all / n)),
    main_thread_windows: parts.map((p) => (p.other === null ? null : Math.round((p.all - p.other) / n))),
    idle_per_second: Math.round(idleCount.all / idle),
    content_encoding: answeredEncoding,
  };
}

try {
  const result = { endpoint, n, windows, warmup, accept_encoding: acceptEncoding['accept-encoding'] ?? 'gzip, deflate (fetch default)' };
  for (const target of endpoint === 'hello' ? ['hello'] : targets) {
    log(`${target}: ${path.relative(ROOT, TARGETS[target].script)} under callgrind, ${warmup} warm-up, then ${windows} × ${n} requests and ${idle} s idle`);
    result[target] = await run(target);
  }
  if (result.api && result.floor) {
    result.api_over_floor = Number((result.api.per_request / result.floor.per_request).toFixed(3));
    if (result.api.main_thread && result.floor.main_thread) result.api_over_floor_main_thread = Number((result.api.main_thread / result.floor.main_thread).toFixed(3));
  }
  console.log(JSON.stringify(result));
} finally {
  if (keep) fs.cpSync(dir, path.resolve(keep), { recursive: true });
  fs.rmSync(dir, { recursive: true, force: true });
}
