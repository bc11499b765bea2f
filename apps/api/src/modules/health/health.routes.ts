import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Platform } from '../../platform/index.js';

type State = 'up' | 'down';

// GET /up: each dependency's state; 503 naming the one that is down. Each probe is time-boxed so a
// hung dependency cannot hang the health check.
async function probe(fn: () => Promise<void>, timeoutMs = 2_000): Promise<State> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      fn(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), timeoutMs);
      }),
    ]);
    return 'up';
  } catch {
    return 'down';
  } finally {
    clearTimeout(timer);
  }
}

export async function healthRoutes(fastify: FastifyInstance, platform: Platform) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get('/up', { config: { public: true } }, async (_req, reply) => {
    const [database, cache, storage] = await Promise.all([
      probe(() => platform.database.ping()),
      probe(() => platform.cache.ping()),
      probe(() => platform.storage.ping()),
    ]);
    const checks = {
      database: { status: database, driver: platform.database.dialect },
      cache: { status: cache, driver: platform.cache.kind },
      storage: { status: storage, driver: platform.storage.kind },
    };
    const down = Object.entries(checks).filter(([, c]) => c.status === 'down').map(([name]) => name);
    return reply.status(down.length ? 503 : 200).send({
      success: down.length === 0,
      message: down.length ? `Unavailable: ${down.join(', ')} down` : 'All systems operational',
      data: { status: down.length ? 'down' : 'up', checks },
      ...(down.length ? { code: 'SERVICE_UNAVAILABLE' as const } : {}), // an error answer like any other 503
    });
  });
}
