import {
  ZCreateScheduledReportRequest, ZIdParams, ZMessageEnvelope, ZPageQuery, ZScheduledReportEnvelope, ZScheduledReportListEnvelope, ZUpdateScheduledReportRequest,
} from '@bitflow/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../../http/auth.js';
import { ok, paginated } from '../../http/envelope.js';
import type { RecipientPolicy, ScheduledReportsService } from './scheduled-reports.service.js';

// /api/v1/scheduled-reports: a cron in a timezone, run as a normal report and e-mailed. A schedule
// answers with its latest runs; the list without them.
export function scheduledReportsRoutes(fastify: FastifyInstance, s: ScheduledReportsService) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const base = '/api/v1/scheduled-reports';
  // Read per request from the platform's config (REPORT_EXTERNAL_RECIPIENTS).
  const recipients = (): RecipientPolicy => ({ external: fastify.platform.config.reportExternalRecipients });
  app.get(base, {
    config: { permission: 'scheduled_reports.view' },
    schema: { operationId: 'listScheduledReports', summary: 'List scheduled reports', querystring: ZPageQuery.omit({ q: true }).strict(), response: { 200: ZScheduledReportListEnvelope } },
  }, async (req) => {
    const q = req.query;
    const { items, total } = await s.list(actorOf(req), q);
    return paginated(items, total, q.page, q.per_page);
  });
  app.post(base, {
    config: { permission: 'scheduled_reports.create' },
    schema: { operationId: 'createScheduledReport', summary: 'Schedule a report', body: ZCreateScheduledReportRequest, response: { 201: ZScheduledReportEnvelope } },
  }, async (req, reply) => reply.status(201).send(ok(await s.create(actorOf(req), req.body, req.meta, recipients()), 'Scheduled report created.')));
  app.get(`${base}/:id`, {
    config: { permission: 'scheduled_reports.view' },
    schema: { operationId: 'getScheduledReport', summary: 'Get a scheduled report with its latest runs', params: ZIdParams, response: { 200: ZScheduledReportEnvelope } },
  }, async (req) => ok(await s.get(actorOf(req), req.params.id)));
  app.put(`${base}/:id`, {
    config: { permission: 'scheduled_reports.update' },
    schema: { operationId: 'updateScheduledReport', summary: 'Update a scheduled report', params: ZIdParams, body: ZUpdateScheduledReportRequest, response: { 200: ZScheduledReportEnvelope } },
  }, async (req) => ok(await s.update(actorOf(req), req.params.id, req.body, req.meta, recipients()), 'Scheduled report updated.'));
  app.post(`${base}/:id/pause`, {
    config: { permission: 'scheduled_reports.update' },
    schema: { operationId: 'pauseScheduledReport', summary: 'Pause a scheduled report', params: ZIdParams, response: { 200: ZScheduledReportEnvelope } },
  }, async (req) => ok(await s.setStatus(actorOf(req), req.params.id, 'paused', req.meta), 'Paused.'));
  app.post(`${base}/:id/resume`, {
    config: { permission: 'scheduled_reports.update' },
    schema: { operationId: 'resumeScheduledReport', summary: 'Resume a paused scheduled report from now', params: ZIdParams, response: { 200: ZScheduledReportEnvelope } },
  }, async (req) => ok(await s.setStatus(actorOf(req), req.params.id, 'active', req.meta), 'Resumed.'));
  app.delete(`${base}/:id`, {
    config: { permission: 'scheduled_reports.delete' },
    schema: { operationId: 'deleteScheduledReport', summary: 'Delete a scheduled report', params: ZIdParams, response: { 200: ZMessageEnvelope } },
  }, async (req) => {
    await s.delete(actorOf(req), req.params.id, req.meta);
    return ok(null, 'Scheduled report deleted.');
  });
}
