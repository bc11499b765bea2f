import { ZKeysetPageQuery, ZPageQuery } from '@bitflow/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { Readable } from 'node:stream';
import { z } from 'zod';
import { AppError } from '../../core/app-error.js';
import { actorOf } from '../../http/auth.js';
import { ok, paginated } from '../../http/envelope.js';
import type { AuditRepository } from './audit.repository.js';
import { auditCsv, presentAudit, presentReadGroup, verifyChain } from './audit.service.js';

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

export function auditRoutes(fastify: FastifyInstance, repo: AuditRepository) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get('/api/v1/audit-logs', { config: { permission: 'audit_logs.view' }, schema: { querystring: ZKeysetPageQuery.omit({ q: true }).extend(ZFilters.shape).strict() } }, async (req) => {
    const q = req.query;
    const { page, per_page: perPage, ...filters } = q;
    const { items, total, capped, offset, nextCursor } = await repo.page(actorOf(req), filters, page, perPage);
    // A cursor opens the page after its position, whatever `page` said.
    return paginated(items.map(presentAudit), total, Math.floor(offset / perPage) + 1, perPage, 'OK', capped, nextCursor);
  });

  app.get('/api/v1/audit-logs/export', { config: { permission: 'audit_logs.export' }, schema: { querystring: ZFilters.strict() } }, async (req, reply) => {
    const stream = Readable.from(auditCsv(repo.stream(actorOf(req), req.query)));
    reply.header('Content-Type', 'text/csv; charset=utf-8').header('Content-Disposition', `attachment; filename="audit-log-${new Date().toISOString().slice(0, 10)}.csv"`);
    return reply.send(stream);
  });

  // God Mode's reads, grouped (the list leaves the one-row-per-read entries out unless asked).
  const ZReadSummaryQuery = ZPageQuery.omit({ q: true }).extend({ actor_id: z.uuid().optional(), from: date.optional(), to: date.optional() }).strict();
  app.get('/api/v1/audit-logs/god-mode-reads', { config: { permission: 'god_mode.access' }, schema: { querystring: ZReadSummaryQuery } }, async (req) => {
    const q = req.query;
    const from = q.from ?? new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
    const { items, total } = await repo.readSummary({ actor_id: q.actor_id, from, to: q.to }, q.page, q.per_page);
    return paginated(items.map(presentReadGroup), total, q.page, q.per_page);
  });

  // Verifies one chain: a university's own, or (God Mode) any university's or the platform chain. A
  // college admin may not: the chain is the whole university's, and its count and first broken row
  // would tell them about rows outside their colleges.
  app.get('/api/v1/audit-logs/verify', { config: { permission: 'audit_logs.view' }, schema: { querystring: z.object({ university_id: z.uuid().optional(), chain: z.enum(['platform']).optional() }).strict() } }, async (req) => {
    const actor = actorOf(req);
    const q = req.query;
    let chainKey: string;
    if (actor.scope.level === 'platform') {
      if (!q.university_id && !q.chain) throw AppError.validation({ university_id: ['Name a university, or chain=platform.'] });
      chainKey = q.university_id ?? 'platform';
    } else {
      if (actor.scope.level === 'college') throw new AppError('FORBIDDEN', 'Only university-level administrators can verify the audit chain.');
      if (q.chain || (q.university_id && q.university_id !== actor.scope.universityId)) throw AppError.notFound('Audit chain');
      chainKey = actor.scope.universityId;
    }
    const result = await verifyChain(repo, chainKey);
    return ok(result, result.ok ? `The audit chain is intact (${result.checked} entries).` : 'The audit chain is broken.');
  });
}
