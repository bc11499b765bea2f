import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { keysetPages } from '../../db/paginate.js';
import { scoped, TENANT_COLUMNS, type TenantTable } from '../../db/scope.js';
import { nowDb } from '../../db/time.js';
import type { DB } from '../../db/types.js';

const PAGE = 1000;

/**
 * Every tenant table, in an order a restore could insert them (parents first). Not the dashboard's
 * counters: figures derived from the other tables, which a restore recounts (rebuildDashboardCounts).
 */
export const EXPORT_TABLES = (Object.keys(TENANT_COLUMNS) as TenantTable[]).filter((t) => t !== 'dashboard_counts');

// Export rows, and one university's data read table by table in keyset pages, always through the
// tenant scope helper with a university scope — so the zip can hold nothing of another tenant.
export class TenantExportRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async create(universityId: string, requestedBy: string) {
    const id = uuidv7();
    const now = nowDb();
    await this.db.insertInto('tenant_exports').values({ id, university_id: universityId, requested_by: requestedBy, status: 'generating', created_at: now, updated_at: now }).execute();
    return id;
  }

  byId(id: string) {
    return this.db.selectFrom('tenant_exports').selectAll().where('id', '=', id).executeTakeFirst();
  }

  generatingIds() {
    return this.db.selectFrom('tenant_exports').select('id').where('status', '=', 'generating').execute().then((r) => r.map((x) => x.id));
  }

  university(id: string) {
    return this.db.selectFrom('universities').select(['id', 'name', 'code']).where('id', '=', id).executeTakeFirst();
  }

  async complete(id: string, f: { storageKey: string; size: number; rowCounts: Record<string, number> }) {
    const now = nowDb();
    const r = await this.db
      .updateTable('tenant_exports')
      .set({ status: 'completed', storage_key: f.storageKey, file_size: f.size, row_counts: JSON.stringify(f.rowCounts), completed_at: now, updated_at: now, error: null })
      .where('id', '=', id)
      .where('status', '=', 'generating')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async fail(id: string, reason: string) {
    await this.db.updateTable('tenant_exports').set({ status: 'failed', error: reason.slice(0, 1000), updated_at: nowDb() }).where('id', '=', id).where('status', '=', 'generating').execute();
  }

  /** One tenant table of one university, in pages of 1,000 by id. */
  rows(table: TenantTable, universityId: string): AsyncGenerator<Record<string, unknown>[]> {
    const scope = { level: 'university' as const, universityId };
    // `as never`: `table` is any tenant table, so Kysely cannot type its columns; every one has `id`.
    return keysetPages((after) =>
      scoped(this.db, scope, table)
        .selectAll()
        .where(`${table}.id` as never, '>', after as never)
        .orderBy(`${table}.id` as never)
        .limit(PAGE)
        .execute() as Promise<(Record<string, unknown> & { id: string })[]>,
    );
  }

  /** The link tables, which carry no university id of their own: through their tenant parent. */
  userRoles(universityId: string) {
    return scoped(this.db, { level: 'university', universityId }, 'users')
      .innerJoin('user_roles', 'user_roles.user_id', 'users.id')
      .select(['user_roles.user_id', 'user_roles.role_id', 'user_roles.created_at'])
      .orderBy('user_roles.user_id')
      .orderBy('user_roles.role_id')
      .execute();
  }

  rolePermissions(universityId: string) {
    return scoped(this.db, { level: 'university', universityId }, 'roles')
      .innerJoin('role_permissions', 'role_permissions.role_id', 'roles.id')
      .innerJoin('permissions', 'permissions.id', 'role_permissions.permission_id')
      .select(['role_permissions.role_id', 'permissions.name as permission'])
      .orderBy('role_permissions.role_id')
      .orderBy('permissions.name')
      .execute();
  }
}
