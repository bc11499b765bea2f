import { z } from 'zod';
import { listEnvelope, successEnvelope } from '../envelope.js';

// What the notification routes answer. The live stream (GET /notifications/stream) is
// `text/event-stream` (fileAnswer in the route): `ready` with {unread}, then `notification` events
// whose data is a Notification, and `session-ended` / `shutdown` before it closes.

const when = z.iso.datetime({ offset: true });

export const ZNotification = z
  .strictObject({
    id: z.uuid(),
    type: z.string(),
    title: z.string(),
    body: z.string().nullable(),
    data: z.record(z.string(), z.unknown()).nullable().describe('What the notice is about (ids, links), by type.'),
    read_at: when.nullable(),
    created_at: when,
  })
  .meta({ id: 'Notification' });
export type Notification = z.infer<typeof ZNotification>;
export const ZNotificationListEnvelope = listEnvelope(ZNotification).meta({ id: 'NotificationList' });
export const ZUnreadCountEnvelope = successEnvelope(z.strictObject({ count: z.number().int() })).meta({ id: 'UnreadNotificationCountEnvelope' });
export const ZMarkAllReadEnvelope = successEnvelope(z.strictObject({ updated: z.number().int().describe('How many were unread.') })).meta({ id: 'MarkAllNotificationsReadEnvelope' });

/** The live stream's events (`text/event-stream`): the event name, and the JSON its `data:` line holds. */
export const ZNotificationStreamReady = z.strictObject({ unread: z.number().int().describe('Unread notifications when the stream opened.') });
export type NotificationStreamEvents = {
  ready: z.infer<typeof ZNotificationStreamReady>;
  notification: Notification;
  /** The session was revoked or the tenant suspended: the stream closes; sign in again. */
  'session-ended': Record<string, never>;
  /** The server is shutting down: reconnect (the portal's stream hook does, with backoff). */
  shutdown: Record<string, never>;
};
