import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';

// Serves the built Next.js portal from the API process, on the same origin and port: every GET that
// is not the API (/api, /docs, /up, /metrics, /.well-known) goes to Next's request handler. Skipped
// when the portal has not been built, so the API runs on its own too.
const API_PATHS = /^\/(api|docs|up|metrics|\.well-known)(\/|\?|$)/;

export async function mountNext(app: FastifyInstance, dir: string): Promise<boolean> {
  if (!fs.existsSync(path.join(dir, '.next', 'BUILD_ID'))) return false;
  const { default: next } = (await import('next')) as unknown as { default: (o: { dir: string; dev: boolean; quiet: boolean }) => { prepare(): Promise<void>; getRequestHandler(): (req: unknown, res: unknown) => Promise<void>; close?(): Promise<void> } };
  const web = next({ dir, dev: false, quiet: true });
  await web.prepare();
  const handle = web.getRequestHandler();
  app.route({
    method: ['GET', 'HEAD'],
    url: '/*',
    config: { public: true },
    schema: { hide: true },
    handler: async (req, reply) => {
      if (API_PATHS.test(req.url)) return reply.callNotFound();
      reply.hijack();
      await handle(req.raw, reply.raw);
    },
  });
  return true;
}
