import { sql, type Kysely } from 'kysely';
import { paginate } from '../../db/paginate.js';
import { nowDb } from '../../db/time.js';
import type { DB } from '../../db/types.js';
import { prefix } from '../shared/list-query.js';

// God Mode's tenant list: one page of universities, each with its usage counted by correlated
// subqueries (index lookups per row of the page, never a scan of every tenant).
export class ConsoleRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async tenants(q: { page: number; per_page: number; q?: string; status?: string }) {
    const countOf = (t: 'students' | 'users' | 'colleges' | 'courses') =>
      sql<number>`(SELECT COUNT(*) FROM ${sql.table(t)} WHERE ${sql.ref(`${t}.university_id`)} = ${sql.ref('universities.id')} AND ${sql.ref(`${t}.deleted_at`)} IS NULL)`;
    let qb = this.db
      .selectFrom('universities')
      .select([
        'universities.id', 'universities.name', 'universities.code', 'universities.status', 'universities.suspended_reason', 'universities.created_at',
        countOf('students').as('students'), countOf('users').as('users'), countOf('colleges').as('colleges'), countOf('courses').as('courses'),
        sql<string | null>`(SELECT MAX(${sql.ref('audit_logs.created_at')}) FROM audit_logs WHERE ${sql.ref('audit_logs.chain_key')} = ${sql.ref('universities.id')})`.as('last_activity_at'),
      ])
      .where('universities.deleted_at', 'is', null);
    if (q.q) qb = qb.where((eb) => eb.or([eb('universities.name', 'like', prefix(q.q!)), eb('universities.code', 'like', prefix(q.q!))]));
    if (q.status) qb = qb.where('universities.status', '=', q.status);
    return paginate(qb.orderBy('universities.name').orderBy('universities.id'), q.page, q.per_page);
  }

  async counts() {
    const one = async (t: 'universities' | 'users' | 'students' | 'sessions') => {
      let qb = this.db.selectFrom(t).select(sql<number>`count(*)`.as('n'));
      if (t === 'sessions') qb = qb.where('revoked_at', 'is', null).where('expires_at', '>', nowDb());
      return Number((await qb.executeTakeFirst())?.n ?? 0);
    };
    const [universities, users, students, active_sessions] = await Promise.all([one('universities'), one('users'), one('students'), one('sessions')]);
    return { universities, users, students, active_sessions };
  }
}
