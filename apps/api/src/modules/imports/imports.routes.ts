import { ZErrorEnvelope, ZIdParams, ZImportEnvelope, ZImportFields, ZImportListEnvelope, ZImportListQuery, fileAnswer } from '@bitflow/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../../http/auth.js';
import { ok, paginated } from '../../http/envelope.js';
import { formFile, multipartFileBody } from '../uploads/multipart.js';
import type { ImportsService } from './imports.service.js';

// POST /imports?entity_type=students&dry_run=true with the CSV as multipart field `file`.
// Uploads are limited to 20 an hour per user (the seed's upload limit).
export function importsRoutes(fastify: FastifyInstance, s: ImportsService) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.post('/api/v1/imports', {
    config: { permission: 'imports.create', rateLimit: { max: 20, timeWindow: 3_600_000 } },
    schema: {
      operationId: 'startImport', summary: 'Upload a CSV and import its rows in the background (or dry-run them)', querystring: ZImportFields,
      ...multipartFileBody('The CSV, one row per record, with a header row.'),
      // 415: not multipart; 503: the job queue is down, so nothing would process it.
      response: { 202: ZImportEnvelope, 415: ZErrorEnvelope, 503: ZErrorEnvelope },
    },
  }, async (req, reply) => {
    const file = await formFile(req, { notMultipart: 'Send the CSV as multipart/form-data in a field named "file".', missing: 'Attach a CSV file in the field "file".' });
    const imp = await s.start(actorOf(req), req.query, { stream: file.file, filename: file.filename, mimetype: file.mimetype }, req.meta);
    return reply.status(202).send(ok(imp, imp.dry_run ? 'Dry run started.' : 'Import started.'));
  });
  app.get('/api/v1/imports', {
    config: { permission: 'imports.view' },
    schema: { operationId: 'listImports', summary: 'List imports', querystring: ZImportListQuery, response: { 200: ZImportListEnvelope } },
  }, async (req) => {
    const q = req.query;
    const { items, total } = await s.list(actorOf(req), q);
    return paginated(items, total, q.page, q.per_page);
  });
  app.get('/api/v1/imports/:id', {
    config: { permission: 'imports.view' },
    schema: { operationId: 'getImport', summary: 'Get an import: its progress, counts and whether it has an error report', params: ZIdParams, response: { 200: ZImportEnvelope } },
  }, async (req) => ok(await s.get(actorOf(req), req.params.id)));
  app.get('/api/v1/imports/:id/errors', {
    config: { permission: 'imports.view' },
    schema: {
      operationId: 'downloadImportErrors', summary: 'Download the rows an import refused, each with why', params: ZIdParams,
      response: { 200: fileAnswer('The refused cells as CSV, one line each: row (as a spreadsheet numbers it), column, message.', 'text/csv') },
    },
  }, async (req, reply) => {
    const stream = await s.errors(actorOf(req), req.params.id);
    reply.header('Content-Type', 'text/csv; charset=utf-8').header('Content-Disposition', 'attachment; filename="import-errors.csv"');
    return reply.send(stream);
  });
}
