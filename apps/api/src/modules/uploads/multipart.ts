import type { MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../core/app-error.js';

// The upload routes (uploads, imports) take one file as multipart/form-data. @fastify/multipart hands
// the handler the stream and leaves `body` undefined, so the body schema only documents the form in
// the OpenAPI document (`consumes` names its media type) and accepts anything at run time: a JSON
// body still reaches the handler and is refused there with 415, as before.

/** `schema.body` + `schema.consumes` of a route that takes one file in the form field `file`. */
export function multipartFileBody(description: string) {
  const body = z.unknown().meta({
    type: 'object',
    required: ['file'],
    properties: { file: { type: 'string', format: 'binary', description } },
  });
  return { body, consumes: ['multipart/form-data'] };
}

/** The file of the form field `file`; the messages say what to send when it is not multipart (415) or not there (422). */
export async function formFile(req: FastifyRequest, say: { notMultipart: string; missing: string }, limits?: { fileSize: number }): Promise<MultipartFile> {
  if (!req.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE', say.notMultipart);
  const file = await req.file(limits ? { limits } : undefined);
  if (!file || file.fieldname !== 'file') throw AppError.validation({ file: [say.missing] });
  return file;
}
