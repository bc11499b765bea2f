import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Platform } from '../platform/index.js';
import { errorEnvelope } from '../core/app-error.js';

// GET /metrics for Prometheus, behind a bearer token (METRICS_TOKEN); without one it is not served.
export async function registerMetrics(app: FastifyInstance, platform: Platform) {
  const { metrics, config } = platform;
  // Synchronous (with `done`): an async hook costs every request a promise and its microtask hops.
  app.addHook('onResponse', (req, reply, done) => {
    metrics.http.observe({ method: req.method, route: req.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) }, reply.elapsedTime / 1000);
    done();
  });
  if (!config.metricsToken) return;
  const expected = Buffer.from(`Bearer ${config.metricsToken}`);
  app.get('/metrics', { config: { public: true }, schema: { hide: true } }, async (req, reply) => {
    const given = Buffer.from(req.headers.authorization ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return reply.status(401).send(errorEnvelope('UNAUTHENTICATED', 'Unauthenticated.'));
    }
    const counts = await platform.queue.counts().catch(() => ({}) as Record<string, number>);
    for (const [state, n] of Object.entries(counts)) metrics.queue.set({ state }, n);
    reply.header('Content-Type', metrics.registry.contentType);
    return metrics.registry.metrics();
  });
}
