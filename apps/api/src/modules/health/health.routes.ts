import { ZHealthEnvelope, ZHealthUnavailableEnvelope } from '@bitflow/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Platform } from '../../platform/index.js';
import { checkHealth } from './health.service.js';

// GET /up: each dependency's state; 503 naming the one that is down.
export async function healthRoutes(fastify: FastifyInstance, platform: Platform) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get('/up', {
    config: { public: true },
    schema: {
      operationId: 'getHealth',
      summary: 'Health of the API and its dependencies',
      response: { 200: ZHealthEnvelope, 503: ZHealthUnavailableEnvelope },
    },
  }, async (_req, reply) => {
    const { health, down } = await checkHealth(platform);
    if (down.length) {
      // An error answer like any other 503 (`code`), with the checks that tell which part is down.
      return reply.status(503).send({ success: false, message: `Unavailable: ${down.join(', ')} down`, data: health, code: 'SERVICE_UNAVAILABLE' });
    }
    return reply.status(200).send({ success: true, message: 'All systems operational', data: health });
  });
}
