import type { Kysely } from 'kysely';
import { keysetPages } from '../../db/paginate.js';
import { inScope } from '../../db/scope.js';
import type { DB } from '../../db/types.js';
import type { Scope } from '../../http/actor.js';
import { applyDateRange } from '../shared/list-query.js';

export interface AuditFilters {
  action?: string;
  entity_type?: string;
  entity_id?: string;
  actor_id?: string;
  university_id?: string;
  from?: string;
  to?: string;
}

// Reads of the audit trail. Tenants see their own chain; God Mode sees every chain.
export class AuditRepository {
  constructor(private readonly db: Kysely<DB>) {}

  private filtered(scope: Scope, f: AuditFilters) {
    let qb = this.db.selectFrom('audit_logs').selectAll().where(inScope(scope, 'audit_logs'));
    if (f.action) qb = qb.where('action', '=', f.action);
    if (f.entity_type) qb = qb.where('entity_type', '=', f.entity_type);
    if (f.entity_id) qb = qb.where('entity_id', '=', f.entity_id);
    if (f.actor_id) qb = qb.where('actor_id', '=', f.actor_id);
    if (f.university_id) qb = qb.where('university_id', '=', f.university_id);
    return applyDateRange(qb, 'audit_logs.created_at', f.from, f.to);
  }

  async page(scope: Scope, f: AuditFilters, page: number, perPage: number) {
    const qb = this.filtered(scope, f);
    const [count, items] = await Promise.all([
      qb.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
      qb.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(perPage).offset((page - 1) * perPage).execute(),
    ]);
    return { items, total: Number(count?.n ?? 0) };
  }

  /** Keyset pages by id (UUIDv7 is time-ordered) so an export of millions never loads at once. */
  stream(scope: Scope, f: AuditFilters, batch = 1000) {
    return keysetPages((after) => this.filtered(scope, f).where('id', '>', after).orderBy('id').limit(batch).execute());
  }

  async *chain(chainKey: string, batch = 1000) {
    let after = 0;
    for (;;) {
      const rows = await this.db.selectFrom('audit_logs').selectAll().where('chain_key', '=', chainKey).where('seq', '>', after).orderBy('seq').limit(batch).execute();
      if (!rows.length) return;
      yield rows;
      after = Number(rows[rows.length - 1]!.seq);
    }
  }
}
