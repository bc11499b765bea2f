import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
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

  app.addHook('preHandler', async (req, reply) => {
    const key = req.headers['idempotency-key'];
    if (req.method !== 'POST' || !req.actor || key === undefined) return;
    if (typeof key !== 'string' || !/^[\w.:-]{1,255}$/.test(key)) {
      throw AppError.validation({ idempotency_key: ['Use 1-255 letters, digits, dots, colons, dashes or underscores.'] });
    }
    const hash = createHash('sha256').update(`${req.method} ${req.url}\n${JSON.stringify(req.body ?? null)}`).digest('hex');
    const claim = await repo.claim(req.actor.userId, key, req.method, req.url.slice(0, 500), hash);
    if (claim.kind === 'new') {
      req.idempotencyId = claim.id;
      return;
    }
    const row = claim.row;
    if (row.request_hash !== hash) throw AppError.validation({ idempotency_key: ['This key was already used with a different request.'] });
    if (row.status_code === null) throw new AppError('CONFLICT', 'A request with this Idempotency-Key is still being processed.');
    reply.header('Idempotent-Replayed', 'true').header('content-type', 'application/json; charset=utf-8').status(row.status_code);
    return reply.send(row.response_body);
  });

  app.addHook('onSend', async (req, reply, payload) => {
    if (!req.idempotencyId) return payload;
    const id = req.idempotencyId;
    req.idempotencyId = null;
    if (reply.statusCode >= 500) await repo.release(id);
    else await repo.complete(id, reply.statusCode, typeof payload === 'string' ? payload : JSON.stringify(payload));
    return payload;
  });
});
