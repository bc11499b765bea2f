import { THUMBNAIL_MEDIA_TYPES, THUMBNAIL_WIDTHS, UPLOAD_ENTITY_TYPES, UPLOAD_KINDS, UPLOAD_MEDIA_TYPES, ZErrorEnvelope, ZIdParams, ZMessageEnvelope, ZPageQuery, ZUploadedFileEnvelope, ZUploadedFileListEnvelope, fileAnswer } from '@bitflow/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/auth.js';
import { ok, paginated } from '../../http/envelope.js';
import { formFile, multipartFileBody } from './multipart.js';
import type { UploadsService } from './uploads.service.js';

const MAX_BYTES = 10 * 1024 * 1024;
const ZTarget = z
  .object({
    entity_type: z.enum(UPLOAD_ENTITY_TYPES),
    entity_id: z.uuid(),
    kind: z.enum(UPLOAD_KINDS).default('document').describe('photo: a PNG, JPEG or WebP image of the person; document (the default): any accepted type.'),
  })
  .strict();
const ZUploadListQuery = ZPageQuery.omit({ q: true })
  .extend({ entity_type: z.enum(UPLOAD_ENTITY_TYPES).optional(), entity_id: z.uuid().optional(), kind: z.enum(UPLOAD_KINDS).optional().describe('kind=photo&per_page=1: the person’s current photo (newest first).') })
  .strict();
const MAX_WIDTH = THUMBNAIL_WIDTHS[THUMBNAIL_WIDTHS.length - 1];
const ZThumbnailQuery = z
  .object({ w: z.coerce.number().int().min(1).max(4096).default(256).describe(`Width in pixels, rounded up to one of ${THUMBNAIL_WIDTHS.join(', ')} (${MAX_WIDTH} at most).`) })
  .strict();

// Photos and documents attached to students and faculty. 20 uploads per hour per user (the seed).
// Uploading or deleting one also takes the right to update that person (uploads.service.ts).
export function uploadsRoutes(fastify: FastifyInstance, s: UploadsService) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.post('/api/v1/uploads', {
    config: { permission: 'uploads.create', rateLimit: { max: 20, timeWindow: 3_600_000 } },
    schema: {
      operationId: 'uploadFile', summary: 'Upload a photo or document of a student or faculty member', querystring: ZTarget,
      ...multipartFileBody('PNG, JPEG, WebP or PDF, at most 10 MB; typed by its bytes, not its name.'),
      // 415: not multipart, or not a type we take.
      response: { 201: ZUploadedFileEnvelope, 415: ZErrorEnvelope },
    },
  }, async (req, reply) => {
    const file = await formFile(req, { notMultipart: 'Send the file as multipart/form-data in a field named "file".', missing: 'Attach a file in the field "file".' }, { fileSize: MAX_BYTES });
    const buf = await file.toBuffer();
    return reply.status(201).send(ok(await s.upload(actorOf(req), req.query, buf, file.filename, req.meta), 'File uploaded.'));
  });
  app.get('/api/v1/uploads', {
    config: { permission: 'uploads.view' },
    schema: { operationId: 'listUploads', summary: 'List uploaded files', querystring: ZUploadListQuery, response: { 200: ZUploadedFileListEnvelope } },
  }, async (req) => {
    const q = req.query;
    const { items, total } = await s.list(actorOf(req), q);
    return paginated(items, total, q.page, q.per_page);
  });
  app.get('/api/v1/uploads/:id/thumbnail', {
    config: { permission: 'uploads.view' },
    schema: {
      operationId: 'uploadThumbnail', summary: 'A resized preview of an uploaded image', params: ZIdParams, querystring: ZThumbnailQuery,
      description: 'The image scaled to fit a w×w box (never enlarged), upright, without metadata: WebP when Accept names image/webp, JPEG otherwise. Private, cacheable for a day, with an ETag (If-None-Match → 304). A PDF has none (422).',
      response: {
        200: fileAnswer('The resized image.', ...THUMBNAIL_MEDIA_TYPES),
        304: fileAnswer('The client’s copy (If-None-Match) is current; no body.', ...THUMBNAIL_MEDIA_TYPES),
      },
    },
  }, async (req, reply) => {
    const t = await s.thumbnail(actorOf(req), req.params.id, req.query.w, req.headers.accept, req.headers['if-none-match']);
    reply.headers(t.headers);
    return t.notModified ? reply.status(304).send() : reply.send(t.body);
  });
  app.get('/api/v1/uploads/:id', {
    config: { permission: 'uploads.view' },
    schema: { operationId: 'getUpload', summary: 'Get an uploaded file’s details', params: ZIdParams, response: { 200: ZUploadedFileEnvelope } },
  }, async (req) => ok(await s.get(actorOf(req), req.params.id)));
  app.get('/api/v1/uploads/:id/download', {
    config: { permission: 'uploads.view' },
    schema: {
      operationId: 'downloadUpload', summary: 'Download an uploaded file', params: ZIdParams,
      response: { 200: fileAnswer('The file as an attachment, of the type detected at upload (its mime_type).', ...UPLOAD_MEDIA_TYPES) },
    },
  }, async (req, reply) => {
    const { stream, headers } = await s.download(actorOf(req), req.params.id);
    return reply.headers(headers).send(stream);
  });
  app.delete('/api/v1/uploads/:id', {
    config: { permission: 'uploads.delete' },
    schema: { operationId: 'deleteUpload', summary: 'Delete an uploaded file', params: ZIdParams, response: { 200: ZMessageEnvelope } },
  }, async (req) => {
    await s.delete(actorOf(req), req.params.id, req.meta);
    return ok(null, 'File deleted.');
  });
}
