import { ZJobQueueEnvelope, ZPageQuery, ZPlatformHealthEnvelope, ZTenantList } from '@bitflow/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ok, paginated } from '../../http/envelope.js';
import type { ConsoleService } from './console.service.js';

const god = { permission: 'god_mode.access' as const };

// The God Mode console: tenants with usage, and platform health. Suspend/reactivate live on
// /universities/{id}/suspend|reactivate; cross-tenant search is /search with God Mode's scope.
export function consoleRoutes(fastify: FastifyInstance, consoleService: ConsoleService) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get('/api/v1/god-mode/tenants', {
    config: god,
    schema: {
      operationId: 'listTenants', summary: 'List every university with its usage',
      querystring: ZPageQuery.extend({ status: z.enum(['active', 'suspended']).optional() }).strict(), response: { 200: ZTenantList },
    },
  }, async (req) => {
    const { items, total } = await consoleService.tenants(req.query);
    return paginated(items, total, req.query.page, req.query.per_page);
  });

  // The queue's counts and its dead letters: jobs that failed every retry.
  app.get('/api/v1/god-mode/jobs', {
    config: god,
    schema: {
      operationId: 'getJobQueue', summary: 'Show the job queue and its dead letters',
      querystring: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }).strict(), response: { 200: ZJobQueueEnvelope },
    },
  }, async (req) => ok(await consoleService.jobs(req.query.limit)));

  app.get('/api/v1/god-mode/health', {
    config: god,
    schema: { operationId: 'getPlatformHealth', summary: 'Show the platform’s dependencies, totals and process', response: { 200: ZPlatformHealthEnvelope } },
  }, async () => ok(await consoleService.health()));
}
