import { ZIdParams, ZNotificationListQuery } from '@bitflow/contracts';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../http/app-error.js';
import { actorOf } from '../../http/auth.js';
import { ok, paginated } from '../../http/envelope.js';
import type { PubSub } from '../../platform/pubsub.js';
import { presentNotification, userChannel, type NotificationsService } from './notifications.service.js';

// Every signed-in user reads and marks their own notifications; the stream pushes new ones live
// (Server-Sent Events). Polling GET /notifications keeps working when the stream is down.
export function notificationsRoutes(app: FastifyInstance, s: NotificationsService, pubsub: PubSub) {
  // Open streams end when the server closes, so a graceful shutdown is not held up by them.
  const open = new Set<() => void>();
  app.addHook('onClose', async () => {
    for (const close of open) close();
  });

  app.get('/api/v1/notifications', { schema: { querystring: ZNotificationListQuery } }, async (req) => {
    const q = req.query as { page: number; per_page: number; unread?: 'true' | 'false' };
    const { items, total } = await s.repo.list(actorOf(req).userId, { ...q, unread: q.unread === 'true' });
    return paginated(items.map(presentNotification), total, q.page, q.per_page);
  });
  app.get('/api/v1/notifications/unread-count', async (req) => ok({ count: await s.repo.unreadCount(actorOf(req).userId) }));
  app.put('/api/v1/notifications/:id/read', { schema: { params: ZIdParams } }, async (req) => {
    if (!(await s.repo.markRead(actorOf(req).userId, (req.params as { id: string }).id))) throw AppError.notFound('Notification');
    return ok(null, 'Marked as read.');
  });
  app.post('/api/v1/notifications/read-all', async (req) => ok({ updated: await s.repo.markAllRead(actorOf(req).userId) }, 'All notifications marked as read.'));

  app.get('/api/v1/notifications/stream', async (req, reply) => {
    const actor = actorOf(req);
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
      'X-Content-Type-Options': 'nosniff',
      'X-Request-Id': String(req.id),
    });
    res.write(`event: ready\ndata: ${JSON.stringify({ unread: await s.repo.unreadCount(actor.userId) })}\n\n`);
    const unsubscribe = await pubsub.subscribe(userChannel(actor.userId), (m) => res.write(`event: notification\ndata: ${m}\n\n`));
    // Comments keep proxies from closing an idle stream.
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), 25_000);
    const end = () => {
      if (!open.delete(end)) return;
      clearInterval(heartbeat);
      void unsubscribe();
      res.end();
    };
    open.add(end);
    req.raw.on('close', end);
  });
}
