import type { Notification } from '@bitflow/contracts';
import { AppError } from '../../core/app-error.js';
import { toIso } from '../../db/time.js';
import type { DB } from '../../db/types.js';
import type { MailOutbox, OutgoingMail } from '../mail/mail-outbox.js';
import type { PubSub } from '../../platform/pubsub.js';
import { notificationLink, notificationSeverity } from './notification-link.js';
import type { NewNotification, NotificationsRepository } from './notifications.repository.js';

export const userChannel = (userId: string) => `user:${userId}`;

/** A stored row; one just inserted has no read_at yet. */
type NotificationRow = Omit<DB['notifications'], 'announcement_id' | 'read_at'> & { read_at?: string | null };

export function presentNotification(r: NotificationRow): Notification {
  const data = r.data ? (JSON.parse(r.data) as Record<string, unknown>) : null;
  return {
    id: r.id, type: r.type, title: r.title, body: r.body, data,
    link: notificationLink(r.type, data), severity: notificationSeverity(r.type, data),
    read_at: toIso(r.read_at), created_at: toIso(r.created_at)!,
  };
}

// Domain events become notification rows (the durable record, and what polling reads) and a live
// push through pub/sub to whichever API node holds the user's stream.
export class NotificationsService {
  constructor(
    readonly repo: NotificationsRepository,
    private readonly pubsub: PubSub,
    private readonly mail?: MailOutbox,
  ) {}

  /** A page of the user's own notifications, newest first. */
  async list(userId: string, q: { page: number; per_page: number; unread?: 'true' | 'false' }) {
    const { items, total } = await this.repo.list(userId, { ...q, unread: q.unread === 'true' });
    return { items: items.map(presentNotification), total };
  }

  unreadCount(userId: string) {
    return this.repo.unreadCount(userId);
  }

  /** Marks one of the user's notifications read; another user's is not found. */
  async markRead(userId: string, id: string) {
    if (!(await this.repo.markRead(userId, id))) throw AppError.notFound('Notification');
  }

  /** How many were unread. */
  markAllRead(userId: string) {
    return this.repo.markAllRead(userId);
  }

  /** Notifies users in the app, and by e-mail too when `mail` builds the message for an address. */
  async notify(n: NewNotification, mail?: (to: string) => OutgoingMail) {
    if (!n.userIds.length) return;
    const rows = await this.repo.insert(n);
    await Promise.all(rows.map((r) => this.pubsub.publish(userChannel(r.user_id), JSON.stringify(presentNotification(r))).catch(() => undefined)));
    // Into the mail outbox: a `mail.send` job each, so a slow or down mail server delays only the
    // e-mail, never the in-app notice or the job that raised it.
    if (mail && this.mail) {
      for (const to of await this.repo.emails(n.userIds)) await this.mail.send(mail(to)).catch(() => undefined);
    }
  }

  /** Everyone in a university (or one college of it) holding a permission, except the actor. */
  async notifyHolders(permission: string, universityId: string, collegeId: string | undefined, exceptUserId: string | null, n: Omit<NewNotification, 'userIds' | 'universityId'>) {
    const ids = (await this.repo.usersWithPermission(universityId, permission, collegeId)).filter((id) => id !== exceptUserId);
    await this.notify({ ...n, userIds: ids, universityId });
  }
}
