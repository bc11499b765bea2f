// The API against its floor in one run (issue #22): the API and the floor (floor-server.mjs) run side by
// side on the same data; for R rounds, each endpoint of the floor script gets a closed-loop window
// against the API and one against the floor, in alternating order (API first in even rounds, floor
// first in odd ones), so a slow minute of the shared cores falls on both. Per window: req/s, and the
// CPU milliseconds per request of the server process, of MariaDB and of Redis, all three read the same
// way (utime + stime of /proc/<pid>/stat before and after the window, lib/proc-cpu.mjs). The API ÷
// floor ratio of the server's CPU ms/req is taken within each round; the report gives its median over
// the rounds, and the medians of every figure.
//
//   node bench/floor.mjs                       # first: captures the requests (tokens last 1 h)
//   node bench/interleave.mjs [--only=list_page1,search]
//   BENCH_ROUNDS=2 BENCH_DURATION=3 node bench/interleave.mjs   # a quick run
//
// Knobs: BENCH_ROUNDS (10), BENCH_DURATION (15 s per window), BENCH_CONNECTIONS (16), BENCH_WARMUP (3 s
// per endpoint and target before the first round), BENCH_API_SERVER (default: bench/.data/run-dist/server.js,
// a copy of apps/api/dist made when missing, so a rebuild during the run does not change what is measured),
// BENCH_PORT / BENCH_FLOOR_PORT, BENCH_CLIENT_NICE (10).
//
// Both servers get exactly the same requests: the floor script's paths with its owner tokens, no
// Accept-Encoding (both answer identity), and the bodies are compared before the first window. The
// API's per-user rate limit (600/min for an owner) would answer 429 within a second at these rates, so
// before each window the owner's counter in Redis is set far below zero: the API still counts every
// request in the same Lua round trip (the work is the same), it only never reaches the limit. The
// x-ratelimit-remaining header is then a 13-digit number rather than a 3-digit one.
//
// MariaDB's and Redis's CPU is the whole process over the window: their background threads (purge,
// page cleaner; Redis's cron) and anyone else's queries on the same server are in it, for both targets
// alike. Beside it, `conns`: the CPU of only the MariaDB threads serving the measured server's own
// connections (information_schema.PROCESSLIST's TID, matched to the server's sockets; thread per
// connection), which other clients of the database do not move. `others %` is the machine's busy CPU
// that none of the measured processes nor this client used (another job on the machine), and `steal %`
// the hypervisor's share: a window with either high is not the code's figure.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import Redis from 'ioredis';
import { neverLimited as setNeverLimited } from './lib/never-limited.mjs';
import { BENCH_DIR, ROOT, env } from './lib/env.mjs';
import { startApi, stop } from './lib/servers.mjs';
import { FLOOR_PORT, FLOOR_SCRIPT, startFloor } from './floor.mjs';
import mysql from 'mysql2/promise';
import { connectionPorts, machineCpuMs, pidOf, processCpuMs, threadCpuMs } from './lib/proc-cpu.mjs';

const ENDPOINTS = ['list_page1', 'list_page1_big', 'get_by_id', 'search'];
const num = (name, def) => {
  const v = process.env[name];
  if (v === undefined || v === '') return def;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number`);
  return n;
};
const ROUNDS = num('BENCH_ROUNDS', 10);
const DURATION = num('BENCH_DURATION', 15);
const WARMUP = num('BENCH_WARMUP', 3);
const CONNECTIONS = env.connections;
const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7).split(',');
const endpoints = ENDPOINTS.filter((e) => !only || only.includes(e));
const log = (...a) => console.error(`[interleave ${new Date().toISOString().slice(11, 19)}]`, ...a);
const median = (xs) => {
  const s = xs.filter((x) => x !== null && Number.isFinite(x)).sort((a, b) => a - b);
  if (!s.length) return null;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const round = (x, d = 3) => (x === null || x === undefined ? null : Number(x.toFixed(d)));

function portFree(port) {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

async function waitUp(port, child) {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`server on ${port} exited with ${child.exitCode}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/up`)).status < 500) return;
    } catch {
      /* starting */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server on ${port} did not come up`);
}

/** A closed loop of CONNECTIONS connections for `seconds`, cycling through the endpoint's paths. */
function closedLoop(port, reqs, seconds) {
  let i = 0;
  return new Promise((resolve, reject) =>
    autocannon(
      {
        url: `http://127.0.0.1:${port}`,
        connections: CONNECTIONS,
        duration: seconds,
        timeout: 30,
        requests: [{ setupRequest: (req) => Object.assign(req, reqs[i++ % reqs.length]) }],
      },
      (err, r) => (err ? reject(err) : resolve(r)),
    ),
  );
}

// --- the script, the servers -------------------------------------------------------------------
if (!fs.existsSync(FLOOR_SCRIPT)) throw new Error('run node bench/floor.mjs first (it captures the requests)');
const script = JSON.parse(fs.readFileSync(FLOOR_SCRIPT, 'utf8'));
const scriptAgeMin = (Date.now() - fs.statSync(FLOOR_SCRIPT).mtimeMs) / 60_000;
const runMinutes = (endpoints.length * 2 * (ROUNDS * DURATION + WARMUP)) / 60 + 1;
if (scriptAgeMin + runMinutes > 58) throw new Error(`the floor script's tokens are ${scriptAgeMin.toFixed(0)} min old and last 60: the run (~${runMinutes.toFixed(0)} min) would outlive them; rerun node bench/floor.mjs`);
const requests = Object.fromEntries(endpoints.map((e) => [e, script.endpoints[e].paths.map((p) => ({ method: 'GET', path: p, headers: { authorization: `Bearer ${script.endpoints[e].token}` } }))]));

for (const port of [env.port, FLOOR_PORT]) {
  if (!(await portFree(port))) throw new Error(`port ${port} is in use (another bench?): set BENCH_PORT / BENCH_FLOOR_PORT`);
}
const mariadbPid = pidOf('mariadbd') ?? pidOf('mysqld');
const redisPid = pidOf('redis-server');
if (!mariadbPid || !redisPid) log(`warning: mariadbd pid ${mariadbPid}, redis-server pid ${redisPid}: their CPU is not reported where missing`);

let apiServer = process.env.BENCH_API_SERVER;
if (!apiServer) {
  // Under the repository (not BENCH_DATA_DIR): its npm packages resolve from node_modules there. Made
  // once and reused (another run may be using it): delete it to take a newer build.
  const copy = path.join(BENCH_DIR, '.data', 'run-dist');
  if (!fs.existsSync(path.join(copy, 'server.js'))) fs.cpSync(path.join(ROOT, 'apps/api/dist'), copy, { recursive: true });
  apiServer = path.join(copy, 'server.js');
  process.env.BENCH_API_SERVER = apiServer;
}
const sha = (f) => (fs.existsSync(f) ? createHash('sha256').update(fs.readFileSync(f)).digest('hex').slice(0, 12) : null);
const apiSha = sha(path.resolve(ROOT, apiServer));
const distSha = sha(path.join(ROOT, 'apps/api/dist/server.js'));
const apiBuiltAt = fs.statSync(path.resolve(ROOT, apiServer)).mtime.toISOString();

const children = [];
const redis = new Redis(env.redisUrl, { keyPrefix: env.redisPrefix, maxRetriesPerRequest: 1 });
// MariaDB's threads serving one server's connections (one thread per connection): the server's sockets
// to the database port, matched to PROCESSLIST's Host (127.0.0.1:<client port>) and TID (the OS thread).
const meta = await mysql.createConnection({ uri: env.dbUrl });
const dbPort = Number(new URL(env.dbUrl).port || 3306);
async function dbThreads(serverPid) {
  const ports = connectionPorts(serverPid, dbPort);
  const [rows] = await meta.query('SELECT TID AS tid, HOST AS host FROM information_schema.PROCESSLIST');
  return rows.filter((r) => ports.has(Number(String(r.host).split(':').pop()))).map((r) => Number(r.tid));
}
const neverLimited = () => setNeverLimited(redis, Object.values(script.endpoints).map((e) => e.token));

try {
  log(`API ${path.relative(ROOT, apiServer)} (built ${apiBuiltAt}, sha256 ${apiSha}${apiSha === distSha ? ', same as apps/api/dist' : `; apps/api/dist is now ${distSha}`}) on ${env.port}, floor on ${FLOOR_PORT}`);
  const api = await startApi();
  children.push(api);
  const floor = startFloor();
  children.push(floor);
  floor.stderr.pipe(process.stderr);
  await waitUp(FLOOR_PORT, floor);
  const targets = { api: { port: env.port, pid: api.pid }, floor: { port: FLOOR_PORT, pid: floor.pid } };

  // Same bytes from both, for every request of the run (as the client sends them: no Accept-Encoding).
  await neverLimited();
  let compared = 0;
  for (const e of endpoints) {
    for (const r of requests[e]) {
      const [a, f] = await Promise.all(
        [env.port, FLOOR_PORT].map((port) => fetch(`http://127.0.0.1:${port}${r.path}`, { headers: { ...r.headers, 'accept-encoding': 'identity' } }).then(async (res) => `${res.status} ${await res.text()}`)),
      );
      if (a !== f) throw new Error(`${e} ${r.path}: the floor's answer differs from the API's\n  api:   ${a.slice(0, 300)}\n  floor: ${f.slice(0, 300)}`);
      compared++;
    }
  }
  log(`${compared} requests: API and floor bodies byte-identical`);

  if (env.clientNice) os.setPriority(0, env.clientNice);
  for (const e of endpoints) {
    for (const t of ['api', 'floor']) {
      await neverLimited();
      await closedLoop(targets[t].port, requests[e], WARMUP);
    }
  }
  log(`warmed up ${WARMUP} s per endpoint and target; ${ROUNDS} rounds × ${endpoints.length} endpoints × 2 targets × ${DURATION} s, ${CONNECTIONS} connections`);

  const windows = [];
  const clientPid = process.pid;
  for (let r = 0; r < ROUNDS; r++) {
    for (const e of endpoints) {
      const order = r % 2 === 0 ? ['api', 'floor'] : ['floor', 'api'];
      for (const t of order) {
        await neverLimited();
        const pids = { server: targets[t].pid, mariadb: mariadbPid, redis: redisPid, client: clientPid };
        const threads0 = mariadbPid ? await dbThreads(targets[t].pid) : [];
        const threadCpu0 = new Map(threads0.map((tid) => [tid, threadCpuMs(mariadbPid, tid)]));
        const before = Object.fromEntries(Object.entries(pids).map(([k, p]) => [k, processCpuMs(p)]));
        const m0 = machineCpuMs();
        const t0 = performance.now();
        const res = await closedLoop(targets[t].port, requests[e], DURATION);
        const seconds = (performance.now() - t0) / 1000;
        const m1 = machineCpuMs();
        const after = Object.fromEntries(Object.entries(pids).map(([k, p]) => [k, processCpuMs(p)]));
        const threadCpu1 = new Map(threads0.map((tid) => [tid, threadCpuMs(mariadbPid, tid)]));
        // Connections opened during the window count from zero; one closed during it is lost (counted).
        const threads1 = mariadbPid ? await dbThreads(targets[t].pid) : [];
        for (const tid of threads1) if (!threadCpu0.has(tid)) threadCpu1.set(tid, threadCpuMs(mariadbPid, tid));
        let connCpu = 0;
        let connsLost = 0;
        for (const [tid, ms] of threadCpu1) {
          if (ms === null) connsLost++;
          else connCpu += ms - (threadCpu0.get(tid) ?? 0);
        }
        const cpu = Object.fromEntries(Object.keys(pids).map((k) => [k, before[k] === null || after[k] === null ? null : after[k] - before[k]]));
        const n = res.requests.total;
        const ours = Object.values(cpu).reduce((a, x) => a + (x ?? 0), 0);
        const w = {
          round: r,
          endpoint: e,
          target: t,
          seconds: round(seconds, 2),
          requests: n,
          non2xx: res.non2xx,
          errors: res.errors + res.timeouts,
          rps: round(n / seconds, 1),
          server_cpu_ms_per_req: round(cpu.server / n, 4),
          mariadb_cpu_ms_per_req: cpu.mariadb === null ? null : round(cpu.mariadb / n, 4),
          mariadb_conn_cpu_ms_per_req: mariadbPid ? round(connCpu / n, 4) : null,
          mariadb_connections: threadCpu1.size,
          mariadb_connections_lost: connsLost,
          redis_cpu_ms_per_req: cpu.redis === null ? null : round(cpu.redis / n, 4),
          client_cpu_ms_per_req: round(cpu.client / n, 4),
          server_cpu_pct: round((cpu.server / (seconds * 1000)) * 100, 1),
          others_pct: m0 && m1 ? round(((m1.busy - m0.busy - (m1.steal - m0.steal) - ours) / (m1.total - m0.total)) * 100, 1) : null,
          steal_pct: m0 && m1 ? round(((m1.steal - m0.steal) / (m1.total - m0.total)) * 100, 1) : null,
        };
        windows.push(w);
        if (w.non2xx || w.errors) log(`warning: ${e} ${t}: ${w.non2xx} non-2xx, ${w.errors} errors/timeouts`);
        log(`round ${r + 1}/${ROUNDS} ${e.padEnd(14)} ${t.padEnd(5)} ${String(w.rps).padStart(7)} req/s  server ${w.server_cpu_ms_per_req} ms/req  db ${w.mariadb_cpu_ms_per_req} (its ${w.mariadb_connections} conns ${w.mariadb_conn_cpu_ms_per_req})  redis ${w.redis_cpu_ms_per_req}  others ${w.others_pct} %  steal ${w.steal_pct} %`);
      }
    }
  }

  // Per endpoint: ratios within each round, then medians over the rounds.
  const summary = {};
  for (const e of endpoints) {
    const of = (t) => windows.filter((w) => w.endpoint === e && w.target === t);
    const a = of('api');
    const f = of('floor');
    const ratios = a.map((w, i) => w.server_cpu_ms_per_req / f[i].server_cpu_ms_per_req);
    const totals = (w) => w.server_cpu_ms_per_req + (w.mariadb_cpu_ms_per_req ?? 0) + (w.redis_cpu_ms_per_req ?? 0);
    const ownTotals = (w) => w.server_cpu_ms_per_req + (w.mariadb_conn_cpu_ms_per_req ?? 0) + (w.redis_cpu_ms_per_req ?? 0);
    const med = (list, k) => round(median(list.map((w) => w[k])), 4);
    const figures = (list) => ({
      rps: round(median(list.map((w) => w.rps)), 1),
      server_cpu_ms_per_req: med(list, 'server_cpu_ms_per_req'),
      mariadb_cpu_ms_per_req: med(list, 'mariadb_cpu_ms_per_req'),
      mariadb_conn_cpu_ms_per_req: med(list, 'mariadb_conn_cpu_ms_per_req'),
      redis_cpu_ms_per_req: med(list, 'redis_cpu_ms_per_req'),
      all_three_cpu_ms_per_req: round(median(list.map(totals)), 4),
      server_cpu_pct: med(list, 'server_cpu_pct'),
      others_pct: med(list, 'others_pct'),
      steal_pct: med(list, 'steal_pct'),
      non2xx: list.reduce((s, w) => s + w.non2xx, 0),
    });
    summary[e] = {
      api_over_floor_cpu: round(median(ratios), 3),
      api_over_floor_cpu_per_round: ratios.map((x) => round(x, 3)),
      api_over_floor_cpu_all_three: round(median(a.map((w, i) => totals(w) / totals(f[i]))), 3),
      api_over_floor_cpu_with_db_conns: round(median(a.map((w, i) => ownTotals(w) / ownTotals(f[i]))), 3),
      api_over_floor_rps: round(median(a.map((w, i) => w.rps / f[i].rps)), 3),
      api: figures(a),
      floor: figures(f),
    };
  }

  const started = new Date().toISOString();
  const result = {
    script: 'bench/interleave.mjs',
    finished_at: started,
    api_server: path.relative(ROOT, apiServer),
    api_built_at: apiBuiltAt,
    api_sha256: apiSha,
    rounds: ROUNDS,
    duration_s: DURATION,
    warmup_s: WARMUP,
    connections: CONNECTIONS,
    client_nice: env.clientNice,
    cpus: os.cpus().length,
    database: env.dbUrl.replace(/\/\/[^@]*@/, '//'),
    floor_script_age_min: round(scriptAgeMin, 1),
    pids: { mariadb: mariadbPid, redis: redisPid },
    summary,
    windows,
  };
  const out = path.join(BENCH_DIR, 'results', `${started.slice(0, 16).replace(':', '-')}-interleave.json`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);

  const pad = (s, n) => String(s ?? '–').padStart(n);
  console.log(`\nMedians over ${ROUNDS} rounds of ${DURATION} s, ${CONNECTIONS} connections (CPU in ms per request; ratio API ÷ floor within each round;\n+conns+redis: the ratio of server + its MariaDB connections' threads + Redis; db: the whole mariadbd process)`);
  console.log(`${'endpoint'.padEnd(15)}${pad('API/floor CPU', 14)}${pad('+conns+redis', 13)}${pad('API req/s', 10)}${pad('floor req/s', 12)}${pad('API cpu', 9)}${pad('floor cpu', 10)}${pad('db API', 8)}${pad('db floor', 9)}${pad('conns API', 10)}${pad('conns fl.', 10)}${pad('redis API', 10)}${pad('redis fl.', 10)}${pad('others %', 9)}${pad('steal %', 8)}`);
  for (const [e, s] of Object.entries(summary)) {
    console.log(
      `${e.padEnd(15)}${pad(s.api_over_floor_cpu, 14)}${pad(s.api_over_floor_cpu_with_db_conns, 13)}${pad(s.api.rps, 10)}${pad(s.floor.rps, 12)}${pad(s.api.server_cpu_ms_per_req, 9)}${pad(s.floor.server_cpu_ms_per_req, 10)}${pad(s.api.mariadb_cpu_ms_per_req, 8)}${pad(s.floor.mariadb_cpu_ms_per_req, 9)}${pad(s.api.mariadb_conn_cpu_ms_per_req, 10)}${pad(s.floor.mariadb_conn_cpu_ms_per_req, 10)}${pad(s.api.redis_cpu_ms_per_req, 10)}${pad(s.floor.redis_cpu_ms_per_req, 10)}${pad(Math.max(s.api.others_pct ?? 0, s.floor.others_pct ?? 0), 9)}${pad(Math.max(s.api.steal_pct ?? 0, s.floor.steal_pct ?? 0), 8)}`,
    );
  }
  const refused = windows.filter((w) => w.non2xx || w.errors);
  if (refused.length) console.log(`\n${refused.length} windows had non-2xx answers or errors (in the JSON): their figures are not the endpoint's`);
  console.log(`\nwrote ${path.relative(ROOT, out)}`);
} finally {
  await redis.quit().catch(() => {});
  await meta.end().catch(() => {});
  for (const c of children) await stop(c);
}
