import type { IncomingMessage, ServerResponse } from 'node:http';
import cors from '@fastify/cors';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import helmet from 'helmet';
import type { Config } from '../config.js';

// The seed's security headers on every response (errors and 404s included) and CORS from an allowlist.
const PERMISSIONS_POLICY = 'camera=(), microphone=(), geolocation=(), payment=(), usb=()';

// Helmet's middleware is built once here and applied to each response. (@fastify/helmet, used
// before, called `helmet(options)` per request — re-parsing the CSP and rebuilding every header
// function: 4 % of the API's busy time in a get-by-id profile.)
const securityHeaders = helmet({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      baseUri: ["'self'"],
      frameAncestors: ["'none'"],
      objectSrc: ["'none'"],
      imgSrc: ["'self'", 'data:'],
      // Swagger UI at /docs needs inline styles; nothing needs inline scripts.
      styleSrc: ["'self'", "'unsafe-inline'"],
      scriptSrc: ["'self'"],
      connectSrc: ["'self'"],
    },
  },
  frameguard: { action: 'deny' },
  hsts: { maxAge: 31_536_000, includeSubDomains: true },
  referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
  crossOriginEmbedderPolicy: false,
});

// Our helmet options hold no per-request values (no nonces, no functions), so its headers are the
// same on every response: taken once by running its middleware against a recording response, then
// set from the list (helmet per response re-ran 11 header functions and rebuilt the CSP string).
const HEADERS: readonly (readonly [string, string])[] = (() => {
  const set = new Map<string, string>([['Permissions-Policy', PERMISSIONS_POLICY]]);
  const recorder = {
    setHeader: (name: string, value: string | number) => set.set(name, String(value)),
    removeHeader: (name: string) => set.delete(name),
    getHeader: (name: string) => set.get(name),
  };
  let called = false;
  securityHeaders({ headers: {}, method: 'GET', url: '/' } as IncomingMessage, recorder as unknown as ServerResponse, (err) => {
    if (err) throw err as Error;
    called = true;
  });
  // A helmet that went asynchronous or per-request would make this list wrong: fail at start-up.
  if (!called) throw new Error('helmet did not set its headers synchronously');
  return [...set];
})();

/** The security headers on a raw response; also for answers sent before any hook ran (router errors). */
export function setSecurityHeaders(_req: IncomingMessage, res: ServerResponse) {
  for (const [name, value] of HEADERS) res.setHeader(name, value);
}

/**
 * Whether a request comes from one of our own pages: its Origin (or, without one, Sec-Fetch-Site:
 * same-origin, or the Referer's origin) is the API's own origin or one in `allowed`. For requests a
 * browser authenticates by cookie alone, which any page could make it send; a request with neither
 * header is refused too (every browser sends Origin on a POST).
 */
export function isOwnOrigin(req: FastifyRequest, allowed: ReadonlySet<string>): boolean {
  const own = (origin: string) => allowed.has(origin) || origin === `${req.protocol}://${req.host}`;
  const origin = req.headers.origin;
  if (typeof origin === 'string') return origin !== 'null' && own(origin);
  if (req.headers['sec-fetch-site'] === 'same-origin') return true;
  const referer = req.headers.referer;
  if (typeof referer !== 'string') return false;
  try {
    return own(new URL(referer).origin);
  } catch {
    return false;
  }
}

export async function registerSecurity(app: FastifyInstance, config: Config) {
  app.addHook('onRequest', (req, reply, done) => {
    setSecurityHeaders(req.raw, reply.raw);
    reply.raw.setHeader('X-Request-Id', req.id);
    done();
  });
  await app.register(cors, {
    origin: (origin, cb) => cb(null, !origin || config.corsOrigins.includes(origin)),
    credentials: true,
    methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
    allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'X-Request-Id'],
    exposedHeaders: ['X-Request-Id', 'Retry-After'],
    maxAge: 600,
  });
}
