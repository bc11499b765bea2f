import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { errorDescription } from './operation-docs.js';

/**
 * The type provider registers an input and an output variant of every named schema; a response
 * envelope's input variant (and a top-level envelope it inlines) is never referenced. Only the
 * schemas some operation reaches stay, so a generated client gets no dead types.
 */
function withoutUnusedSchemas<T extends object>(doc: T): T {
  const { components, ...rest } = doc as { components?: { schemas?: Record<string, unknown> } };
  const schemas = components?.schemas;
  if (!schemas) return doc;
  const used = new Set<string>();
  const visit = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string' && v.startsWith('#/components/schemas/')) {
        const name = v.slice('#/components/schemas/'.length);
        if (!used.has(name)) {
          used.add(name);
          visit(schemas[name]);
        }
      } else visit(v);
    }
  };
  visit(rest);
  return { ...rest, components: { ...components, schemas: Object.fromEntries(Object.entries(schemas).filter(([name]) => used.has(name))) } } as T;
}

// The API areas, in the order the document lists them; each route's tag is its area (operation-docs.ts).
const TAGS: Record<string, string> = {
  auth: 'Sign-in, tokens, MFA, sessions and the caller’s own account.',
  universities: 'Universities (tenants): God Mode creates and suspends them; an owner edits their own.',
  colleges: 'Colleges of a university.',
  departments: 'Departments of a college.',
  courses: 'Courses offered by a college.',
  students: 'Students, with personal fields encrypted at rest and masked without view_sensitive.',
  faculty: 'Faculty members, like students.',
  enrollments: 'Enrolments of students in courses.',
  users: 'Staff accounts of a university.',
  roles: 'Roles and their permissions.',
  dashboard: 'The dashboard’s figures.',
  search: 'Search across the academic records.',
  'audit-logs': 'The tamper-evident audit trail.',
  reports: 'Background reports (PDF, CSV).',
  'scheduled-reports': 'Reports run on a schedule and e-mailed.',
  compliance: 'Access reviews recorded against access-review reports.',
  imports: 'Bulk CSV imports.',
  uploads: 'Files: photos and documents of students and faculty.',
  notifications: 'Notifications, read state and the live stream.',
  'god-mode': 'The platform owner’s cross-tenant console.',
  health: 'Liveness and readiness.',
};

// OpenAPI 3 generated from the same zod schemas that validate requests and answers: /docs (UI), /docs/json.
export async function registerOpenApi(app: FastifyInstance) {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Bitflow Owner Portal API',
        version: '1.0.0',
        description: 'Multi-tenant university management. Every response uses the envelope {success, message, data | errors}; errors also carry a stable `code`.',
        license: { name: 'MIT', url: 'https://opensource.org/licenses/MIT' },
      },
      servers: [{ url: '/', description: 'This server' }],
      tags: Object.entries(TAGS).map(([name, description]) => ({ name, description })),
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
      security: [{ bearer: [] }],
    },
    transform: (input) => {
      const out = jsonSchemaTransform(input);
      const response = (out.schema as { response?: Record<string, Record<string, unknown>> } | undefined)?.response;
      // Error answers share one component; each status says which codes it carries and why.
      for (const [status, body] of Object.entries(response ?? {})) {
        if (Number(status) >= 400 && body && !body.description) response![status] = { ...body, description: errorDescription(Number(status)) };
      }
      return out;
    },
    transformObject: (input) => withoutUnusedSchemas(jsonSchemaTransformObject(input)),
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: false, uiConfig: { docExpansion: 'list', deepLinking: true } });
}
