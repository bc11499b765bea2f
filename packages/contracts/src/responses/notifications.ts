import { z } from 'zod';
import { ANNOUNCEMENT_AUDIENCES, ANNOUNCEMENT_SEVERITIES, ANNOUNCEMENT_STATUSES } from '../announcements.js';
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
    link: z
      .string()
      .nullable()
      .describe('Where clicking it goes: a portal path (the report, the import, the student…) or an announcement’s https link; null when it is about nothing to open.'),
    severity: z.enum(ANNOUNCEMENT_SEVERITIES).describe('How loudly to show it: announcements choose; everything else is info.'),
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

export const ZAnnouncement = z
  .strictObject({
    id: z.uuid(),
    university_id: z.uuid().nullable().describe('Null: every tenant (God Mode).'),
    college_id: z.uuid().nullable(),
    audience: z.enum(ANNOUNCEMENT_AUDIENCES),
    audience_id: z.uuid().nullable().describe('The user, role or college told; null for a university or every tenant.'),
    title: z.string(),
    body: z.string(),
    link: z.string().nullable(),
    severity: z.enum(ANNOUNCEMENT_SEVERITIES),
    status: z.enum(ANNOUNCEMENT_STATUSES).describe('queued → sending → sent; notifications are written by a background job.'),
    recipients: z.number().int().describe('Notifications written so far.'),
    created_at: when,
    completed_at: when.nullable(),
  })
  .meta({ id: 'Announcement' });
export type Announcement = z.infer<typeof ZAnnouncement>;
export const ZAnnouncementEnvelope = successEnvelope(ZAnnouncement).meta({ id: 'AnnouncementEnvelope' });
