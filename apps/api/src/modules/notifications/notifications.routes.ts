import { ZIdParams, ZNotificationListQuery } from '@bitflow/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError } from '../../core/app-error.js';
import { actorOf } from '../../http/auth.js';
import { ok, paginated } from '../../http/envelope.js';
import type { PubSub } from '../../platform/pubsub.js';
import type { ActorCache } from '../auth/actor-cache.js';
import { notificationStreamRoute } from './notification-stream.js';
import { presentNotification, type NotificationsService } from './notifications.service.js';

// Every signed-in user reads and marks their own notifications; the stream pushes new ones live
// (Server-Sent Events, notification-stream.ts). Polling GET /notifications keeps working when the
// stream is down.
export function notificationsRoutes(fastify: FastifyInstance, s: NotificationsService, pubsub: PubSub, actors: ActorCache) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get('/api/v1/notifications', { schema: { querystring: ZNotificationListQuery } }, async (req) => {
    const q = req.query;
    const { items, total } = await s.repo.list(actorOf(req).userId, { ...q, unread: q.unread === 'true' });
    return paginated(items.map(presentNotification), total, q.page, q.per_page);
  });
  app.get('/api/v1/notifications/unread-count', async (req) => ok({ count: await s.repo.unreadCount(actorOf(req).userId) }));
  app.put('/api/v1/notifications/:id/read', { schema: { params: ZIdParams } }, async (req) => {
    if (!(await s.repo.markRead(actorOf(req).userId, req.params.id))) throw AppError.notFound('Notification');
    return ok(null, 'Marked as read.');
  });
  app.post('/api/v1/notifications/read-all', async (req) => ok({ updated: await s.repo.markAllRead(actorOf(req).userId) }, 'All notifications marked as read.'));

  notificationStreamRoute(app, s, pubsub, actors);
}
