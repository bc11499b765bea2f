import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FastifyInstance } from 'fastify';

// Serves the Next.js portal (apps/web) from the API process, on the same origin and port, so the
// browser needs no CORS and the refresh cookie stays first-party. Every GET/HEAD that is not the
// API's goes to Next's request handler. `next` is a dependency of apps/web only and is loaded from
// there at run time: without a web build (or without `next` installed) the API runs on its own.
//
// Security headers: Fastify's helmet hook has already put its headers on the raw response when the
// handler runs; Next's proxy (apps/web/proxy.ts) replaces helmet's strict CSP (script-src 'self',
// which would block Next's inline bootstrap scripts) with a per-request nonce policy for pages.

const API_PATHS = /^\/(?:api|up|docs|metrics|\.well-known)(?:[/?#]|$)/;

export interface MountNextOptions {
  /** The web app's directory (apps/web), holding package.json and the .next build. */
  dir: string;
  /** Next's development server (compiles on request, hot reload). Default false: the production build. */
  dev?: boolean;
}

interface NextServer {
  prepare(): Promise<void>;
  getRequestHandler(): (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  close?(): Promise<void>;
}
type CreateNext = (options: { dir: string; dev: boolean; quiet?: boolean; customServer?: boolean }) => NextServer;

/** True when the portal was mounted; false (and a log line) when there is nothing to serve. */
export async function mountNext(app: FastifyInstance, options: MountNextOptions | string): Promise<boolean> {
  const { dir, dev = false } = typeof options === 'string' ? { dir: options } : options;
  if (!dev && !fs.existsSync(path.join(dir, '.next', 'BUILD_ID'))) {
    app.log.info({ dir }, 'portal not built; serving the API only');
    return false;
  }
  let entry: string;
  try {
    entry = createRequire(path.join(dir, 'package.json')).resolve('next');
  } catch {
    app.log.warn({ dir }, 'portal build found but the `next` package is not installed; serving the API only');
    return false;
  }
  const mod = (await import(pathToFileURL(entry).href)) as { default: CreateNext | { default: CreateNext } };
  const createNext = typeof mod.default === 'function' ? mod.default : mod.default.default;
  const web = createNext({ dir, dev, quiet: !dev, customServer: true });
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
      try {
        await handle(req.raw, reply.raw);
      } catch (err) {
        req.log.error({ err }, 'portal request failed');
        if (!reply.raw.headersSent) {
          reply.raw.statusCode = 500;
          reply.raw.setHeader('Content-Type', 'text/plain; charset=utf-8');
        }
        if (!reply.raw.writableEnded) reply.raw.end('Internal Server Error');
      }
    },
  });
  app.addHook('onClose', async () => {
    await web.close?.();
  });
  return true;
}
