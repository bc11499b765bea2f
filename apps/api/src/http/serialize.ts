import fastJson from 'fast-json-stringify';
import type { FastifyInstance, FastifySerializerCompiler } from 'fastify';
import { z } from 'zod';

// Every route declares its answers (zod, from @bitflow/contracts). Two ways to write them:
// - checking (tests, development): each answer is parsed against its schema first; a mismatch is
//   recorded with the route, the status and the field, and the request fails, so a suite cannot pass
//   with an answer its contract does not describe. Statuses a route did not declare are recorded too.
// - production: the schemas compile once into fast-json-stringify serializers, so the contract costs
//   nothing per request (it writes the declared fields, faster than JSON.stringify).
// The response schemas are strict objects, so an answer that passes the check loses nothing in the
// production serializer.

/** What the checking serializer saw in this process; the test setup fails a test on any mismatch. */
export const responseChecks = { validated: 0, mismatches: [] as string[], undeclared: [] as string[] };

type Schema = z.ZodType;

function describeIssues(error: z.ZodError) {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ');
}

export function checkingSerializer(): FastifySerializerCompiler<Schema> {
  return ({ schema, method, url, httpStatus }) =>
    (data: unknown) => {
      const result = schema.safeParse(data);
      responseChecks.validated++;
      if (!result.success) {
        const what = `${method} ${url} → ${httpStatus}: ${describeIssues(result.error)}`;
        responseChecks.mismatches.push(what);
        throw new Error(`Response does not match its schema: ${what}`);
      }
      return JSON.stringify(data);
    };
}

/**
 * zod's JSON Schema, reshaped where fast-json-stringify would be slow or wrong: `anyOf [X, null]`
 * (zod's nullable) becomes `type: [X, 'null']`, which fast-json-stringify writes without trying each
 * branch at run time.
 */
export function toSerializableJsonSchema(schema: Schema): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { target: 'draft-7', io: 'output', unrepresentable: 'any' }) as Record<string, unknown>;
  return simplify(json) as Record<string, unknown>;
}

function simplify(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(simplify);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) out[k] = k === 'properties' ? Object.fromEntries(Object.entries(v as object).map(([p, s]) => [p, simplify(s)])) : simplify(v);
  const anyOf = out.anyOf as Record<string, unknown>[] | undefined;
  if (anyOf && anyOf.length === 2) {
    const nullIdx = anyOf.findIndex((b) => b.type === 'null' && Object.keys(b).length === 1);
    const other = anyOf[1 - nullIdx];
    if (nullIdx >= 0 && other && typeof other.type === 'string' && other.type !== 'object' && other.type !== 'array') {
      delete out.anyOf;
      return { ...out, ...other, type: [other.type, 'null'] };
    }
  }
  return out;
}

export function stringifyingSerializer(): FastifySerializerCompiler<Schema> {
  // The shared error envelope (and any schema several routes share) compiles once.
  const compiled = new WeakMap<object, (data: unknown) => string>();
  return ({ schema }) => {
    let fn = compiled.get(schema);
    if (!fn) {
      fn = fastJson(toSerializableJsonSchema(schema) as unknown as Parameters<typeof fastJson>[0]) as (data: unknown) => string;
      compiled.set(schema, fn);
    }
    return fn;
  };
}

/** Installs the serializer for the mode, and in checking mode records answers a route did not declare. */
export function registerResponseContract(app: FastifyInstance, check: boolean) {
  app.setSerializerCompiler(check ? checkingSerializer() : stringifyingSerializer());
  if (!check) return;
  app.addHook('onSend', (req, reply, payload, done) => {
    const response = req.routeOptions.schema?.response as Record<string, unknown> | undefined;
    const status = reply.statusCode;
    const type = String(reply.getHeader('content-type') ?? '');
    if (req.url.startsWith('/api/') && type.startsWith('application/json') && req.routeOptions.url) {
      const declared = response && (response[status] ?? response[`${String(status)[0]}xx`] ?? response.default);
      if (!declared) responseChecks.undeclared.push(`${req.method} ${req.routeOptions.url} → ${status}: status not declared in the route's response schemas`);
    }
    done(null, payload);
  });
}
