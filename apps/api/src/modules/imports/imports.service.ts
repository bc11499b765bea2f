import type { Import, ImportEntity, Permission } from '@bitflow/contracts';
import type { Kysely, Selectable } from 'kysely';
import type { Readable } from 'node:stream';
import { v7 as uuidv7 } from 'uuid';
import { toIso } from '../../db/time.js';
import type { DB } from '../../db/types.js';
import { AppError, unavailable } from '../../core/app-error.js';
import type { Actor, RequestMeta } from '../../core/actor.js';
import type { JobQueue } from '../../platform/queue.js';
import type { Storage } from '../../platform/storage.js';
import { writeAudit } from '../audit/audit-writer.js';
import { universityFor } from '../shared/placement.js';
import type { PlacementRepository } from '../shared/placement.repository.js';
import type { ImportsRepository } from './imports.repository.js';

const CSV_TYPES = ['text/csv', 'application/csv', 'text/plain', 'application/vnd.ms-excel'];

export function presentImport(r: Selectable<DB['imports']>): Import {
  const total = Number(r.total_rows);
  const processed = Number(r.processed_rows);
  return {
    id: r.id, university_id: r.university_id, entity_type: r.entity_type as ImportEntity, dry_run: Number(r.dry_run) === 1, status: r.status as Import['status'], original_name: r.original_name,
    total_rows: total, processed_rows: processed, progress: total ? Math.min(100, Math.round((processed / total) * 100)) : r.status === 'completed' ? 100 : 0,
    created_count: Number(r.created_count), updated_count: Number(r.updated_count), error_count: Number(r.error_count), error: r.error,
    error_report_url: r.error_report_key ? `/api/v1/imports/${r.id}/errors` : null, created_at: toIso(r.created_at)!, completed_at: toIso(r.completed_at),
  };
}

/** The CSV of an upload: its stream, and the name and type the client gave it. */
export interface ImportFile {
  stream: Readable;
  filename: string;
  mimetype: string;
}

export class ImportsService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly repo: ImportsRepository,
    private readonly storage: Storage,
    private readonly queue: JobQueue,
    private readonly places: PlacementRepository,
  ) {}

  async start(actor: Actor, q: { entity_type: ImportEntity; dry_run: 'true' | 'false'; university_id?: string }, upload: ImportFile, meta: RequestMeta): Promise<Import> {
    const { stream: file, filename } = upload;
    if (!CSV_TYPES.includes(upload.mimetype) && !filename.toLowerCase().endsWith('.csv')) {
      file.resume();
      throw AppError.validation({ file: ['The file must be a CSV.'] });
    }
    // Importing creates and updates rows: the caller needs both rights on that entity.
    for (const action of ['create', 'update']) {
      if (!actor.permissions.has(`${q.entity_type}.${action}` as Permission)) throw new AppError('FORBIDDEN', `You cannot ${action} ${q.entity_type}.`);
    }
    const universityId = await universityFor(this.places, actor, q.university_id);
    const id = uuidv7();
    const key = `imports/${universityId}/${id}.csv`;
    const { size } = await this.storage.put(key, file, 'text/csv');
    if ((file as { truncated?: boolean }).truncated) {
      await this.storage.delete(key);
      throw new AppError('PAYLOAD_TOO_LARGE', 'The file is larger than 20 MB.');
    }
    if (size === 0) {
      await this.storage.delete(key);
      throw AppError.validation({ file: ['The file is empty.'] });
    }
    const collegeId = actor.scope.level === 'college' ? (actor.scope.collegeIds[0] ?? null) : null;
    await this.repo.create({ id, universityId, collegeId, createdBy: actor.userId, entityType: q.entity_type, dryRun: q.dry_run === 'true', fileKey: key, originalName: filename.slice(0, 255) });
    await this.queue.enqueue('import.process', { import_id: id }, { jobId: `import-${id}` }).catch(async () => {
      await this.repo.progress(id, { status: 'failed', error: 'The job queue was unavailable.' });
      throw unavailable();
    });
    await writeAudit(this.db, meta, { by: actor, action: 'imports.started', universityId, entityType: 'import', entityId: id, changes: { entity_type: q.entity_type, dry_run: q.dry_run === 'true', file: filename } });
    return this.get(actor, id);
  }

  async get(actor: Actor, id: string): Promise<Import> {
    const r = await this.repo.get(actor.scope, id);
    if (!r) throw AppError.notFound('Import');
    return presentImport(r);
  }

  async list(actor: Actor, q: { page: number; per_page: number; status?: string }): Promise<{ items: Import[]; total: number }> {
    const { items, total } = await this.repo.list(actor.scope, q);
    return { items: items.map(presentImport), total };
  }

  async errors(actor: Actor, id: string): Promise<Readable> {
    const r = await this.repo.get(actor.scope, id);
    if (!r) throw AppError.notFound('Import');
    if (!r.error_report_key) throw AppError.notFound('Error report');
    return this.storage.get(r.error_report_key);
  }
}
