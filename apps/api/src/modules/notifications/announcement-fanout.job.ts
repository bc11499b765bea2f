import type { PubSub } from '../../platform/pubsub.js';
import type { AnnouncementsRepository } from './announcements.repository.js';
import { presentNotification, userChannel } from './notifications.service.js';

/** Users per page: one keyset read, two bulk inserts of 500 and one read-back per page. */
export const FANOUT_PAGE = 1_000;

export interface FanoutDeps {
  repo: AnnouncementsRepository;
  pubsub: PubSub;
  page?: number;
}

/**
 * The `notification.fanout` job: every recipient gets one notification row, then a live push.
 * Idempotent on retry: it resumes after the last page it recorded (`resume_after`), and a page it
 * wrote but did not record is written again harmlessly — the unique (announcement_id, user_id)
 * skips those rows, and the read-back pushes the rows that exist (a browser may see one push twice;
 * it has the same id, and there is still one notification).
 */
export async function fanOutAnnouncement(deps: FanoutDeps, announcementId: string, attempt: number, maxAttempts: number) {
  const a = await deps.repo.byId(announcementId);
  if (!a || a.status === 'sent' || a.status === 'failed') return;
  const page = deps.page ?? FANOUT_PAGE;
  try {
    let after = a.resume_after;
    for (;;) {
      const users = await deps.repo.recipients(a, after, page);
      if (!users.length) break;
      const upTo = users[users.length - 1]!.id;
      await deps.repo.writeNotifications(a, users);
      const rows = await deps.repo.written(a.id, after, upTo);
      await deps.repo.progress(a.id, upTo);
      // A push is a hint (the bell also polls); Redis being down must not fail the fan-out.
      await Promise.all(rows.map((r) => deps.pubsub.publish(userChannel(r.user_id), JSON.stringify(presentNotification(r))).catch(() => undefined)));
      after = upTo;
      if (users.length < page) break;
    }
    await deps.repo.finish(a.id, 'sent');
  } catch (err) {
    if (attempt >= maxAttempts) await deps.repo.fail(a.id).catch(() => undefined);
    throw err;
  }
}
