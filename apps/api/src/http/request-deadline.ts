import type { FastifyInstance } from 'fastify';
import { errorEnvelope } from '../core/app-error.js';

// No request waits longer than REQUEST_TIMEOUT_MS (10 s by default) for an answer: each outbound
// client has its own timeout (platform/*), and this is the backstop for the sum of them. A request
// still running at the deadline gets 503 + Retry-After in the envelope; its handler's late answer
// is dropped. Multipart uploads are exempt (they move at the client's pace), and so is anything
// that has already started its response (downloads, the SSE stream).
export function registerRequestDeadline(app: FastifyInstance, ms: number) {
  app.addHook('onRequest', (req, reply, done) => {
    if (String(req.headers['content-type'] ?? '').startsWith('multipart/')) return done();
    const timer = setTimeout(() => {
      if (reply.raw.headersSent) return;
      req.log.warn({ deadlineMs: ms }, 'request deadline reached');
      void reply.code(503).header('Retry-After', '5').send(errorEnvelope('SERVICE_UNAVAILABLE', 'The server took too long to answer. Please try again.'));
    }, ms);
    reply.raw.once('close', () => clearTimeout(timer));
    done();
  });
}
