import { ZPageQuery } from '@bitflow/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { toIso } from '../../db/time.js';
import { paginated, ok } from '../../http/envelope.js';
import type { Platform } from '../../platform/index.js';
import type { ConsoleRepository } from './console.repository.js';

const god = { permission: 'god_mode.access' as const };

// The God Mode console: tenants with usage, and platform health. Suspend/reactivate live on
// /universities/{id}/suspend|reactivate; cross-tenant search is /search with God Mode's scope.
export function consoleRoutes(fastify: FastifyInstance, repo: ConsoleRepository, platform: Platform) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get('/api/v1/god-mode/tenants', { config: god, schema: { querystring: ZPageQuery.extend({ status: z.enum(['active', 'suspended']).optional() }).strict() } }, async (req) => {
    const q = req.query;
    const { items, total } = await repo.tenants(q);
    const rows = items.map((r) => ({
      ...r, students: Number(r.students), users: Number(r.users), colleges: Number(r.colleges), courses: Number(r.courses),
      created_at: toIso(r.created_at), last_activity_at: toIso(r.last_activity_at),
    }));
    return paginated(rows, total, q.page, q.per_page);
  });

  // The queue's counts and its dead letters: jobs that failed every retry.
  app.get('/api/v1/god-mode/jobs', { config: god, schema: { querystring: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }).strict() } }, async (req) => {
    const [counts, failed] = await Promise.all([platform.queue.counts(), platform.queue.failed(req.query.limit)]);
    return ok({ driver: platform.queue.kind, counts, failed });
  });

  app.get('/api/v1/god-mode/health', { config: god }, async () => {
    const timed = async (fn: () => Promise<void>) => {
      const t = performance.now();
      try {
        await fn();
        return { status: 'up', latency_ms: Math.round((performance.now() - t) * 10) / 10 };
      } catch {
        return { status: 'down', latency_ms: null };
      }
    };
    const [database, cache, storage, totals, jobs] = await Promise.all([
      timed(() => platform.database.ping()),
      timed(() => platform.cache.ping()),
      timed(() => platform.storage.ping()),
      repo.counts(),
      platform.queue.counts().catch(() => null),
    ]);
    const mem = process.memoryUsage();
    return ok({
      mode: platform.config.mode,
      dependencies: {
        database: { ...database, driver: platform.database.dialect },
        cache: { ...cache, driver: platform.cache.kind },
        storage: { ...storage, driver: platform.storage.kind },
        mail: { driver: platform.mailer.kind },
        queue: { driver: platform.queue.kind, counts: jobs },
      },
      totals,
      process: { uptime_seconds: Math.round(process.uptime()), rss_mb: Math.round(mem.rss / 1048576), heap_used_mb: Math.round(mem.heapUsed / 1048576), node: process.version },
    });
  });
}
