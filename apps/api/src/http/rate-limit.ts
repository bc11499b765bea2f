import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Platform } from '../platform/index.js';
import { AppError } from '../core/app-error.js';

// Request rate limits tiered by role: per user when signed in, per IP otherwise. Counters live in
// Redis in production (shared by every API node) and in memory in the embedded default. It counts in
// onRequest, before the body is read or parsed, so a request that fails on its body (invalid JSON,
// a 422, a 413) is counted like any other; as a route-level hook it runs after the app's onRequest
// hooks, so the auth hook (http/auth.ts) has already named the caller. If Redis is down the limiter
// lets requests through (skipOnError): availability over throttling; login throttling has its own
// fail-safe counters.
export const RATE_TIERS = {
  anonymous: 60,
  staff: 300,
  owner: 600,
  platform: 1200,
} as const;

// Sign-in has its own bucket per address: the login throttle (modules/auth/login-throttle.ts) is the
// real limit there, and a campus behind one NAT address signs in far more often than the anonymous
// tier allows. This bound only caps the password hashing one address can cause.
export const SIGN_IN_RATE = { max: 300, timeWindow: 60_000 } as const;
// Token refreshes too: every open portal of a campus refreshes through the same address every 15
// minutes, and one person's anonymous requests there (forgot-password, say) must not hold them up.
export const REFRESH_RATE = { max: 600, timeWindow: 60_000 } as const;

export function tierOf(req: FastifyRequest): keyof typeof RATE_TIERS {
  const a = req.actor;
  if (!a) return 'anonymous';
  if (a.scope.level === 'platform') return 'platform';
  if (a.roles.includes('university_owner') || a.roles.includes('college_admin')) return 'owner';
  return 'staff';
}

// A signed-in caller's window, counted by the auth hook in the same Redis round trip that reads
// the session and the actor (modules/auth/actor-cache.ts `resolve`): the plugin below then only
// counts anonymous callers and routes with their own limit (uploads, imports). Same key and window
// semantics as the plugin's Redis store, so nodes of an earlier release share the count.
const USER_WINDOW_MS = 60_000;

/** The counter a signed-in request counts in, or undefined when its route has its own limit. */
export function userCounter(req: FastifyRequest, userId: string): { key: string; windowMs: number } | undefined {
  return req.routeOptions.config?.rateLimit ? undefined : { key: `rl:u:${userId}`, windowMs: USER_WINDOW_MS };
}

/** The caller's tier applied to the count: the plugin's headers, and 429 past the tier. */
export function enforceUserLimit(req: FastifyRequest, reply: FastifyReply, hits: { count: number; resetMs: number }) {
  const max = RATE_TIERS[tierOf(req)];
  const reset = String(Math.ceil(hits.resetMs / 1000));
  reply.header('x-ratelimit-limit', max).header('x-ratelimit-remaining', Math.max(0, max - hits.count)).header('x-ratelimit-reset', reset);
  if (hits.count > max) {
    throw new AppError('RATE_LIMITED', `Too many requests. Try again in ${reset} seconds.`, undefined, { 'retry-after': reset, 'x-ratelimit-limit': String(max), 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset });
  }
}

export async function registerRateLimit(app: FastifyInstance, platform: Platform) {
  await app.register(rateLimit, {
    global: true,
    hook: 'onRequest',
    timeWindow: 60_000,
    max: (req) => RATE_TIERS[tierOf(req)],
    keyGenerator: (req) => (req.actor ? `u:${req.actor.userId}` : `ip:${req.ip}`),
    // Signed-in callers are counted by the auth hook (userCounter above), unless the route has its own limit.
    allowList: (req) => !req.url.startsWith('/api/') || (req.actor !== null && !req.routeOptions.config?.rateLimit),
    ...(platform.cache.redis ? { redis: platform.cache.redis, nameSpace: 'rl:' } : {}),
    skipOnError: true,
    // The plugin throws what this returns (after setting Retry-After), so an AppError goes through
    // the error handler like any other: the envelope, code RATE_LIMITED, status 429 from the code.
    errorResponseBuilder: (_req, ctx) => new AppError('RATE_LIMITED', `Too many requests. Try again in ${Math.ceil(ctx.ttl / 1000)} seconds.`),
  });
}
