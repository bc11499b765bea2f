import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { keysetPages, paginate } from '../../db/paginate.js';
import { inScope, scoped } from '../../db/scope.js';
import { nowDb } from '../../db/time.js';
import type { DB } from '../../db/types.js';
import type { Scope } from '../../core/actor.js';

const PAGE = 500;

/** One account of an access review, before it is judged (access-review.ts). */
export interface ReviewedAccount {
  id: string;
  name: string;
  email: string;
  status: string;
  college: string | null;
  has_password: boolean;
  mfa_enabled: boolean;
  created_at: string;
  last_login_at: string | null;
  /** The newest activity of the user's own sessions (an operator impersonating them does not count). */
  last_active_at: string | null;
  roles: string[];
  permissions: string[];
}

// The reads of the compliance reports (who holds what) and the access_reviews table. Audit rows
// are read through AuditRepository, the one code that queries audit_logs.
export class ComplianceRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** Every live user of the scope with roles, permissions and last use, in id pages. */
  async *accounts(scope: Scope): AsyncGenerator<ReviewedAccount[]> {
    const pages = keysetPages((after) =>
      this.db
        .selectFrom('users')
        .leftJoin('colleges', 'colleges.id', 'users.college_id')
        .select(['users.id', 'users.name', 'users.email', 'users.status', 'users.password_hash', 'users.mfa_enabled', 'users.created_at', 'users.last_login_at', 'colleges.name as college'])
        .where(inScope(scope, 'users'))
        .where('users.deleted_at', 'is', null)
        .where('users.id', '>', after)
        .orderBy('users.id')
        .limit(PAGE)
        .execute(),
    );
    for await (const page of pages) {
      const ids = page.map((u) => u.id);
      if (!ids.length) continue;
      const [grants, active] = await Promise.all([
        this.db
          .selectFrom('user_roles')
          .innerJoin('roles', 'roles.id', 'user_roles.role_id')
          .leftJoin('role_permissions', 'role_permissions.role_id', 'roles.id')
          .leftJoin('permissions', 'permissions.id', 'role_permissions.permission_id')
          .select(['user_roles.user_id', 'roles.name as role', 'permissions.name as permission'])
          .where('user_roles.user_id', 'in', ids)
          .execute(),
        this.db
          .selectFrom('sessions')
          .select(['user_id', (eb) => eb.fn.max('last_activity_at').as('last')])
          .where('user_id', 'in', ids)
          .where('impersonator_id', 'is', null)
          .groupBy('user_id')
          .execute(),
      ]);
      const roles = new Map<string, Set<string>>();
      const perms = new Map<string, Set<string>>();
      for (const g of grants) {
        (roles.get(g.user_id) ?? roles.set(g.user_id, new Set()).get(g.user_id)!).add(g.role);
        if (g.permission) (perms.get(g.user_id) ?? perms.set(g.user_id, new Set()).get(g.user_id)!).add(g.permission);
      }
      const lastActive = new Map(active.map((a) => [a.user_id, a.last as string | null]));
      yield page.map((u) => ({
        id: u.id, name: u.name, email: u.email, status: u.status, college: u.college, has_password: u.password_hash !== null,
        mfa_enabled: Number(u.mfa_enabled) === 1, created_at: u.created_at, last_login_at: u.last_login_at, last_active_at: lastActive.get(u.id) ?? null,
        roles: [...(roles.get(u.id) ?? [])].sort(), permissions: [...(perms.get(u.id) ?? [])].sort(),
      }));
    }
  }

  /** E-mails of users by id (for the summary's operator and account names); any university. */
  async emails(ids: string[]): Promise<Map<string, string>> {
    const wanted = [...new Set(ids)];
    if (!wanted.length) return new Map();
    const rows = await this.db.selectFrom('users').select(['id', 'email']).where('id', 'in', wanted).execute();
    return new Map(rows.map((r) => [r.id, r.email]));
  }

  async recordReview(v: { universityId: string; reportId: string; reviewedBy: string; reportCreatedAt: string; accounts: number; note: string }) {
    const id = uuidv7();
    await this.db
      .insertInto('access_reviews')
      .values({ id, university_id: v.universityId, report_id: v.reportId, reviewed_by: v.reviewedBy, report_created_at: v.reportCreatedAt, accounts: v.accounts, note: v.note, created_at: nowDb() })
      .execute();
    return id;
  }

  private reviews(scope: Scope) {
    return scoped(this.db, scope, 'access_reviews')
      .leftJoin('users', 'users.id', 'access_reviews.reviewed_by')
      .selectAll('access_reviews')
      .select('users.name as reviewer_name');
  }

  review(scope: Scope, id: string) {
    return this.reviews(scope).where('access_reviews.id', '=', id).executeTakeFirst();
  }

  listReviews(scope: Scope, q: { page: number; per_page: number }) {
    return paginate(this.reviews(scope).orderBy('access_reviews.created_at', 'desc').orderBy('access_reviews.id', 'desc'), q.page, q.per_page);
  }
}
