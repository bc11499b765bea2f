import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { FieldErrors } from '@bitflow/contracts';
import { AppError } from './app-error.js';
import { setSecurityHeaders } from './security.js';

// One place turns every failure into the seed's error envelope. 5xx details are logged, never sent.

interface ValidationItem {
  keyword: string;
  instancePath: string;
  message?: string;
  params?: { keys?: string[] };
}

// fastify-type-provider-zod reports zod issues as { keyword: zod code, instancePath: "/a/0/b" }.
function fieldErrorsFromZod(items: ValidationItem[], context: string | undefined): FieldErrors {
  const out: FieldErrors = {};
  const add = (field: string, message: string) => (out[field] ??= []).push(message);
  for (const v of items) {
    const base = v.instancePath.replace(/^\//, '').replace(/\//g, '.');
    if (v.keyword === 'unrecognized_keys' && v.params?.keys?.length) {
      for (const key of v.params.keys) add(base ? `${base}.${key}` : key, 'This field is not allowed.');
      continue;
    }
    let message = v.message ?? 'Invalid value';
    if (/^Invalid input: expected .* received undefined$/.test(message)) message = 'This field is required.';
    add(base || (context ?? 'body'), message);
  }
  return out;
}

// mysql2's query deadline (platform/db-timeout.ts) and lost or refused connections.
const UNAVAILABLE_CODES = new Set(['PROTOCOL_SEQUENCE_TIMEOUT', 'PROTOCOL_CONNECTION_LOST', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ER_CON_COUNT_ERROR']);

export function registerErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError | AppError, request, reply) => {
    if (err instanceof AppError) {
      if (err.headers) reply.headers(err.headers);
      return reply.status(err.status).send({ success: false, message: err.message, ...(err.errors ? { errors: err.errors } : {}) });
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      return reply.status(422).send({
        success: false,
        message: 'Validation failed',
        errors: fieldErrorsFromZod(err.validation as never, err.validationContext),
      });
    }
    const status = err.statusCode ?? 500;
    if (status === 429) {
      return reply.status(429).send({ success: false, message: err.message || 'Too many requests. Please try again later.' });
    }
    if (status >= 400 && status < 500) {
      const messages: Record<number, string> = {
        400: 'The request could not be understood.',
        413: 'The request body is too large.',
        415: 'Unsupported content type.',
      };
      const message = err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
        ? 'The request body is not valid JSON.'
        : (messages[status] ?? 'The request could not be processed.');
      return reply.status(status === 400 ? 400 : status).send({ success: false, message });
    }
    // The database did not answer in time, or is unreachable: a passing condition, not a bug.
    if (UNAVAILABLE_CODES.has(String((err as { code?: unknown }).code))) {
      request.log.warn({ err }, 'database unavailable');
      return reply.status(503).header('Retry-After', '5').send({ success: false, message: 'The server is busy. Please try again in a moment.' });
    }
    request.log.error({ err }, 'unhandled error');
    return reply.status(500).send({ success: false, message: 'Something went wrong on our side. Please try again.' });
  });

  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send({ success: false, message: `Route ${request.method} ${request.url.split('?')[0]} not found.` });
  });
}

/**
 * Fastify's `frameworkErrors`: the router refuses a URL before any hook runs (bad percent-encoding
 * such as /students/%FF, a path parameter over maxParamLength). Without this Fastify answers its own
 * raw JSON with no envelope and none of the security headers, so both are added here.
 */
export function renderFrameworkError(err: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  setSecurityHeaders(request.raw, reply.raw);
  reply.header('X-Request-Id', request.id);
  // No stored id is longer than a path parameter may be: such a URL names nothing, like an unknown id.
  if (err.code === 'FST_ERR_MAX_PARAM_LENGTH') return reply.status(404).send({ success: false, message: 'Not found.' });
  if (err.code === 'FST_ERR_BAD_URL') return reply.status(400).send({ success: false, message: 'The URL is not valid.' });
  request.log.error({ err }, 'router error');
  return reply.status(500).send({ success: false, message: 'Something went wrong on our side. Please try again.' });
}
