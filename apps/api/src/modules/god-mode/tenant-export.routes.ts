import { tenantExportFile, ZIdParams, ZTenantExportEnvelope } from '@bitflow/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../../http/auth.js';
import { ok } from '../../http/envelope.js';
import type { TenantExportService } from './tenant-export.service.js';

const god = { permission: 'god_mode.access' as const };

// POST …/universities/{id}/export → 202 and the export row; poll its status; download the zip.
export function tenantExportRoutes(fastify: FastifyInstance, s: TenantExportService) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.post('/api/v1/god-mode/universities/:id/export', {
    config: god,
    schema: { operationId: 'requestTenantExport', summary: 'Export a university’s data (prepared in the background)', params: ZIdParams, response: { 202: ZTenantExportEnvelope } },
  }, async (req, reply) => {
    reply.status(202);
    return ok(await s.request(actorOf(req), req.params.id, req.meta), 'Export is being prepared.');
  });
  app.get('/api/v1/god-mode/exports/:id', {
    config: god,
    schema: { operationId: 'getTenantExport', summary: 'Show a tenant export’s progress', params: ZIdParams, response: { 200: ZTenantExportEnvelope } },
  }, async (req) => ok(await s.status(req.params.id)));
  app.get('/api/v1/god-mode/exports/:id/download', {
    config: god,
    schema: { operationId: 'downloadTenantExport', summary: 'Download a completed tenant export', params: ZIdParams, response: { 200: tenantExportFile } },
  }, async (req, reply) => {
    const { stream, row } = await s.download(actorOf(req), req.params.id, req.meta);
    reply.header('Content-Type', 'application/zip').header('Content-Disposition', `attachment; filename="university-${row.university_id}-${row.created_at.slice(0, 10)}.zip"`);
    if (row.file_size) reply.header('Content-Length', String(row.file_size));
    return reply.send(stream);
  });
}
