import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { paginate } from '../../db/paginate.js';
import { nowDb } from '../../db/time.js';
import type { DB } from '../../db/types.js';

export interface NewNotification {
  userIds: string[];
  universityId: string | null;
  type: string;
  title: string;
  body?: string;
  data?: Record<string, unknown>;
}

// A user's own notifications: every query is keyed by user id, which is their scope here.
export class NotificationsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async insert(n: NewNotification) {
    const now = nowDb();
    const rows = n.userIds.map((user_id) => ({ id: uuidv7(), user_id, university_id: n.universityId, type: n.type, title: n.title, body: n.body ?? null, data: n.data ? JSON.stringify(n.data) : null, created_at: now }));
    for (let i = 0; i < rows.length; i += 500) await this.db.insertInto('notifications').values(rows.slice(i, i + 500)).execute();
    return rows;
  }

  list(userId: string, q: { page: number; per_page: number; unread?: boolean }) {
    let qb = this.db.selectFrom('notifications').selectAll().where('user_id', '=', userId);
    if (q.unread) qb = qb.where('read_at', 'is', null);
    return paginate(qb.orderBy('created_at', 'desc').orderBy('id', 'desc'), q.page, q.per_page);
  }

  async unreadCount(userId: string) {
    const r = await this.db.selectFrom('notifications').select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', userId).where('read_at', 'is', null).executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  async markRead(userId: string, id: string) {
    const row = await this.db.selectFrom('notifications').select(['id', 'read_at']).where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
    if (!row) return false;
    if (!row.read_at) await this.db.updateTable('notifications').set({ read_at: nowDb() }).where('id', '=', id).where('user_id', '=', userId).execute();
    return true;
  }

  async markAllRead(userId: string) {
    const r = await this.db.updateTable('notifications').set({ read_at: nowDb() }).where('user_id', '=', userId).where('read_at', 'is', null).executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  async emails(userIds: string[]) {
    if (!userIds.length) return [];
    return (await this.db.selectFrom('users').select('email').where('id', 'in', userIds).where('deleted_at', 'is', null).where('status', '=', 'active').execute()).map((r) => r.email);
  }

  /** Users of a scope holding a permission: recipients for "everyone who may see reports" events. */
  async usersWithPermission(universityId: string | null, permission: string, collegeId?: string) {
    let qb = this.db
      .selectFrom('users')
      .innerJoin('user_roles', 'user_roles.user_id', 'users.id')
      .innerJoin('role_permissions', 'role_permissions.role_id', 'user_roles.role_id')
      .innerJoin('permissions', 'permissions.id', 'role_permissions.permission_id')
      .select('users.id')
      .distinct()
      .where('permissions.name', '=', permission)
      .where('users.deleted_at', 'is', null)
      .where('users.status', '=', 'active');
    qb = universityId ? qb.where('users.university_id', '=', universityId) : qb.where('users.university_id', 'is', null);
    // College staff hear only about their college; university-wide staff hear about all.
    if (collegeId) qb = qb.where((eb) => eb.or([eb('users.college_id', 'is', null), eb('users.college_id', '=', collegeId)]));
    return (await qb.execute()).map((r) => r.id);
  }
}
