import { isForeignKeyViolation, isUniqueViolation } from '../../db/errors.js';
import { toIso } from '../../db/time.js';
import { AppError } from '../../core/app-error.js';
import type { Actor, RequestMeta } from '../../core/actor.js';
import { writeAudit } from '../audit/audit-writer.js';
import type { ListCache } from './list-cache.js';
import type { ListPage, ListQuery, Row, TenantResourceRepository } from './tenant-resource.repository.js';

// The rules every academic resource shares: scope-checked reads, placement checks for foreign ids,
// 409 naming the field on a duplicate natural key, soft delete / restore / purge, and an audit row
// for every change. Each resource supplies only what differs (ResourceConfig).

/** R: the resource table's row (the repository reads `select *` from it); P: what the API answers (the contract's type). */
export interface ResourceConfig<C, U, P = unknown, R = Row> {
  label: string;
  auditType: string;
  /** Unique natural keys: the DB index name fragment → the body field reported on conflict. */
  unique: { index: string; field: string; message: string }[];
  /** Where a new row goes (university_id, college_id, …), derived from the body within the scope. */
  place(actor: Actor, body: C): Promise<Record<string, unknown>>;
  /** Extra placement checks when an update names new foreign ids. */
  placeUpdate?(actor: Actor, row: R, body: U): Promise<Record<string, unknown>>;
  toRow(body: Partial<C> | U): Record<string, unknown>;
  present(row: R, actor: Actor): P;
  /** Runs after a delete or restore (e.g. seats to recount when a student's enrolments went with it). */
  afterDeleteOrRestore?(row: R): Promise<void>;
  /** Cache list pages (lookup data such as departments and courses). */
  cacheLists?: boolean;
}

type StampedRow = { created_at: string; updated_at: string; deleted_at: string | null };
type Stamps = { created_at: string | null; updated_at: string | null; deleted_at: string | null };

/** The row's timestamps in ISO form, written onto `out` (a new object by default). */
export function timestamps(row: StampedRow): Stamps;
export function timestamps<T extends object>(row: StampedRow, out: T): T & Stamps;
export function timestamps(row: StampedRow, out: object = {}) {
  const o = out as Stamps;
  o.created_at = toIso(row.created_at);
  o.updated_at = toIso(row.updated_at);
  o.deleted_at = toIso(row.deleted_at);
  return o;
}

export class TenantResourceService<C, U, P = unknown, R = Row> {
  constructor(
    readonly repo: TenantResourceRepository,
    readonly cfg: ResourceConfig<C, U, P, R>,
    readonly lists: ListCache,
  ) {}

  async list(actor: Actor, q: ListQuery) {
    // Lookup data (cacheLists) caches whole pages. Other lists cache their total: counting a
    // 200,000-student tenant costs more than the page itself. Either way one versioned entry, so any
    // write to the university recounts.
    const { page: _p, per_page: _pp, sort: _s, cursor: _c, ...filters } = q;
    if (this.cfg.cacheLists) {
      const entry = await this.lists.entry<ListPage>(actor.scope, this.repo.def.table, q, { version: actor.dataVersion });
      const read = () => this.repo.list(actor.scope, q);
      return this.presentPage(entry.share ? await entry.share(read) : await read(), actor);
    }
    const count = await this.lists.entry<number>(actor.scope, `${this.repo.def.table}:count`, filters, { stayOnReplica: true, version: actor.dataVersion });
    // A cached total, or one count shared by the requests that missed it together; where nothing is
    // cached (God Mode), the page counts alongside its rows.
    const total = count.share ? await count.share(() => this.repo.count(actor.scope, q)) : undefined;
    const page = await this.repo.list(actor.scope, q, { total });
    return this.presentPage(page, actor);
  }

  private presentPage(page: ListPage, actor: Actor) {
    return { ...page, items: page.items.map((r) => this.cfg.present(this.typed(r), actor)) };
  }

  private async changed(universityId: string | undefined) {
    if (universityId) await this.lists.bump(universityId);
  }

  async row(actor: Actor, id: string, withTrashed = false) {
    const row = await this.repo.get(actor.scope, id, withTrashed);
    if (!row) throw AppError.notFound(this.cfg.label);
    return row;
  }

  /** The repository reads `select *` from this resource's own table, so its rows are that table's R. */
  private typed(row: Row): R {
    return row as unknown as R;
  }

  async get(actor: Actor, id: string): Promise<P> {
    return this.cfg.present(this.typed(await this.row(actor, id)), actor);
  }

  private async write<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (isUniqueViolation(err)) {
        const text = String((err as Error).message);
        const hit = this.cfg.unique.find((u) => text.includes(u.index)) ?? this.cfg.unique[0];
        if (hit) throw AppError.conflict(hit.field, hit.message);
      }
      if (isForeignKeyViolation(err)) throw AppError.validation({ body: ['A referenced record does not exist.'] });
      throw err;
    }
  }

  async create(actor: Actor, body: C, meta: RequestMeta) {
    const placement = await this.cfg.place(actor, body);
    const id = await this.write(() => this.repo.insert({ ...this.cfg.toRow(body), ...placement }));
    // The row is committed: the cache version, the audit row and the read-back are independent of
    // each other, so they go together rather than one round trip after another.
    const [, , created] = await Promise.all([
      this.changed((placement.university_id as string | undefined) ?? id),
      writeAudit(this.repo.db, meta, { by: actor, action: `${this.repo.def.table}.created`, universityId: placement.university_id as string, entityType: this.cfg.auditType, entityId: id, changes: body as Record<string, unknown> }),
      this.get(actor, id),
    ]);
    return created;
  }

  async update(actor: Actor, id: string, body: U, meta: RequestMeta) {
    const row = await this.row(actor, id);
    const placement = this.cfg.placeUpdate ? await this.cfg.placeUpdate(actor, this.typed(row), body) : {};
    const patch = { ...this.cfg.toRow(body), ...placement };
    if (Object.keys(patch).length) await this.write(() => this.repo.update(actor.scope, id, patch));
    // Before and after of the fields sent (personal fields are masked by the audit service).
    const before = Object.fromEntries(Object.keys(body as object).map((k) => [k, (row as Record<string, unknown>)[k] ?? null]));
    const [, , updated] = await Promise.all([
      this.changed(row.university_id ?? id),
      writeAudit(this.repo.db, meta, { by: actor, action: `${this.repo.def.table}.updated`, universityId: row.university_id, entityType: this.cfg.auditType, entityId: id, changes: { before, after: body as Record<string, unknown> } }),
      this.get(actor, id),
    ]);
    return updated;
  }

  async delete(actor: Actor, id: string, meta: RequestMeta) {
    const row = await this.row(actor, id);
    await this.repo.softDelete(actor.scope, id);
    await this.changed(row.university_id ?? id);
    await this.cfg.afterDeleteOrRestore?.(this.typed(row));
    await writeAudit(this.repo.db, meta, { by: actor, action: `${this.repo.def.table}.deleted`, universityId: row.university_id, entityType: this.cfg.auditType, entityId: id });
  }

  async restore(actor: Actor, id: string, meta: RequestMeta) {
    const row = await this.row(actor, id, true);
    if (!row.deleted_at) throw new AppError('CONFLICT', `This ${this.cfg.label.toLowerCase()} is not deleted.`);
    await this.write(() => this.repo.restore(actor.scope, id, row.deleted_at!));
    await this.changed(row.university_id ?? id);
    await this.cfg.afterDeleteOrRestore?.(this.typed(row));
    await writeAudit(this.repo.db, meta, { by: actor, action: `${this.repo.def.table}.restored`, universityId: row.university_id, entityType: this.cfg.auditType, entityId: id });
    return this.get(actor, id);
  }

  /** God Mode only (the route requires god_mode.access): removes the row and everything below it. */
  async purge(actor: Actor, id: string, meta: RequestMeta) {
    const row = await this.row(actor, id, true);
    await this.repo.purge(id);
    await this.changed(row.university_id ?? id);
    await writeAudit(this.repo.db, meta, { by: actor, action: `${this.repo.def.table}.purged`, universityId: row.university_id, entityType: this.cfg.auditType, entityId: id });
  }
}
