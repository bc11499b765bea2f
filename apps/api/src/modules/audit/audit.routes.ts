import { fileAnswer, ZAuditChainCheckEnvelope, ZErrorEnvelope, ZAuditLogListEnvelope, ZAuditReadGroupListEnvelope, ZKeysetPageQuery, ZPageQuery } from '@bitflow/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { Readable } from 'node:stream';
import { z } from 'zod';
import { actorOf } from '../../http/auth.js';
import { ok, paginated } from '../../http/envelope.js';
import type { AuditRepository } from './audit.repository.js';
import { AuditService } from './audit.service.js';

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use the format YYYY-MM-DD.');
const ZFilters = z.object({
  action: z.string().max(100).optional(),
  entity_type: z.string().max(50).optional(),
  entity_id: z.string().max(64).optional(),
  actor_id: z.uuid().optional(),
  university_id: z.uuid().optional(),
  from: date.optional(),
  to: date.optional(),
});
const ZReadSummaryQuery = ZPageQuery.omit({ q: true }).extend({ actor_id: z.uuid().optional(), from: date.optional(), to: date.optional() }).strict();
const ZVerifyQuery = z.object({ university_id: z.uuid().optional(), chain: z.enum(['platform']).optional() }).strict();

// /api/v1/audit-logs: a schema, a permission and one service call each.
export function auditRoutes(fastify: FastifyInstance, repo: AuditRepository) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const audit = new AuditService(repo);

  app.get('/api/v1/audit-logs', {
    config: { permission: 'audit_logs.view' },
    schema: {
      operationId: 'listAuditLogs',
      summary: 'List audit log entries, newest first (page or cursor)',
      querystring: ZKeysetPageQuery.omit({ q: true }).extend(ZFilters.shape).strict(),
      response: { 200: ZAuditLogListEnvelope },
    },
  }, async (req) => {
    const { items, total, capped, page, nextCursor } = await audit.list(actorOf(req), req.query);
    return paginated(items, total, page, req.query.per_page, 'OK', capped, nextCursor);
  });

  app.get('/api/v1/audit-logs/export', {
    config: { permission: 'audit_logs.export' },
    schema: {
      operationId: 'exportAuditLogs',
      summary: 'Download the audit log as CSV',
      querystring: ZFilters.strict(),
      response: { 200: fileAnswer('The audit log entries as CSV, each chain whole and in order.', 'text/csv') },
    },
  }, async (req, reply) => {
    const stream = Readable.from(audit.exportCsv(actorOf(req), req.query));
    reply.header('Content-Type', 'text/csv; charset=utf-8').header('Content-Disposition', `attachment; filename="audit-log-${new Date().toISOString().slice(0, 10)}.csv"`);
    return reply.send(stream);
  });

  // God Mode's reads, grouped (the list leaves the one-row-per-read entries out unless asked).
  app.get('/api/v1/audit-logs/god-mode-reads', {
    config: { permission: 'god_mode.access' },
    schema: {
      operationId: 'listGodModeReads',
      summary: 'List God Mode reads grouped per operator, route and day',
      querystring: ZReadSummaryQuery,
      response: { 200: ZAuditReadGroupListEnvelope },
    },
  }, async (req) => {
    const { items, total } = await audit.readSummary(req.query);
    return paginated(items, total, req.query.page, req.query.per_page);
  });

  app.get('/api/v1/audit-logs/verify', {
    config: { permission: 'audit_logs.view' },
    schema: {
      operationId: 'verifyAuditChain',
      summary: 'Verify an audit chain and its signed head',
      querystring: ZVerifyQuery,
      // 404: a university-level caller naming another university's chain, or the platform's.
      response: { 200: ZAuditChainCheckEnvelope, 404: ZErrorEnvelope },
    },
  }, async (req) => {
    const result = await audit.verify(actorOf(req), req.query);
    return ok(result, result.ok ? `The audit chain is intact (${result.checked} entries).` : 'The audit chain is broken.');
  });
}
