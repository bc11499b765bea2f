import { z } from 'zod';
import { ERROR_CODE_NAMES } from './errors.js';

// The seed's response envelope. Every API response has this shape.
export const ZPagination = z.strictObject({
  current_page: z.number().int(),
  per_page: z.number().int(),
  total: z.number().int(),
  last_page: z.number().int(),
  from: z.number().int().nullable(),
  to: z.number().int().nullable(),
  total_capped: z.boolean().optional(),
  /** Lists with keyset paging: pass as `cursor` to get the next page at page-1 cost; null on the last page. */
  next_cursor: z.string().nullable().optional(),
}).meta({ id: 'Pagination' });
export type Pagination = z.infer<typeof ZPagination>;

export const ZErrorEnvelope = z.strictObject({
  success: z.literal(false),
  message: z.string(),
  errors: z.record(z.string(), z.array(z.string())).optional(),
  /** Stable machine code beside the seed's fields; the list and meanings are in errors.ts. */
  code: z.enum(ERROR_CODE_NAMES),
}).meta({ id: 'ErrorEnvelope' });
export type ErrorEnvelope = z.infer<typeof ZErrorEnvelope>;

// Response schemas are strict objects: the API's tests reject an answer with a field its contract
// does not name, and production serializes exactly the named fields (see apps/api/src/http/serialize.ts).

/** `{success: true, message, data}` around one answer. */
export function successEnvelope<T extends z.ZodType>(data: T) {
  return z.strictObject({ success: z.literal(true), message: z.string(), data });
}

/** A page of items with its pagination. */
export function listEnvelope<T extends z.ZodType>(item: T) {
  return successEnvelope(z.strictObject({ items: z.array(item), pagination: ZPagination }));
}

/** The answer of an action that returns nothing but its message (delete, sign-out, …). */
export const ZMessageEnvelope = successEnvelope(z.null()).meta({ id: 'MessageEnvelope' });

/** The data type a success schema wraps: what a service returns for its route. */
export type DataOf<S extends z.ZodType> = z.output<S> extends { data: infer D } ? D : never;

/** Query parameters every list endpoint accepts. Defaults follow the seed: 15 per page, max 100. */
export const ZPageQuery = z.object({
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  per_page: z.coerce.number().int().min(1).max(100).default(15),
  q: z.string().trim().max(200).optional(),
});
export type PageQuery = z.infer<typeof ZPageQuery>;

/** List queries that also take a keyset cursor (the academic resources); `cursor` replaces `page`. */
export const ZKeysetPageQuery = ZPageQuery.extend({
  cursor: z.string().regex(/^[\w-]{1,600}$/, 'This cursor is not valid. Start again from the first page.').optional(),
});

export const ZUuid = z.uuid();
export const ZIdParams = z.object({ id: z.uuid() }).strict();

/**
 * A download or stream answer (CSV, PDF, a stored file, `text/event-stream`) as a route's response
 * entry: the OpenAPI document shows its media types; the body is not JSON, so nothing validates it.
 */
export function fileAnswer(description: string, ...mediaTypes: [string, ...string[]]) {
  // Typed as unknown so a handler may send a stream or a buffer; documented as a binary string.
  const body = z.unknown().meta({ type: 'string', format: 'binary' });
  return { description, content: Object.fromEntries(mediaTypes.map((t) => [t, { schema: body }])) };
}
