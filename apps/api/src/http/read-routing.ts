import type { FastifyInstance } from 'fastify';
import { runWithReadRouting } from '../platform/db-routing.js';

// Gives each request its read-routing state (platform/db-routing.ts). Only GET and HEAD may read
// from a replica: a POST/PUT/DELETE usually reads what it is about to change, and a stale read
// there could lose an update, so the whole request runs on the primary. Registered only with
// DATABASE_READ_URL (app.ts): without a replica there is nothing to route.
const REPLICA_METHODS = new Set(['GET', 'HEAD']);

export function registerReadRouting(app: FastifyInstance) {
  app.addHook('onRequest', (req, _reply, done) => {
    runWithReadRouting(REPLICA_METHODS.has(req.method), done);
  });
}
