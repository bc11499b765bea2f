import { ZAnnouncementEnvelope, ZAnnouncementRequest, ZErrorEnvelope, ZPlatformAnnouncementRequest } from '@bitflow/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError } from '../../core/app-error.js';
import { actorOf } from '../../http/auth.js';
import { ok } from '../../http/envelope.js';
import type { AnnouncementsService } from './announcements.service.js';

// Announcements: 202 once recorded; the notifications are written by a job (`status` in the row).
export function announcementsRoutes(fastify: FastifyInstance, s: AnnouncementsService) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const announce = { permission: 'notifications.announce' as const };
  app.post('/api/v1/notifications/announcements', {
    config: announce,
    // Before the body is read, so a platform owner learns where to go rather than what to fix.
    preValidation: async (req) => {
      if (actorOf(req).scope.level === 'platform') throw new AppError('FORBIDDEN', 'Platform owners announce from God Mode (POST /god-mode/announcements), naming the university.');
    },
    schema: {
      operationId: 'announce', summary: 'Announce to a user, a role’s holders, a college or the university', body: ZAnnouncementRequest,
      // 503: the job queue is down, so nobody would be told.
      response: { 202: ZAnnouncementEnvelope, 503: ZErrorEnvelope },
    },
  }, async (req, reply) => reply.status(202).send(ok(await s.announce(actorOf(req), req.body, req.meta), 'Announcement is being delivered.')));
  // God Mode: audited like every God Mode write, in the named university's trail (or the platform's).
  app.post('/api/v1/god-mode/announcements', {
    config: { permission: 'god_mode.access' },
    schema: {
      operationId: 'announceToTenants', summary: 'Announce to one university or every tenant (God Mode)', body: ZPlatformAnnouncementRequest,
      response: { 202: ZAnnouncementEnvelope, 503: ZErrorEnvelope },
    },
  }, async (req, reply) => reply.status(202).send(ok(await s.announcePlatform(actorOf(req), req.body, req.meta), 'Announcement is being delivered.')));
}
