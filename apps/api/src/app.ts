import { randomUUID } from 'node:crypto';
import multipart from '@fastify/multipart';
import Fastify, { type FastifyInstance } from 'fastify';
import { validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from './config.js';
import type { AuthService } from './modules/auth/auth.service.js';
import { registerCompression } from './http/compression.js';
import { registerErrorHandling, renderFrameworkError } from './http/error-handler.js';
import { idempotencyPlugin } from './http/idempotency.js';
import { registerMetrics } from './http/metrics.js';
import { AccessLog } from './http/access-log.js';
import { registerOpenApi } from './http/openapi.js';
import { documentRoute } from './http/operation-docs.js';
import { registerResponseContract } from './http/serialize.js';
import { IdempotencyRepository } from './modules/idempotency/idempotency.repository.js';
import { registerRateLimit } from './http/rate-limit.js';
import { registerReadRouting } from './http/read-routing.js';
import { registerRequestDeadline } from './http/request-deadline.js';
import { registerSecurity } from './http/security.js';
import { registerAuth } from './modules/auth/index.js';
import { healthRoutes } from './modules/health/health.routes.js';
import { registerModules } from './modules/index.js';
import { openPlatform, type Platform } from './platform/index.js';

declare module 'fastify' {
  interface FastifyInstance {
    platform: Platform;
    auth: AuthService;
    /** Every registered route, for the route-table tests and the OpenAPI check. */
    routeTable: { method: string; url: string; permission?: string; public: boolean }[];
  }
}

export interface BuildOptions {
  /** Use these adapters instead of opening new ones (tests share one platform per file). */
  platform?: Platform;
  logger?: boolean;
  /** Where log lines go instead of stdout (tests read them). */
  logStream?: { write(line: string): void };
}

// Builds the HTTP app: plugins in pipeline order, then the domain modules. Never listens.
export async function buildApp(config: Config, opts: BuildOptions = {}): Promise<FastifyInstance> {
  const platform = opts.platform ?? (await openPlatform(config));
  const app = Fastify({
    logger: opts.logger === false ? false : { level: config.logLevel, ...(opts.logStream ? { stream: opts.logStream } : {}) },
    // One line per request instead of Fastify's two (http/access-log.ts).
    logController: new AccessLog(),
    bodyLimit: config.bodyLimit,
    trustProxy: config.trustProxy,
    requestIdHeader: false,
    // Accept a caller's request id only if it looks like one; otherwise mint our own.
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{8,100}$/.test(given) ? given : randomUUID();
    },
    routerOptions: { ignoreTrailingSlash: true },
    // URLs the router refuses (bad %-encoding, over-long parameters) answer in the envelope too.
    frameworkErrors: renderFrameworkError,
    ajv: undefined,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  // Answers are checked against their schemas outside production, serialized by them in production.
  registerResponseContract(app, config.env !== 'production');
  app.decorate('platform', platform);
  const routeTable: FastifyInstance['routeTable'] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (r) => {
    documentRoute(r);
    for (const method of [r.method].flat()) {
      if (method === 'HEAD') continue;
      routeTable.push({ method, url: r.url, permission: r.config?.permission, public: !!r.config?.public });
    }
  });

  // X-Request-Id is set with the security headers (http/security.ts), in one synchronous hook.
  // Read routing keeps per-request state in an AsyncLocalStorage, which on Node 20 puts a hook on
  // every promise the process creates; without a replica there is nothing to route, so no state.
  if (config.database.readUrl) registerReadRouting(app);
  registerRequestDeadline(app, config.requestTimeoutMs);

  registerErrorHandling(app);
  await registerSecurity(app, config);
  await registerCompression(app);

  await registerOpenApi(app);
  await registerMetrics(app, platform);
  await healthRoutes(app, platform);
  await registerRateLimit(app, platform);
  // One file per request, 20 MB at most (larger → 413 in the envelope).
  await app.register(multipart, { limits: { fileSize: 20 * 1024 * 1024, files: 1, fields: 10 }, throwFileSizeLimit: true });
  const { auth } = await registerAuth(app, platform);
  app.decorate('auth', auth);
  await app.register(idempotencyPlugin, { repo: new IdempotencyRepository(platform.database.db) });
  await registerModules(app, platform, auth);

  app.addHook('onClose', async () => {
    // Work left running after an answer (password-reset mails) finishes before its connections go.
    await auth.settled();
    if (!opts.platform) await platform.close();
  });
  return app;
}
