import { toIso } from '../../db/time.js';
import type { DB } from '../../db/types.js';
import type { PubSub } from '../../platform/pubsub.js';
import type { NewNotification, NotificationsRepository } from './notifications.repository.js';

export const userChannel = (userId: string) => `user:${userId}`;

export function presentNotification(r: DB['notifications']) {
  return { id: r.id, type: r.type, title: r.title, body: r.body, data: r.data ? (JSON.parse(r.data) as unknown) : null, read_at: toIso(r.read_at), created_at: toIso(r.created_at) };
}

// Domain events become notification rows (the durable record, and what polling reads) and a live
// push through pub/sub to whichever API node holds the user's stream.
export class NotificationsService {
  constructor(
    readonly repo: NotificationsRepository,
    private readonly pubsub: PubSub,
  ) {}

  async notify(n: NewNotification) {
    if (!n.userIds.length) return;
    const rows = await this.repo.insert(n);
    await Promise.all(
      rows.map((r) => this.pubsub.publish(userChannel(r.user_id), JSON.stringify(presentNotification(r as DB['notifications']))).catch(() => undefined)),
    );
  }
}
