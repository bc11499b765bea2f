import { ZIdParams, ZMarkAllReadEnvelope, ZMessageEnvelope, ZNotificationListEnvelope, ZNotificationListQuery, ZUnreadCountEnvelope } from '@bitflow/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../../http/auth.js';
import { ok, paginated } from '../../http/envelope.js';
import type { PubSub } from '../../platform/pubsub.js';
import type { ActorCache } from '../auth/actor-cache.js';
import { notificationStreamRoute } from './notification-stream.js';
import type { NotificationsService } from './notifications.service.js';

// Every signed-in user reads and marks their own notifications; the stream pushes new ones live
// (Server-Sent Events, notification-stream.ts). Polling GET /notifications keeps working when the
// stream is down.
export function notificationsRoutes(fastify: FastifyInstance, s: NotificationsService, pubsub: PubSub, actors: ActorCache) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get('/api/v1/notifications', {
    schema: { operationId: 'listNotifications', summary: 'List my notifications, newest first', querystring: ZNotificationListQuery, response: { 200: ZNotificationListEnvelope } },
  }, async (req) => {
    const { items, total } = await s.list(actorOf(req).userId, req.query);
    return paginated(items, total, req.query.page, req.query.per_page);
  });
  app.get('/api/v1/notifications/unread-count', {
    schema: { operationId: 'countUnreadNotifications', summary: 'Count my unread notifications', response: { 200: ZUnreadCountEnvelope } },
  }, async (req) => ok({ count: await s.unreadCount(actorOf(req).userId) }));
  app.put('/api/v1/notifications/:id/read', {
    schema: { operationId: 'markNotificationRead', summary: 'Mark one of my notifications as read', params: ZIdParams, response: { 200: ZMessageEnvelope } },
  }, async (req) => {
    await s.markRead(actorOf(req).userId, req.params.id);
    return ok(null, 'Marked as read.');
  });
  app.post('/api/v1/notifications/read-all', {
    schema: { operationId: 'markAllNotificationsRead', summary: 'Mark all my notifications as read', response: { 200: ZMarkAllReadEnvelope } },
  }, async (req) => ok({ updated: await s.markAllRead(actorOf(req).userId) }, 'All notifications marked as read.'));

  notificationStreamRoute(app, s, pubsub, actors);
}
