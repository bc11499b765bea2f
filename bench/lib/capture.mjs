import mysql from 'mysql2/promise';
import { loadApi } from './build.mjs';
import { env, serverEnv } from './env.mjs';
import { atFixedRate, percentile } from './open-loop.mjs';

// The SQL ceiling. The exact statements each endpoint runs are captured from the API's own code: the
// app is built in this process (same config, same database, same Redis prefix) with a query logger,
// and sample requests from the endpoint's pool are injected one at a time. Replaying those captured
// statements through a bare mysql2 pool (same options and size as the API's) gives what the database
// alone can do for that endpoint.

export async function captureSql(pools, endpoints, samples = 60) {
  const api = await loadApi();
  const config = api.loadConfig(serverEnv());
  let current = null;
  const platform = await api.openPlatform(config, {
    dbLog: (e) => {
      if (current && e.level === 'query') current.push({ sql: e.query.sql, params: [...e.query.parameters] });
    },
  });
  const app = await api.buildApp(config, { platform, logger: false });
  await app.ready();
  const captured = {};
  const failed = {};
  const warmed = new Set();
  try {
    for (const name of endpoints) {
      const list = [];
      for (const spec of pools[name].slice(0, samples)) {
        const req = { method: spec.method, url: spec.path, headers: spec.headers, payload: spec.body };
        // Warm identity caches once per caller: the captured request is a steady-state one.
        if (!warmed.has(spec.headers.authorization)) {
          warmed.add(spec.headers.authorization);
          await app.inject(req);
        }
        current = [];
        const res = await app.inject(req);
        // A sample the API failed (e.g. a dashboard's cold aggregates past the query deadline) is left
        // out of the ceiling and reported; a client error means the workload itself is wrong.
        if (res.statusCode >= 400 && res.statusCode < 500) throw new Error(`capture ${name}: ${res.statusCode} ${res.body.slice(0, 200)}`);
        if (res.statusCode >= 500) {
          failed[name] = (failed[name] ?? 0) + 1;
          current = null;
          continue;
        }
        list.push(current);
        current = null;
      }
      if (list.length) captured[name] = list;
    }
    for (const [name, n] of Object.entries(failed)) console.log(`[capture] ${name}: ${n} sample(s) failed with 5xx and were left out of the SQL ceiling`);
  } finally {
    await app.close();
    await platform.close();
  }
  return captured;
}

/** Only reads are replayed: a replayed INSERT (the God Mode read's audit row) would collide. */
export function replayable(captured) {
  let skipped = 0;
  const out = captured.map((stmts) =>
    stmts.filter((s) => {
      const read = /^\s*select/i.test(s.sql);
      if (!read) skipped++;
      return read;
    }),
  );
  return { requests: out, skipped };
}

/** Closed loop: `connections` workers each replay one captured request's statements after another. */
/** A bare mysql2 pool with the API's options and size, its connections open (the API's pool is warm too). */
async function replayPool() {
  const pool = mysql.createPool({ uri: env.dbUrl, connectionLimit: env.poolSize, dateStrings: true, timezone: 'Z', supportBigNumbers: true, charset: 'utf8mb4_unicode_ci' });
  pool.on('connection', (c) => c.query("SET time_zone = '+00:00'"));
  await Promise.all(Array.from({ length: env.poolSize }, () => pool.query('SELECT 1')));
  return pool;
}

export async function replaySql(requests, { connections = env.connections, duration = env.duration } = {}) {
  const pool = await replayPool();
  const lat = [];
  let done = 0;
  let i = 0;
  const until = Date.now() + duration * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (Date.now() < until) {
        const stmts = requests[i++ % requests.length];
        const t0 = performance.now();
        for (const s of stmts) await pool.query(s.sql, s.params);
        lat.push(performance.now() - t0);
        done++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await pool.end();
  lat.sort((a, b) => a - b);
  return { rps: done / seconds, p50: percentile(lat, 0.5), p99: percentile(lat, 0.99), requests: done, statements: requests.reduce((a, r) => a + r.length, 0) / requests.length };
}

/**
 * The same statements at a fixed rate, evenly spaced (lib/open-loop.mjs), as the API's 70 % run
 * sends its requests: the latency the database path alone has at the API's rate on these cores, the
 * floor under the API's own p99 at that rate. Requests beyond the pool's connections wait in its
 * queue, as they do in the API.
 */
export async function replaySqlAtRate(requests, { rate, duration = env.duration }) {
  const pool = await replayPool();
  const r = await atFixedRate({
    rate,
    duration,
    send: async (i) => {
      for (const s of requests[i % requests.length]) await pool.query(s.sql, s.params);
      return 'ok';
    },
  });
  await pool.end();
  return r;
}
