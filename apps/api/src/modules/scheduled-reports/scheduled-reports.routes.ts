import { ZCreateScheduledReportRequest, ZIdParams, ZPageQuery, ZUpdateScheduledReportRequest } from '@bitflow/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../../http/auth.js';
import { ok, paginated } from '../../http/envelope.js';
import type { ScheduledReportsService } from './scheduled-reports.service.js';

export function scheduledReportsRoutes(fastify: FastifyInstance, s: ScheduledReportsService) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const base = '/api/v1/scheduled-reports';
  app.get(base, { config: { permission: 'scheduled_reports.view' }, schema: { querystring: ZPageQuery.omit({ q: true }).strict() } }, async (req) => {
    const q = req.query;
    const { items, total } = await s.list(actorOf(req), q);
    return paginated(items, total, q.page, q.per_page);
  });
  app.post(base, { config: { permission: 'scheduled_reports.create' }, schema: { body: ZCreateScheduledReportRequest } }, async (req, reply) => {
    reply.status(201);
    return ok(await s.create(actorOf(req), req.body, req.meta), 'Scheduled report created.');
  });
  app.get(`${base}/:id`, { config: { permission: 'scheduled_reports.view' }, schema: { params: ZIdParams } }, async (req) => ok(await s.get(actorOf(req), req.params.id)));
  app.put(`${base}/:id`, { config: { permission: 'scheduled_reports.update' }, schema: { params: ZIdParams, body: ZUpdateScheduledReportRequest } }, async (req) =>
    ok(await s.update(actorOf(req), req.params.id, req.body, req.meta), 'Scheduled report updated.'),
  );
  app.post(`${base}/:id/pause`, { config: { permission: 'scheduled_reports.update' }, schema: { params: ZIdParams } }, async (req) => ok(await s.setStatus(actorOf(req), req.params.id, 'paused', req.meta), 'Paused.'));
  app.post(`${base}/:id/resume`, { config: { permission: 'scheduled_reports.update' }, schema: { params: ZIdParams } }, async (req) => ok(await s.setStatus(actorOf(req), req.params.id, 'active', req.meta), 'Resumed.'));
  app.delete(`${base}/:id`, { config: { permission: 'scheduled_reports.delete' }, schema: { params: ZIdParams } }, async (req) => {
    await s.delete(actorOf(req), req.params.id, req.meta);
    return ok(null, 'Scheduled report deleted.');
  });
}
