import { ZImpersonateRequest } from '@bitflow/contracts';
import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { actorOf } from '../../http/auth.js';
import { ok } from '../../http/envelope.js';
import type { AuthService } from '../auth/auth.service.js';

// God Mode "log in as": start needs god_mode.impersonate; ending is done from the impersonated session.
export async function impersonationRoutes(app: FastifyInstance, auth: AuthService) {
  app.post('/api/v1/god-mode/impersonate', { config: { permission: 'god_mode.impersonate' }, schema: { body: ZImpersonateRequest } }, async (req, reply) => {
    const b = req.body as z.infer<typeof ZImpersonateRequest>;
    reply.status(201);
    return ok(await auth.startImpersonation(actorOf(req), b.user_id, b.reason, b.duration_minutes, req.meta), 'Impersonation started.');
  });
  app.post('/api/v1/god-mode/impersonation/end', async (req) => {
    await auth.endImpersonation(actorOf(req), req.meta);
    return ok(null, 'Impersonation ended.');
  });
}
