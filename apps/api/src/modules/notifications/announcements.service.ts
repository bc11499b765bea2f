import type { Announcement, AnnouncementRequest, PlatformAnnouncementRequest } from '@bitflow/contracts';
import { ZAnnouncementRequest, ZPlatformAnnouncementRequest } from '@bitflow/contracts';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { Actor, RequestMeta } from '../../core/actor.js';
import { AppError, unavailable } from '../../core/app-error.js';
import { toIso } from '../../db/time.js';
import type { DB } from '../../db/types.js';
import type { JobQueue } from '../../platform/queue.js';
import { writeAudit } from '../audit/audit-writer.js';
import type { AnnouncementRow, AnnouncementsRepository, NewAnnouncement } from './announcements.repository.js';

type TenantBody = z.output<typeof ZAnnouncementRequest>;
type PlatformBody = z.output<typeof ZPlatformAnnouncementRequest>;
export type { AnnouncementRequest, PlatformAnnouncementRequest };

export function presentAnnouncement(r: AnnouncementRow): Announcement {
  return {
    id: r.id, university_id: r.university_id, college_id: r.college_id, audience: r.audience as Announcement['audience'], audience_id: r.audience_id,
    title: r.title, body: r.body, link: r.link, severity: r.severity as Announcement['severity'], status: r.status as Announcement['status'],
    recipients: Number(r.recipients), created_at: toIso(r.created_at)!, completed_at: toIso(r.completed_at),
  };
}

const missing = (field: string, what: string) => AppError.validation({ [field]: [`The selected ${what} does not exist.`] });

// Announcing only checks, records and enqueues: the `notification.fanout` job writes the
// notifications (announcement-fanout.job.ts), so telling 50,000 people answers as fast as telling one.
export class AnnouncementsService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly repo: AnnouncementsRepository,
    private readonly queue: JobQueue,
  ) {}

  /** Tenant staff: a user, a role's holders, a college or the university — inside the caller's scope. */
  async announce(actor: Actor, body: TenantBody, meta: RequestMeta) {
    const scope = actor.scope;
    if (scope.level === 'platform') throw new AppError('FORBIDDEN', 'Platform owners announce from God Mode (POST /god-mode/announcements), naming the university.');
    const universityId = scope.universityId;
    // A college admin speaks for their college: never to the whole university.
    const ownCollege = scope.level === 'college' ? (scope.collegeIds[0] ?? null) : null;
    let collegeId: string | null = ownCollege;
    const target = body.audience_id ?? null;
    if (body.audience === 'university') {
      if (scope.level === 'college') throw new AppError('FORBIDDEN', 'College administrators can announce to their college, its users or a role within it, not to the whole university.');
    } else if (body.audience === 'user') {
      const u = await this.repo.userInScope(scope, target!);
      if (!u) throw missing('audience_id', 'user');
      collegeId = u.college_id;
    } else if (body.audience === 'college') {
      if (!(await this.repo.collegeInScope(scope, target!))) throw missing('audience_id', 'college');
      collegeId = target;
    } else if (!(await this.repo.roleFor(universityId, target!))) {
      throw missing('audience_id', 'role');
    }
    return this.record(actor, meta, { university_id: universityId, college_id: collegeId, created_by: actor.userId, audience: body.audience, audience_id: body.audience === 'university' ? null : target, title: body.title, body: body.body, link: body.link ?? null, severity: body.severity });
  }

  /** God Mode: one named university, or every tenant. */
  async announcePlatform(actor: Actor, body: PlatformBody, meta: RequestMeta) {
    const universityId = body.audience === 'university' ? body.university_id! : null;
    if (universityId && !(await this.repo.university(universityId))) throw missing('university_id', 'university');
    return this.record(actor, meta, { university_id: universityId, college_id: null, created_by: actor.userId, audience: body.audience, audience_id: null, title: body.title, body: body.body, link: body.link ?? null, severity: body.severity });
  }

  private async record(actor: Actor, meta: RequestMeta, a: NewAnnouncement) {
    const id = await this.repo.create(a);
    // jobId per announcement: enqueued twice (a retried request, the restart recovery), it runs once.
    await this.queue.enqueue('notification.fanout', { announcement_id: id }, { jobId: `announcement-${id}` }).catch(async () => {
      await this.repo.fail(id);
      throw unavailable();
    });
    await writeAudit(this.db, meta, {
      by: actor, action: 'notifications.announced', universityId: a.university_id, collegeId: a.college_id, entityType: 'announcement', entityId: id,
      changes: { audience: a.audience, audience_id: a.audience_id, title: a.title, severity: a.severity, link: a.link },
    });
    return presentAnnouncement((await this.repo.byId(id))!);
  }
}
