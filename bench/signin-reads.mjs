// Sign-ins against reads (issue #22 item 5): get-by-id reads at a fixed rate while sign-ins run at 0,
// 5 and 10 per second and then in a closed loop, for two APIs side by side on the bench database —
// CRYPTO_CONCURRENCY=64 (the old behaviour: every argon2/RSA job at once, up to libuv's 4 threads)
// and the new default (1 lane on ≤ 2 cores). Prints sign-ins/s achieved, sign-in and read p50/p99,
// and the API's event-loop delay (prom-client's lag p99 minus its 10 ms sampling interval).
//
//   npm run build -w apps/api && node bench/signin-reads.mjs
//
// Needs the data set of `node bench/generate.mjs` (not loaded here). Both APIs are started before the
// load generator nices itself (a child started later would inherit the nice value); measurements
// alternate between them, step by step, so drift on shared cores hits both alike. ~2.5 minutes.
// Knobs: BENCH_READ_RATE (get-by-id reads/s, 100), BENCH_DURATION (s per step, 10), BENCH_TOKENS
// (sign-in draws for the workload, 300 here), BENCH_SIGNIN_CONNECTIONS (closed-loop sign-ins, 4),
// BENCH_SIGNIN_MODES ("old=64,new=default").
import os from 'node:os';
import autocannon from 'autocannon';
import mysql from 'mysql2/promise';
import { env, metricsToken } from './lib/env.mjs';
import { openLoop } from './lib/open-loop.mjs';
import { startApi, stop } from './lib/servers.mjs';
import { buildWorkload, nextIp } from './lib/workload.mjs';

const LAG_RESOLUTION_MS = 10; // apps/api/src/platform/metrics.ts eventLoopMonitoringPrecision
if (!process.env.BENCH_TOKENS) env.tokens = 300;
const READ_RATE = Number(process.env.BENCH_READ_RATE ?? 100);
const SIGNIN_CONNECTIONS = Number(process.env.BENCH_SIGNIN_CONNECTIONS ?? 4);
const MODES = (process.env.BENCH_SIGNIN_MODES ?? 'old=64,new=default').split(',').map((m, i) => {
  const [label, value] = m.split('=');
  return { label: `${label} (${value === 'default' ? `default, ${os.availableParallelism()} cores` : value})`, value: value === 'default' ? undefined : value, port: env.port + (i === 0 ? 0 : 1 + i) };
});
const STEPS = [0, 5, 10, 'closed'];
const log = (...a) => console.log(`[signin-reads ${new Date().toISOString().slice(11, 19)}]`, ...a);
const fmt = (n, d = 1) => (n === null || n === undefined || Number.isNaN(n) ? 'n/a' : Number(n).toFixed(d));

async function lagAndCpu(port) {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`, { headers: { authorization: `Bearer ${metricsToken()}` } })).text();
  const get = (name) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? ([\\d.e+-]+)$`, 'm').exec(text)?.[1] ?? NaN);
  return { lagP99Ms: get('nodejs_eventloop_lag_p99_seconds') * 1000, cpu: get('process_cpu_seconds_total') };
}

const asRequest = (spec) => ({ method: spec.method, path: spec.path, headers: spec.xff ? { ...spec.headers, 'x-forwarded-for': nextIp() } : spec.headers, body: spec.body });

/** Sign-ins in a closed loop: `connections` clients, each sending the next as soon as one answers. */
function closedLoopSignIns(port, pool, duration) {
  let i = 0;
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: `http://127.0.0.1:${port}`,
        connections: SIGNIN_CONNECTIONS,
        duration,
        timeout: 30,
        requests: [{ setupRequest: (req) => Object.assign(req, asRequest(pool[i++ % pool.length])) }],
      },
      (err, r) => (err ? reject(err) : resolve({ ok: r['2xx'], non2xx: r.non2xx + r.errors, p50: r.latency.p50, p99: r.latency.p99 })),
    );
  });
}

async function step(mode, signins, pools) {
  const port = mode.port;
  const reads = pools.get_by_id;
  const logins = pools.login;
  const duration = env.duration;
  await lagAndCpu(port); // reading /metrics resets the lag histogram
  const cpu0 = (await lagAndCpu(port)).cpu;
  const readRun = openLoop({ port, rate: READ_RATE, duration, next: (i) => asRequest(reads[i % reads.length]) });
  let signinRun = Promise.resolve(null);
  if (signins === 'closed') signinRun = closedLoopSignIns(port, logins, duration);
  else if (signins > 0) {
    signinRun = openLoop({ port, rate: signins, duration, next: (i) => asRequest(logins[i % logins.length]) }).then((r) => ({ ok: r.requests - r.non2xx - r.errors, non2xx: r.non2xx + r.errors, p50: r.p50, p99: r.p99 }));
  }
  const [rd, si] = await Promise.all([readRun, signinRun]);
  const m = await lagAndCpu(port);
  return {
    mode: mode.label,
    signins: signins === 'closed' ? `closed loop ×${SIGNIN_CONNECTIONS}` : `${signins}/s`,
    signins_per_s: si ? si.ok / duration : 0,
    signin_p50: si?.p50 ?? null,
    signin_p99: si?.p99 ?? null,
    reads_per_s: rd.rps,
    read_p50: rd.p50,
    read_p99: rd.p99,
    read_max: rd.max_latency,
    loop_delay_p99: m.lagP99Ms - LAG_RESOLUTION_MS,
    api_cpu_pct: ((m.cpu - cpu0) / duration) * 100,
    non2xx: rd.non2xx + rd.errors + (si?.non2xx ?? 0),
  };
}

function table(rows) {
  const head = ['limit', 'sign-ins', 'sign-ins/s', 'sign-in p50/p99 ms', 'reads/s', 'read p50 ms', 'read p99 ms', 'read max ms', 'loop delay p99 ms', 'API CPU %', 'non-2xx'];
  const body = rows.map((r) => [r.mode, r.signins, fmt(r.signins_per_s), r.signin_p50 === null ? '—' : `${fmt(r.signin_p50, 0)} / ${fmt(r.signin_p99, 0)}`, fmt(r.reads_per_s, 0), fmt(r.read_p50), fmt(r.read_p99), fmt(r.read_max), fmt(r.loop_delay_p99), fmt(r.api_cpu_pct, 0), String(r.non2xx)]);
  const w = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells) => `| ${cells.map((c, i) => (i < 2 ? c.padEnd(w[i]) : c.padStart(w[i]))).join(' | ')} |`;
  return [line(head), `|${w.map((x, i) => (i < 2 ? '-'.repeat(x + 2) : `${'-'.repeat(x + 1)}:`)).join('|')}|`, ...body.map(line)].join('\n');
}

async function main() {
  const c = await mysql.createConnection({ uri: env.dbUrl });
  const [[ds]] = await c.query('SELECT params FROM _bench_dataset LIMIT 1').catch(() => [[null]]);
  await c.end();
  if (!ds) throw new Error('no bench data set: run `node bench/generate.mjs` first');
  log(`data set ${typeof ds.params === 'string' ? ds.params : JSON.stringify(ds.params)}; reads ${READ_RATE}/s, ${env.duration} s per step`);

  const children = [];
  const cleanup = async () => {
    for (const ch of children) await stop(ch);
  };
  process.on('SIGINT', () => cleanup().then(() => process.exit(130)));
  const basePort = env.port;
  try {
    for (const mode of MODES) {
      // servers.mjs passes process.env through; serverEnv() does not set CRYPTO_CONCURRENCY.
      if (mode.value === undefined) delete process.env.CRYPTO_CONCURRENCY;
      else process.env.CRYPTO_CONCURRENCY = mode.value;
      env.port = mode.port;
      log(`starting API ${mode.label} on port ${mode.port}`);
      children.push(await startApi());
    }
    delete process.env.CRYPTO_CONCURRENCY;
    if (env.clientNice) os.setPriority(0, env.clientNice);
    env.port = basePort;
    log('signing in users');
    const w = await buildWorkload(log);
    for (const mode of MODES) {
      log(`warm-up ${mode.label}`);
      await openLoop({ port: mode.port, rate: READ_RATE, duration: 3, next: (i) => asRequest(w.pools.get_by_id[i % w.pools.get_by_id.length]) });
      await openLoop({ port: mode.port, rate: 5, duration: 2, next: (i) => asRequest(w.pools.login[i % w.pools.login.length]) });
    }
    const rows = [];
    for (const s of STEPS) {
      for (const mode of MODES) {
        const r = await step(mode, s, w.pools);
        log(`${r.mode}, sign-ins ${r.signins}: ${fmt(r.signins_per_s)} sign-ins/s, read p50 ${fmt(r.read_p50)} / p99 ${fmt(r.read_p99)} ms, loop delay p99 ${fmt(r.loop_delay_p99)} ms`);
        rows.push(r);
      }
    }
    rows.sort((a, b) => MODES.findIndex((m) => m.label === a.mode) - MODES.findIndex((m) => m.label === b.mode));
    console.log(`\nget-by-id at ${READ_RATE} req/s (open loop, evenly spaced) for ${env.duration} s per row, ${os.availableParallelism()} cores, load average at end ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}\n`);
    console.log(table(rows));
  } finally {
    await cleanup();
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
