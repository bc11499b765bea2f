import type { Kysely, Selectable } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { Scope } from '../../core/actor.js';
import { inScope } from '../../db/scope.js';
import { nowDb } from '../../db/time.js';
import type { AnnouncementsTable, DB } from '../../db/types.js';

export type AnnouncementRow = Selectable<AnnouncementsTable>;
export type NewAnnouncement = Omit<AnnouncementsTable, 'id' | 'status' | 'resume_after' | 'recipients' | 'created_at' | 'completed_at'>;

// Announcements and their fan-out. Recipients are read in keyset pages of users.id so a page costs
// the same at the 1st and the 50th thousand, and the last id written is the resume point.
export class AnnouncementsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async create(a: NewAnnouncement) {
    const id = uuidv7();
    await this.db.insertInto('announcements').values({ ...a, id, status: 'queued', created_at: nowDb() }).execute();
    return id;
  }

  byId(id: string) {
    return this.db.selectFrom('announcements').selectAll().where('id', '=', id).executeTakeFirst();
  }

  // The audience must lie inside the caller's scope; what lies outside is "not found" to them.
  userInScope(scope: Scope, id: string) {
    return this.db.selectFrom('users').select(['id', 'university_id', 'college_id']).where('id', '=', id).where('deleted_at', 'is', null).where(inScope(scope, 'users')).executeTakeFirst();
  }
  collegeInScope(scope: Scope, id: string) {
    return this.db.selectFrom('colleges').select(['id', 'university_id']).where('id', '=', id).where('deleted_at', 'is', null).where(inScope(scope, 'colleges')).executeTakeFirst();
  }
  /** A built-in role, or one of this university's own. */
  roleFor(universityId: string, id: string) {
    return this.db
      .selectFrom('roles')
      .select(['id', 'level'])
      .where('id', '=', id)
      .where((eb) => eb.or([eb('university_id', 'is', null), eb('university_id', '=', universityId)]))
      .where('level', '!=', 'platform')
      .executeTakeFirst();
  }
  university(id: string) {
    return this.db.selectFrom('universities').select('id').where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
  }

  /** The next page of active recipients after `after` (a users.id), in id order. */
  async recipients(a: AnnouncementRow, after: string | null, limit: number) {
    let qb = this.db.selectFrom('users').select(['users.id', 'users.university_id']).where('users.status', '=', 'active').where('users.deleted_at', 'is', null);
    switch (a.audience) {
      case 'user':
        qb = qb.where('users.id', '=', a.audience_id!);
        break;
      case 'college':
        qb = qb.where('users.university_id', '=', a.university_id!).where('users.college_id', '=', a.audience_id!);
        break;
      case 'role':
        qb = qb.innerJoin('user_roles', 'user_roles.user_id', 'users.id').where('user_roles.role_id', '=', a.audience_id!).where('users.university_id', '=', a.university_id!);
        // Announced by a college admin: only the holders in their college.
        if (a.college_id) qb = qb.where('users.college_id', '=', a.college_id);
        break;
      case 'university':
        qb = qb.where('users.university_id', '=', a.university_id!);
        break;
      default: // platform: everyone in every tenant
        qb = qb.where('users.university_id', 'is not', null);
    }
    if (after) qb = qb.where('users.id', '>', after);
    return qb.orderBy('users.id').limit(limit).execute();
  }

  /** Bulk insert; a row the unique (announcement_id, user_id) already holds is skipped (a retried page). */
  async writeNotifications(a: AnnouncementRow, users: { id: string; university_id: string | null }[]) {
    const now = nowDb();
    const data = JSON.stringify({ announcement_id: a.id, link: a.link, severity: a.severity });
    const rows = users.map((u) => ({ id: uuidv7(), user_id: u.id, university_id: u.university_id, announcement_id: a.id, type: 'announcement', title: a.title, body: a.body, data, created_at: now }));
    for (let i = 0; i < rows.length; i += 500) await this.db.insertInto('notifications').values(rows.slice(i, i + 500)).orIgnore().execute();
  }

  /** The notifications written for users in (after, upTo]: what to push live, first try or retry alike. */
  written(announcementId: string, after: string | null, upTo: string) {
    let qb = this.db.selectFrom('notifications').select(['id', 'user_id', 'university_id', 'type', 'title', 'body', 'data', 'read_at', 'created_at']).where('announcement_id', '=', announcementId).where('user_id', '<=', upTo);
    if (after) qb = qb.where('user_id', '>', after);
    return qb.execute();
  }

  async progress(id: string, resumeAfter: string) {
    await this.db.updateTable('announcements').set({ status: 'sending', resume_after: resumeAfter }).where('id', '=', id).execute();
  }

  async finish(id: string, status: 'sent' | 'failed') {
    const r = await this.db.selectFrom('notifications').select((eb) => eb.fn.countAll<number>().as('n')).where('announcement_id', '=', id).executeTakeFirst();
    await this.db.updateTable('announcements').set({ status, recipients: Number(r?.n ?? 0), completed_at: nowDb() }).where('id', '=', id).execute();
  }

  async fail(id: string) {
    await this.db.updateTable('announcements').set({ status: 'failed', completed_at: nowDb() }).where('id', '=', id).execute();
  }

  /** Not yet sent (the in-process queue forgets its jobs on a restart). */
  async unfinishedIds() {
    return (await this.db.selectFrom('announcements').select('id').where('status', 'in', ['queued', 'sending']).execute()).map((r) => r.id);
  }
}
