import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ERROR_STATUS, type ErrorCode, type FieldErrors } from '@bitflow/contracts';
import { AppError, errorEnvelope } from '../core/app-error.js';
import { setSecurityHeaders } from './security.js';

// One place turns every failure into the seed's error envelope with its stable code (contracts'
// ERROR_CODES). 5xx details are logged, never sent.

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

// Fastify's and its plugins' own 4xx errors (body parser, multipart limits) carry a status but no
// code of ours. Each status with a code of its own keeps it; any other (multipart's 406 for a body
// that is not multipart) is a request we could not read: 400 BAD_REQUEST.
const CODE_OF_STATUS: Record<number, ErrorCode> = {
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'VALIDATION_FAILED',
  429: 'RATE_LIMITED',
};
const FRAMEWORK_MESSAGES: Partial<Record<ErrorCode, string>> = {
  BAD_REQUEST: 'The request could not be understood.',
  PAYLOAD_TOO_LARGE: 'The request body is too large.',
  UNSUPPORTED_MEDIA_TYPE: 'Unsupported content type.',
  RATE_LIMITED: 'Too many requests. Please try again later.',
};
const INVALID_JSON = new Set(['FST_ERR_CTP_INVALID_JSON_BODY', 'FST_ERR_CTP_EMPTY_JSON_BODY']);

/** Sends one error answer: the status always comes from the code (ERROR_STATUS), never beside it. */
function sendError(reply: FastifyReply, code: ErrorCode, message: string, errors?: FieldErrors) {
  return reply.status(ERROR_STATUS[code]).send(errorEnvelope(code, message, errors));
}

export function registerErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError | AppError, request, reply) => {
    if (err instanceof AppError) {
      if (err.headers) reply.headers(err.headers);
      return sendError(reply, err.code, err.message, err.errors);
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      // `as never`: the type provider types `validation` as Fastify's generic shape; it holds zod issues.
      return sendError(reply, 'VALIDATION_FAILED', 'Validation failed', fieldErrorsFromZod(err.validation as never, err.validationContext));
    }
    const status = err.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const code = CODE_OF_STATUS[status] ?? 'BAD_REQUEST';
      const message = INVALID_JSON.has(err.code) ? 'The request body is not valid JSON.' : (FRAMEWORK_MESSAGES[code] ?? 'The request could not be processed.');
      return sendError(reply, code, message);
    }
    // The database did not answer in time, or is unreachable: a passing condition, not a bug.
    if (UNAVAILABLE_CODES.has(String((err as { code?: unknown }).code))) {
      request.log.warn({ err }, 'database unavailable');
      reply.header('Retry-After', '5');
      return sendError(reply, 'SERVICE_UNAVAILABLE', 'The server is busy. Please try again in a moment.');
    }
    request.log.error({ err }, 'unhandled error');
    return sendError(reply, 'INTERNAL', 'Something went wrong on our side. Please try again.');
  });

  app.setNotFoundHandler((request, reply) => {
    sendError(reply, 'NOT_FOUND', `Route ${request.method} ${request.url.split('?')[0]} not found.`);
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
  if (err.code === 'FST_ERR_MAX_PARAM_LENGTH') return sendError(reply, 'NOT_FOUND', 'Not found.');
  if (err.code === 'FST_ERR_BAD_URL') return sendError(reply, 'BAD_REQUEST', 'The URL is not valid.');
  request.log.error({ err }, 'router error');
  return sendError(reply, 'INTERNAL', 'Something went wrong on our side. Please try again.');
}
