import { ZIdParams, ZImportFields, ZImportListQuery } from '@bitflow/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError } from '../../core/app-error.js';
import { actorOf } from '../../http/auth.js';
import { ok, paginated } from '../../http/envelope.js';
import type { ImportsService } from './imports.service.js';

const CSV_TYPES = ['text/csv', 'application/csv', 'text/plain', 'application/vnd.ms-excel'];

// POST /imports?entity_type=students&dry_run=true with the CSV as multipart field `file`.
// Uploads are limited to 20 an hour per user (the seed's upload limit).
export function importsRoutes(fastify: FastifyInstance, s: ImportsService) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.post(
    '/api/v1/imports',
    { config: { permission: 'imports.create', rateLimit: { max: 20, timeWindow: 3_600_000 } }, schema: { querystring: ZImportFields } },
    async (req, reply) => {
      if (!req.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the CSV as multipart/form-data in a field named "file".');
      const file = await req.file();
      if (!file || file.fieldname !== 'file') throw AppError.validation({ file: ['Attach a CSV file in the field "file".'] });
      if (!CSV_TYPES.includes(file.mimetype) && !file.filename.toLowerCase().endsWith('.csv')) {
        file.file.resume();
        throw AppError.validation({ file: ['The file must be a CSV.'] });
      }
      const q = req.query;
      reply.status(202);
      return ok(await s.start(actorOf(req), q, file.file, file.filename, req.meta), q.dry_run === 'true' ? 'Dry run started.' : 'Import started.');
    },
  );
  app.get('/api/v1/imports', { config: { permission: 'imports.view' }, schema: { querystring: ZImportListQuery } }, async (req) => {
    const q = req.query;
    const { items, total } = await s.list(actorOf(req), q);
    return paginated(items, total, q.page, q.per_page);
  });
  app.get('/api/v1/imports/:id', { config: { permission: 'imports.view' }, schema: { params: ZIdParams } }, async (req) => ok(await s.get(actorOf(req), req.params.id)));
  app.get('/api/v1/imports/:id/errors', { config: { permission: 'imports.view' }, schema: { params: ZIdParams } }, async (req, reply) => {
    const stream = await s.errors(actorOf(req), req.params.id);
    reply.header('Content-Type', 'text/csv; charset=utf-8').header('Content-Disposition', `attachment; filename="import-errors.csv"`);
    return reply.send(stream);
  });
}
