import { ZIdParams, ZPageQuery } from '@bitflow/contracts';
import contentDisposition from 'content-disposition';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../core/app-error.js';
import { actorOf } from '../../http/auth.js';
import { ok, paginated } from '../../http/envelope.js';
import type { UploadsService } from './uploads.service.js';

const MAX_BYTES = 10 * 1024 * 1024;
const ZTarget = z.object({ entity_type: z.enum(['student', 'faculty']), entity_id: z.uuid() }).strict();

// Photos and documents attached to students and faculty. 20 uploads per hour per user (the seed).
export function uploadsRoutes(fastify: FastifyInstance, s: UploadsService) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.post('/api/v1/uploads', { config: { permission: 'uploads.create', rateLimit: { max: 20, timeWindow: 3_600_000 } }, schema: { querystring: ZTarget } }, async (req, reply) => {
    if (!req.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the file as multipart/form-data in a field named "file".');
    const file = await req.file({ limits: { fileSize: MAX_BYTES } });
    if (!file || file.fieldname !== 'file') throw AppError.validation({ file: ['Attach a file in the field "file".'] });
    const buf = await file.toBuffer();
    if (buf.length === 0) throw AppError.validation({ file: ['The file is empty.'] });
    reply.status(201);
    return ok(await s.upload(actorOf(req), req.query, buf, file.filename, req.meta), 'File uploaded.');
  });
  app.get('/api/v1/uploads', { config: { permission: 'uploads.view' }, schema: { querystring: ZPageQuery.omit({ q: true }).extend({ entity_type: z.enum(['student', 'faculty']).optional(), entity_id: z.uuid().optional() }).strict() } }, async (req) => {
    const q = req.query;
    const { items, total } = await s.list(actorOf(req), q);
    return paginated(items, total, q.page, q.per_page);
  });
  app.get('/api/v1/uploads/:id', { config: { permission: 'uploads.view' }, schema: { params: ZIdParams } }, async (req) => ok(await s.get(actorOf(req), req.params.id)));
  app.get('/api/v1/uploads/:id/download', { config: { permission: 'uploads.view' }, schema: { params: ZIdParams } }, async (req, reply) => {
    const { file, stream } = await s.download(actorOf(req), req.params.id);
    // Always a download, of the type found at upload, never rendered or re-sniffed by the browser;
    // a name outside Latin-1 (学生.pdf) travels as RFC 5987 filename*= beside an ASCII fallback.
    reply
      .header('Content-Type', file.mime_type)
      .header('Content-Length', String(file.size))
      .header('Content-Disposition', contentDisposition(file.original_name, { type: 'attachment' }))
      .header('X-Content-Type-Options', 'nosniff')
      .header('Content-Security-Policy', "default-src 'none'; sandbox");
    return reply.send(stream);
  });
  app.delete('/api/v1/uploads/:id', { config: { permission: 'uploads.delete' }, schema: { params: ZIdParams } }, async (req) => {
    await s.delete(actorOf(req), req.params.id, req.meta);
    return ok(null, 'File deleted.');
  });
}
