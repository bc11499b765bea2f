import { ZGenerateReportRequest, ZIdParams, ZReportListQuery } from '@bitflow/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../../http/auth.js';
import { ok, paginated } from '../../http/envelope.js';
import type { ReportsService } from './reports.service.js';

export function reportsRoutes(fastify: FastifyInstance, s: ReportsService) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const view = { permission: 'reports.view' as const };
  app.post('/api/v1/reports/generate', { config: { permission: 'reports.create' }, schema: { body: ZGenerateReportRequest } }, async (req, reply) => {
    reply.status(202);
    return ok(await s.generate(actorOf(req), req.body, req.meta), 'Report is being generated.');
  });
  app.get('/api/v1/reports', { config: view, schema: { querystring: ZReportListQuery } }, async (req) => {
    const q = req.query;
    const { items, total } = await s.list(actorOf(req), q);
    return paginated(items, total, q.page, q.per_page);
  });
  app.get('/api/v1/reports/:id', { config: view, schema: { params: ZIdParams } }, async (req) => ok(await s.status(actorOf(req), req.params.id)));
  app.get('/api/v1/reports/:id/status', { config: view, schema: { params: ZIdParams } }, async (req) => ok(await s.status(actorOf(req), req.params.id)));
  app.get('/api/v1/reports/:id/download', { config: view, schema: { params: ZIdParams } }, async (req, reply) => {
    const { stream, report } = await s.download(actorOf(req), req.params.id);
    const name = `${report.type.replace(/_/g, '-')}-${report.created_at.slice(0, 10)}.${report.format}`;
    reply
      .header('Content-Type', report.format === 'pdf' ? 'application/pdf' : 'text/csv; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="${name}"`);
    if (report.file_size) reply.header('Content-Length', String(report.file_size));
    return reply.send(stream);
  });
}
