import { ERROR_CODES, ZErrorEnvelope, type ErrorCode } from '@bitflow/contracts';
import type { RouteOptions } from 'fastify';

// The error answers of a route follow from what it declares, so they are added here once rather
// than written on 118 routes: every /api route can be rate limited (429), can fail (500 INTERNAL, its
// details hidden) and can answer 503 (past the
// request deadline, or the database or the queue unavailable); a route behind sign-in can
// answer 401 and 403 (a permission, a suspended tenant, impersonation); a route with an :id can
// answer 404; one that reads a body or a query can answer 400/422; a write can answer 409 and 413.
// A route's own declaration of a status wins. The tag is the API area (the path's first segment).

const has = (schema: Record<string, unknown>, key: string) => schema[key] !== undefined;

export function errorStatusesOf(route: Pick<RouteOptions, 'method' | 'url' | 'config' | 'schema'>): number[] {
  const schema = (route.schema ?? {}) as Record<string, unknown>;
  const config = (route.config ?? {}) as { public?: boolean; optionalAuth?: boolean };
  const methods = [route.method].flat();
  const statuses = new Set<number>([429, 500, 503]);
  if (!config.public) statuses.add(401).add(403);
  if (/:\w+/.test(route.url)) statuses.add(404);
  if (has(schema, 'body') || has(schema, 'querystring') || has(schema, 'params')) statuses.add(422);
  if (has(schema, 'body')) statuses.add(400).add(413);
  if (methods.some((m) => m === 'POST' || m === 'PUT' || m === 'PATCH')) statuses.add(409);
  return [...statuses].sort();
}

/** Where the API area of a path is: `/api/v1/god-mode/…` → `god-mode`. */
export function tagOf(url: string) {
  const m = /^\/api\/v1\/([\w-]+)/.exec(url);
  return m ? m[1]! : 'health';
}

const codesByStatus = new Map<number, ErrorCode[]>();
for (const [code, def] of Object.entries(ERROR_CODES)) codesByStatus.set(def.status, [...(codesByStatus.get(def.status) ?? []), code as ErrorCode]);

/** The text the OpenAPI document gives an error status: its codes and what they mean. */
export function errorDescription(status: number) {
  const codes = codesByStatus.get(status) ?? [];
  return codes.map((c) => `${c}: ${ERROR_CODES[c].description}`).join(' ');
}

/** onRoute: adds the tag and the error answers to an /api route's schema. */
export function documentRoute(route: RouteOptions) {
  if (!route.url.startsWith('/api/') && route.url !== '/up') return;
  const schema = (route.schema ??= {}) as Record<string, unknown>;
  schema.tags ??= [tagOf(route.url)];
  const response = (schema.response ??= {}) as Record<string | number, unknown>;
  for (const status of errorStatusesOf(route)) response[status] ??= ZErrorEnvelope;
}
