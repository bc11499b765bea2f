import { ZImpersonateRequest, ZImpersonationEnvelope, ZMessageEnvelope } from '@bitflow/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../../http/auth.js';
import { ok } from '../../http/envelope.js';
import type { AuthService } from '../auth/auth.service.js';
import { clearImpersonationCookie, setImpersonationCookie } from '../auth/impersonation-cookie.js';

// God Mode "log in as": start needs god_mode.impersonate; ending is done from the impersonated session.
// The impersonation's refresh token also goes into its own cookie, so a reload of the portal
// restores it (see auth/impersonation-cookie.ts); ending clears that cookie.
export async function impersonationRoutes(fastify: FastifyInstance, auth: AuthService) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.post('/api/v1/god-mode/impersonate', {
    config: { permission: 'god_mode.impersonate' },
    schema: { operationId: 'startImpersonation', summary: 'Sign in as a user, for a stated reason and a bounded time', body: ZImpersonateRequest, response: { 201: ZImpersonationEnvelope } },
  }, async (req, reply) => {
    const b = req.body;
    const started = await auth.startImpersonation(actorOf(req), b.user_id, b.reason, b.duration_minutes, req.meta);
    setImpersonationCookie(reply, started.refresh_token, Math.ceil((Date.parse(started.impersonation.expires_at) - Date.now()) / 1000));
    reply.status(201);
    return ok(started, 'Impersonation started.');
  });
  app.post('/api/v1/god-mode/impersonation/end', {
    schema: { operationId: 'endImpersonation', summary: 'End the impersonation this session is', response: { 200: ZMessageEnvelope } },
  }, async (req, reply) => {
    await auth.endImpersonation(actorOf(req), req.meta);
    clearImpersonationCookie(reply);
    return ok(null, 'Impersonation ended.');
  });
}
