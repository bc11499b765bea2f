import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { IdempotencyRepository } from '../modules/idempotency/idempotency.repository.js';
import { AppError } from '../core/app-error.js';

declare module 'fastify' {
  interface FastifyRequest {
    idempotencyId: string | null;
  }
}

// `Idempotency-Key` on authenticated POSTs, with Stripe's semantics: a retry gets the first response
// replayed; the same key with a different request is a 422; a retry while the first is still running
// is a 409. A 5xx releases the key so the client can retry for real.
export const idempotencyPlugin = fp<{ repo: IdempotencyRepository }>(async (app: FastifyInstance, { repo }) => {
  app.decorateRequest('idempotencyId', null);

  // Most requests carry no key: they pass synchronously, without the promise an async hook costs.
  app.addHook('preHandler', (req, reply, done) => {
    if (req.method !== 'POST' || !req.actor || req.headers['idempotency-key'] === undefined) return done();
    // A replay answers here: the hook then ends without `done`, as Fastify wants of one that replies.
    claimKey(req, reply, req.actor.userId).then((replayed) => replayed || done(), done);
  });

  /** True when the first response was replayed. */
  async function claimKey(req: FastifyRequest, reply: FastifyReply, userId: string): Promise<boolean> {
    const key = req.headers['idempotency-key'];
    if (typeof key !== 'string' || !/^[\w.:-]{1,255}$/.test(key)) {
      throw AppError.validation({ idempotency_key: ['Use 1-255 letters, digits, dots, colons, dashes or underscores.'] });
    }
    const hash = createHash('sha256').update(`${req.method} ${req.url}\n${JSON.stringify(req.body ?? null)}`).digest('hex');
    const claim = await repo.claim(userId, key, req.method, req.url.slice(0, 500), hash);
    if (claim.kind === 'new') {
      req.idempotencyId = claim.id;
      return false;
    }
    const row = claim.row;
    if (row.request_hash !== hash) throw AppError.validation({ idempotency_key: ['This key was already used with a different request.'] });
    if (row.status_code === null) throw new AppError('CONFLICT', 'A request with this Idempotency-Key is still being processed.');
    reply.header('Idempotent-Replayed', 'true').header('content-type', 'application/json; charset=utf-8').status(row.status_code);
    reply.send(row.response_body);
    return true;
  }

  app.addHook('onSend', (req, reply, payload, done) => {
    if (!req.idempotencyId) return done(null, payload);
    const id = req.idempotencyId;
    req.idempotencyId = null;
    const settle = reply.statusCode >= 500 ? repo.release(id) : repo.complete(id, reply.statusCode, typeof payload === 'string' ? payload : JSON.stringify(payload));
    settle.then(() => done(null, payload), (err: Error) => done(err));
  });
});
