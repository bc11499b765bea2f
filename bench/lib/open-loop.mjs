import http from 'node:http';
import { performance } from 'node:perf_hooks';

// Requests at a fixed rate, evenly spaced (an open loop): request i is due at start + i / rate and
// is sent then, whether or not earlier answers have come back — a stall in the server holds up
// every request due during it (they wait in the connection pool or on the wire), so the stall
// counts against each of them (no coordinated omission). Latency is taken from when the request was
// sent; how late the generator itself was in sending (it is niced below the servers on shared
// cores) is reported apart, and the latency from the due time is kept too.
//
// Why not autocannon's `overallRate`: it gives each connection a budget per second and lets it send
// back to back until the budget is spent, then idles to the next second — at "70 %" the server runs
// flat out for ~0.7 s of each second. And its correction for coordinated omission passes
// `Math.ceil(1 / rate)` (requests per second per connection, so 1) as the expected interval in
// milliseconds: every answer slower than 1 ms is recorded once per millisecond it took, which
// weights the percentiles by latency (autocannon 8.0.0, lib/run.js).

/** The p-quantile (0–1) of ascending values; null when there are none. */
export const percentile = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] : null);
const round = (x) => (x === null ? null : Math.round(x * 10) / 10);

/**
 * The schedule itself, for any kind of request: `send(i)` is called when request i is due and
 * resolves with a label for it (an HTTP status code) or null when it failed. Used for the API and
 * the hello-world route over HTTP (`openLoop`) and for the SQL replayed through mysql2 at the same
 * rate (lib/capture.mjs), so all three are paced and measured alike.
 *
 * @param {{ rate: number, duration: number, send: (i: number) => Promise<string | null> }} o
 */
export function atFixedRate({ rate, duration, send }) {
  const total = Math.max(1, Math.round(rate * duration));
  const interval = 1000 / rate;
  const latencies = new Float64Array(total);
  const fromDue = new Float64Array(total);
  const sendLag = new Float64Array(total);
  const labels = {};
  let finished = 0;
  let errors = 0;
  let sent = 0;
  const start = performance.now();

  return new Promise((resolve) => {
    const settle = (i, due, label) => {
      const now = performance.now();
      latencies[i] = now - (due + sendLag[i]);
      fromDue[i] = now - due;
      if (label === null) errors++;
      else labels[label] = { count: (labels[label]?.count ?? 0) + 1 };
      if (++finished === total) {
        const elapsed = (performance.now() - start) / 1000;
        const sorted = latencies.slice().sort();
        const lagSorted = sendLag.slice().sort();
        const dueSorted = fromDue.slice().sort();
        resolve({
          rps: total / elapsed, target_rps: rate,
          p50: round(percentile(sorted, 0.5)), p90: round(percentile(sorted, 0.9)), p97_5: round(percentile(sorted, 0.975)), p99: round(percentile(sorted, 0.99)),
          max_latency: round(sorted[sorted.length - 1]), requests: total, errors, statusCodes: labels, method: 'open loop, evenly spaced',
          send_lag_p50: round(percentile(lagSorted, 0.5)), send_lag_p99: round(percentile(lagSorted, 0.99)),
          from_due_p50: round(percentile(dueSorted, 0.5)), from_due_p99: round(percentile(dueSorted, 0.99)),
        });
      }
    };
    const fire = (i) => {
      const due = start + i * interval;
      sendLag[i] = performance.now() - due;
      send(i).then(
        (label) => settle(i, due, label),
        () => settle(i, due, null),
      );
    };
    // Timers fire at best once a millisecond: each tick sends every request that has come due.
    const tick = () => {
      const now = performance.now();
      while (sent < total && start + sent * interval <= now) fire(sent++);
      if (sent < total) setTimeout(tick, Math.max(0, start + sent * interval - performance.now()));
    };
    tick();
  });
}

/**
 * HTTP requests at a fixed rate on a keep-alive pool of `sockets`.
 * @param {{ port: number, rate: number, duration: number, next: (i: number) => { method: string, path: string, headers: object, body?: string }, sockets?: number, timeoutMs?: number }} o
 */
export async function openLoop({ port, rate, duration, next, sockets = 64, timeoutMs = 30_000 }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: sockets });
  let timeouts = 0;
  const send = (i) =>
    new Promise((resolve) => {
      const spec = next(i);
      const req = http.request({ agent, host: '127.0.0.1', port, method: spec.method, path: spec.path, headers: spec.body ? { ...spec.headers, 'content-length': Buffer.byteLength(spec.body) } : spec.headers, timeout: timeoutMs }, (res) => {
        res.on('end', () => resolve(String(res.statusCode)));
        res.resume();
      });
      req.on('timeout', () => {
        timeouts++;
        req.destroy(new Error('timeout'));
      });
      req.on('error', () => resolve(null));
      req.end(spec.body);
    });
  const r = await atFixedRate({ rate, duration, send });
  agent.destroy();
  const non2xx = Object.entries(r.statusCodes).reduce((n, [c, v]) => n + (c.startsWith('2') ? 0 : v.count), 0);
  return { ...r, non2xx, timeouts };
}
