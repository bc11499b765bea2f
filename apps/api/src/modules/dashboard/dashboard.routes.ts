import { ZDashboardEnvelope } from '@bitflow/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../../http/auth.js';
import { ok } from '../../http/envelope.js';
import type { ListCache } from '../shared/list-cache.js';
import type { DashboardRepository } from './dashboard.repository.js';
import { DashboardService } from './dashboard.service.js';

// GET /dashboard: the caller's scope in figures (DashboardService).
export function dashboardRoutes(fastify: FastifyInstance, repo: DashboardRepository, lists?: ListCache) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const dashboard = new DashboardService(repo, lists);
  app.get('/api/v1/dashboard', {
    config: { permission: 'dashboard.view' },
    schema: { operationId: 'getDashboard', summary: 'Get the dashboard figures of my scope', response: { 200: ZDashboardEnvelope } },
  }, async (req) => ok(await dashboard.overview(actorOf(req))));
}
