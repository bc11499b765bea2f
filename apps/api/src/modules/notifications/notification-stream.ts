import { fileAnswer } from '@bitflow/contracts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { toIso } from '../../db/time.js';
import type { Actor } from '../../core/actor.js';
import { actorOf } from '../../http/auth.js';
import type { PubSub } from '../../platform/pubsub.js';
import type { ActorCache } from '../auth/actor-cache.js';
import { userChannel, type NotificationsService } from './notifications.service.js';

// GET /notifications/stream: new notifications pushed live as Server-Sent Events. A stream belongs
// to the session that opened it and ends with it: a session ended on any API node is announced on
// one channel every node listens to, and each heartbeat re-checks the session in case a message
// was lost (Redis blip) or the account changed some other way (deactivated, tenant suspended).

/** Every node subscribes here; messages are JSON arrays of session ids. */
export const SESSIONS_ENDED_CHANNEL = 'sessions-ended';

/** Comments keep proxies from closing an idle stream; each one re-checks the session too. */
const HEARTBEAT_MS = 25_000;

type EndReason = 'session-ended' | 'shutdown';

/** Is the session behind this stream still signed in, as the auth hook would judge a new request? */
async function stillSignedIn(actors: ActorCache, actor: Actor) {
  const { session, actor: record } = await actors.resolve(actor.sessionId, actor.userId);
  if (!session || session.userId !== actor.userId || toIso(session.expiresAt)! <= new Date().toISOString()) return false;
  if (!record || record.status !== 'active') return false;
  return actor.scope.level === 'platform' || !record.university_id || record.university_status === 'active';
}

export function notificationStreamRoute(app: FastifyInstance, s: NotificationsService, pubsub: PubSub, actors: ActorCache) {
  // Open streams by session id, each with the function that ends it.
  const bySession = new Map<string, Set<(reason?: EndReason) => void>>();
  const endSessions = (ids: string[]) => {
    for (const id of ids) for (const end of [...(bySession.get(id) ?? [])]) end('session-ended');
  };

  // Announced by whichever node ended the session; closed here at once too, so a stream on this
  // node ends even while the channel is down. Not awaited: a sign-out does not wait on Redis.
  actors.onSessionsEnded((ids) => {
    endSessions(ids);
    pubsub.publish(SESSIONS_ENDED_CHANNEL, JSON.stringify(ids)).catch((err: unknown) => app.log.warn({ err }, 'could not announce ended sessions'));
  });
  let listening: Promise<unknown> | null = null;
  let unlisten: (() => Promise<void>) | null = null;
  const listen = () =>
    (listening ??= pubsub
      .subscribe(SESSIONS_ENDED_CHANNEL, (m) => {
        try {
          endSessions(JSON.parse(m) as string[]);
        } catch {
          /* not ours */
        }
      })
      .then(
        (u) => (unlisten = u),
        (err: unknown) => {
          // Retried when the next stream opens; the heartbeat check covers the gap.
          listening = null;
          app.log.warn({ err }, 'could not subscribe to session-end announcements');
        },
      ));
  // Not awaited: a start while Redis is down must not wait on it (the first stream tries again).
  app.addHook('onReady', async () => {
    void listen();
  });

  // Streams never end by themselves: close them before the server drains, so a graceful shutdown
  // waits only for finite answers (exports, downloads). Clients reconnect to another node.
  app.addHook('preClose', async () => {
    for (const ends of [...bySession.values()]) for (const end of [...ends]) end('shutdown');
    await unlisten?.();
  });

  app.get('/api/v1/notifications/stream', {
    schema: {
      operationId: 'streamNotifications',
      summary: 'Receive my new notifications live (Server-Sent Events)',
      description: 'Events: `ready` ({unread}), then `notification` (a Notification) as they arrive; `session-ended` or `shutdown` before the server closes the stream. Comments keep it alive.',
      response: { 200: fileAnswer('An endless stream of Server-Sent Events.', 'text/event-stream') },
    },
  }, async (req: FastifyRequest, reply: FastifyReply) => {
    const actor = actorOf(req);
    await listen();
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
    res.write(`event: ready\ndata: ${JSON.stringify({ unread: await s.unreadCount(actor.userId) })}\n\n`);
    const unsubscribe = await pubsub.subscribe(userChannel(actor.userId), (m) => res.write(`event: notification\ndata: ${m}\n\n`));
    const beat = async () => {
      // A check that cannot be made (database down) ends the stream too: the client reconnects
      // through the auth hook, which decides afresh.
      const live = await stillSignedIn(actors, actor).catch(() => false);
      if (live) res.write(': keep-alive\n\n');
      else end('session-ended');
    };
    const heartbeat = setInterval(() => void beat(), HEARTBEAT_MS);
    const mine = bySession.get(actor.sessionId) ?? new Set<(reason?: EndReason) => void>();
    bySession.set(actor.sessionId, mine);
    function end(reason?: EndReason) {
      if (!mine.delete(end)) return;
      if (!mine.size) bySession.delete(actor.sessionId);
      clearInterval(heartbeat);
      void unsubscribe();
      // Tells the client why: a signed-out stream should not reconnect with the same token.
      if (reason && !res.destroyed) res.write(`event: ${reason}\ndata: {}\n\n`);
      res.end();
    }
    mine.add(end);
    req.raw.on('close', () => end());
    // Ended between the auth hook and now: nothing announces it again.
    if (!(await stillSignedIn(actors, actor).catch(() => false))) end('session-ended');
  });
}
