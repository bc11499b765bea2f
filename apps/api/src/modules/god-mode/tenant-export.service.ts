import type { TenantExport } from '@bitflow/contracts';
import type { Kysely } from 'kysely';
import { toIso } from '../../db/time.js';
import type { DB } from '../../db/types.js';
import type { Actor, RequestMeta } from '../../core/actor.js';
import { AppError, unavailable } from '../../core/app-error.js';
import type { JobQueue } from '../../platform/queue.js';
import type { Storage } from '../../platform/storage.js';
import { writeAudit } from '../audit/audit-writer.js';
import type { TenantExportRepository } from './tenant-export.repository.js';

type Row = NonNullable<Awaited<ReturnType<TenantExportRepository['byId']>>>;

export function presentExport(r: Row): TenantExport {
  return {
    id: r.id, university_id: r.university_id, status: r.status as TenantExport['status'], error: r.error, file_size: r.file_size === null ? null : Number(r.file_size),
    row_counts: r.row_counts ? (JSON.parse(r.row_counts) as Record<string, number>) : null,
    created_at: toIso(r.created_at), completed_at: toIso(r.completed_at),
  };
}

// God Mode tenant export (GDPR): request → `tenant.export` job → zip in storage → download. Both
// the request and every download are audited in the tenant's own trail.
export class TenantExportService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly repo: TenantExportRepository,
    private readonly queue: JobQueue,
    private readonly storage: Storage,
  ) {}

  async request(actor: Actor, universityId: string, meta: RequestMeta) {
    if (!(await this.repo.university(universityId))) throw AppError.notFound('University');
    const id = await this.repo.create(universityId, actor.userId);
    // The row as accepted (generating): read before the job can start, which may finish it before
    // this answer is sent.
    const accepted = await this.status(id);
    await this.queue.enqueue('tenant.export', { export_id: id }, { jobId: `export-${id}` }).catch(async () => {
      await this.repo.fail(id, 'The job queue was unavailable.');
      throw unavailable();
    });
    await writeAudit(this.db, meta, { by: actor, action: 'tenant.export_requested', universityId, entityType: 'tenant_export', entityId: id });
    return accepted;
  }

  async status(id: string) {
    const r = await this.repo.byId(id);
    if (!r) throw AppError.notFound('Export');
    return presentExport(r);
  }

  async download(actor: Actor, id: string, meta: RequestMeta) {
    const r = await this.repo.byId(id);
    if (!r) throw AppError.notFound('Export');
    if (r.status !== 'completed' || !r.storage_key) throw new AppError('CONFLICT', r.status === 'failed' ? 'This export failed; request it again.' : 'This export is not ready yet.');
    const stream = await this.storage.get(r.storage_key);
    await writeAudit(this.db, meta, { by: actor, action: 'tenant.export_downloaded', universityId: r.university_id, entityType: 'tenant_export', entityId: id });
    return { stream, row: r };
  }
}
