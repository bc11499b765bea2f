import type { Permission } from '@bitflow/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../db/types.js';
import fp from 'fastify-plugin';
import { toIso } from '../db/time.js';
import type { AuthService } from '../modules/auth/auth.service.js';
import type { ActorRecord } from '../modules/auth/auth.repository.js';
import type { Tokens } from '../modules/auth/jwt.js';
import { can, scopeOf, type Actor, type RequestMeta } from '../core/actor.js';
import { godModeReadEntry } from '../modules/audit/god-mode-reads.js';
import { writeAudit } from '../modules/audit/audit-writer.js';
import { AppError } from '../core/app-error.js';
import { enforceUserLimit, userCounter } from './rate-limit.js';
import { dataVersionKey } from '../modules/shared/list-cache.js';

// JWT verify → session check → tenant context → permission check, as hooks registered once for the
// whole app. Every /api route needs a valid access token unless it declares `config: { public: true }`;
// a route that needs a permission declares `config: { permission: 'students.view' }`.

declare module 'fastify' {
  interface FastifyContextConfig {
    public?: boolean;
    /** Public route that still identifies the caller when a token is sent. */
    optionalAuth?: boolean;
    permission?: Permission;
    /**
     * The caller's own account security (MFA, sessions, password): refused while impersonating, so
     * an operator can neither lock the user out nor keep a way back in.
     */
    accountSecurity?: boolean;
  }
  interface FastifyRequest {
    actor: Actor | null;
    meta: RequestMeta;
  }
}

/** The verified actor of a request; routes behind the auth hook can rely on it. */
export function actorOf(req: FastifyRequest): Actor {
  if (!req.actor) throw new AppError('UNAUTHENTICATED', 'Unauthenticated.');
  return req.actor;
}

const UNAUTHENTICATED = () => new AppError('UNAUTHENTICATED', 'Unauthenticated.', undefined, { 'WWW-Authenticate': 'Bearer' });

async function authenticate(req: FastifyRequest, tokens: Tokens, auth: AuthService): Promise<{ actor: Actor; hits: { count: number; resetMs: number } | null }> {
  const header = req.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer ([\w-]+\.[\w-]+\.[\w-]+)$/.exec(header) : null;
  if (!match) throw UNAUTHENTICATED();
  const claims = await tokens.verify(match[1]!, 'at+jwt');
  if (!claims || typeof claims.sub !== 'string' || typeof claims.sid !== 'string') throw UNAUTHENTICATED();
  // The token names the university: its data version comes in the same round trip, so cached list
  // entries this process holds under it need none of their own (modules/shared/list-cache.ts).
  const tid = typeof claims.tid === 'string' ? claims.tid : null;
  const { session, actor: record, hits, also } = await auth.actors.resolve(claims.sid, claims.sub, userCounter(req, claims.sub), tid ? dataVersionKey(tid) : undefined);
  if (!session || session.userId !== claims.sub) throw UNAUTHENTICATED();
  if (toIso(session.expiresAt)! <= new Date().toISOString()) {
    // The first request after an impersonation's end ends it for good (revoked, audited).
    if (session.impersonatorId) await auth.finishImpersonation(claims.sid, 'expired', req.meta);
    throw UNAUTHENTICATED();
  }
  if (!record || record.status !== 'active') throw UNAUTHENTICATED();
  const scope = scopeOf(record);
  if (scope.level !== 'platform' && record.university_id && record.university_status !== 'active') {
    throw await auth.tenantSuspended(record.university_id);
  }
  let impersonator: Actor['impersonator'] = null;
  if (session.impersonatorId) {
    const op = await auth.actors.get(session.impersonatorId);
    if (!op) throw UNAUTHENTICATED();
    impersonator = { id: op.id, name: op.name };
  }
  const actor: Actor = {
    userId: record.id,
    sessionId: claims.sid,
    name: record.name,
    email: record.email,
    universityId: record.university_id,
    collegeId: record.college_id,
    ...derivedOf(record),
    scope,
    impersonator,
    // Only for the university the scope is about (a token's tenant is the user's own).
    dataVersion: tid && scope.level !== 'platform' && scope.universityId === tid ? also : null,
  };
  return { actor, hits };
}

// Roles and the permission set of a record, built once per record object: the actor cache hands out
// the same (frozen) record for the same cached entry, so most requests reuse these.
const derived = new WeakMap<ActorRecord, Pick<Actor, 'roles' | 'permissions'>>();
function derivedOf(record: ActorRecord): Pick<Actor, 'roles' | 'permissions'> {
  let d = derived.get(record);
  if (!d) {
    d = { roles: Object.freeze(record.roles.map((r) => r.name)) as string[], permissions: new Set(record.permissions as Permission[]) };
    derived.set(record, d);
  }
  return d;
}

// `db`: the primary, where the refusals and God Mode reads this plugin audits are written.
export const authPlugin = fp<{ tokens: Tokens; auth: AuthService; db: Kysely<DB> }>(async (app: FastifyInstance, { tokens, auth, db }) => {
  app.decorateRequest('actor', null);
  app.decorateRequest('meta', null as unknown as RequestMeta);

  app.addHook('onRequest', async (req, reply) => {
    req.meta = { ip: req.ip, userAgent: req.headers['user-agent']?.slice(0, 500) ?? null, requestId: String(req.id) };
    const isApi = req.url.startsWith('/api/');
    if (!isApi || !req.routeOptions.url) return; // not the API, or an unknown route (404 handler)
    const cfg = req.routeOptions.config;
    if (cfg?.public && !(cfg.optionalAuth && req.headers.authorization)) return;
    const { actor, hits } = await authenticate(req, tokens, auth);
    req.actor = actor;
    if (hits) enforceUserLimit(req, reply, hits);
    // A request fact from here on: every audit row this request writes names the operator.
    req.meta.impersonatorId = req.actor.impersonator?.id ?? null;
    // req.log is already this request's own child logger: add to its bindings rather than make a
    // second child per request (pino's setBindings; the no-op logger of `logger: false` has none).
    const log = req.log as typeof req.log & { setBindings?: (b: Record<string, unknown>) => void };
    log.setBindings?.({ user_id: req.actor.userId, university_id: req.actor.universityId });
  });

  // The caller's rights, in preParsing: after the route-level rate limiter (http/rate-limit.ts, an
  // onRequest hook of each route, so it runs after this plugin's onRequest has named the caller) —
  // refused requests, and the audit rows they write, are counted too — and still before the body is read.
  // Synchronous when allowed (nearly every request): only a refusal has work to wait for (its audit row).
  app.addHook('preParsing', (req, _reply, payload, done) => {
    const actor = req.actor;
    if (!actor) return done(null, payload);
    const cfg = req.routeOptions.config;
    const route = `${req.method} ${req.routeOptions.url}`;
    const refuse = (changes: Record<string, string>, message: string) =>
      writeAudit(db, req.meta, { universityId: actor.universityId, by: actor, collegeId: null, action: 'auth.permission_denied', entityType: 'route', entityId: null, changes: { ...changes, route } })
        .then(() => done(new AppError('FORBIDDEN', message)), (err: Error) => done(err));
    if (cfg?.accountSecurity && actor.impersonator) {
      return void refuse({ reason: 'impersonating' }, 'Account security (two-factor authentication, sessions, password) is off-limits while impersonating: only the user can see or change it.');
    }
    // Checked before the body is even parsed: a caller without the permission learns nothing else.
    const needed = cfg?.permission;
    if (needed && !can(actor, needed)) return void refuse({ permission: needed }, 'You do not have permission to do this.');
    done(null, payload);
  });

  // God Mode reads of tenant data are audited (writes are audited by the services that make them).
  // Written before the response leaves, so a read is never served without its audit row. One row
  // per read; the audit list groups them (modules/audit/god-mode-reads.ts says why).
  app.addHook('onSend', (req, reply, payload, done) => {
    const a = req.actor;
    if (!a || a.scope.level !== 'platform' || req.method !== 'GET' || reply.statusCode >= 400) return done(null, payload);
    if (req.url.startsWith('/api/v1/auth/') || req.url.startsWith('/api/v1/audit-logs')) return done(null, payload);
    writeAudit(db, req.meta, godModeReadEntry(req, a))
      .catch((err: unknown) => req.log.error({ err }, 'failed to audit a God Mode read'))
      .then(() => done(null, payload));
  });

});
