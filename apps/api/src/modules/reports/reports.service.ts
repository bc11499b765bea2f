import { COMPLIANCE_REPORT_TYPES, isComplianceReport, REPORT_MEDIA_TYPES, reportParameterErrors, type GenerateReportRequest, type Report, type ReportParameters, type ReportType } from '@bitflow/contracts';
import type { Kysely } from 'kysely';
import type { Readable } from 'node:stream';
import { toIso } from '../../db/time.js';
import type { DB } from '../../db/types.js';
import { AppError, unavailable } from '../../core/app-error.js';
import { can, type Actor, type RequestMeta } from '../../core/actor.js';
import type { JobQueue } from '../../platform/queue.js';
import type { Storage } from '../../platform/storage.js';
import { writeAudit } from '../audit/audit-writer.js';
import type { PlacementRepository } from '../shared/placement.repository.js';
import { universityFor } from '../shared/placement.js';
import type { ReportsRepository } from './reports.repository.js';

type ReportRow = DB['reports'];

export function presentReport(r: ReportRow): Report {
  return {
    id: r.id, university_id: r.university_id, type: r.type as Report['type'], format: r.format as Report['format'], status: r.status as Report['status'], error: r.error,
    parameters: r.parameters ? (JSON.parse(r.parameters) as ReportParameters) : {}, row_count: r.row_count === null ? null : Number(r.row_count), file_size: r.file_size === null ? null : Number(r.file_size),
    requested_by: r.requested_by, created_at: toIso(r.created_at)!, completed_at: toIso(r.completed_at),
    download_url: r.status === 'completed' ? `/api/v1/reports/${r.id}/download` : null,
  };
}

/**
 * Who may request a type, beyond reports.create: platform usage is God Mode's; compliance reports
 * (who holds what, what happened) need compliance.view and name one university. Scheduled reports
 * check the same. Parameters the type does not read are refused (reportParameterErrors).
 */
export function checkReportRequest(actor: Actor, type: ReportType, parameters: ReportParameters) {
  if (type === 'platform_usage' && actor.scope.level !== 'platform') throw new AppError('FORBIDDEN', 'Platform usage reports are for God Mode only.');
  if (isComplianceReport(type) && !can(actor, 'compliance.view')) throw new AppError('FORBIDDEN', 'Compliance reports are for university owners (compliance.view).');
  const errors = reportParameterErrors(type, parameters);
  if (Object.keys(errors).length) throw AppError.validation(errors);
}

/** Report types the actor may not see in lists or open: compliance reports without compliance.view. */
export function hiddenTypes(actor: Actor): string[] {
  return can(actor, 'compliance.view') ? [] : [...COMPLIANCE_REPORT_TYPES];
}

/** A completed report's file: its bytes, and what to call and type them. */
export interface ReportFile {
  stream: Readable;
  contentType: string;
  filename: string;
  size: number | null;
}

// The seed's report flow: a row in `generating`, a job, then `completed` or `failed`.
export class ReportsService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly repo: ReportsRepository,
    private readonly queue: JobQueue,
    private readonly storage: Storage,
    private readonly places: PlacementRepository,
  ) {}

  async generate(actor: Actor, body: GenerateReportRequest, meta: RequestMeta): Promise<Report> {
    checkReportRequest(actor, body.type, body.parameters);
    const universityId = body.type === 'platform_usage' ? null : await universityFor(this.places, actor, body.university_id);
    // Colleges and departments named as filters must be the caller's own.
    for (const id of body.parameters.college_ids ?? []) {
      const c = await this.places.college(actor.scope, id);
      if (!c || c.university_id !== universityId) throw AppError.validation({ 'parameters.college_ids': ['The selected college does not exist.'] });
    }
    for (const id of body.parameters.department_ids ?? []) {
      const d = await this.places.department(actor.scope, id);
      if (!d || d.university_id !== universityId) throw AppError.validation({ 'parameters.department_ids': ['The selected department does not exist.'] });
    }
    const collegeId = actor.scope.level === 'college' ? (actor.scope.collegeIds[0] ?? null) : null;
    const id = await this.repo.create({ universityId, collegeId, requestedBy: actor.userId, type: body.type, format: body.format, parameters: body.parameters });
    // The answer (202) is the report as requested, read before the job is queued: read after, a fast
    // worker could already have finished it (seen with a small platform-usage CSV on MariaDB + Redis).
    const requested = await this.status(actor, id);
    await this.queue.enqueue('report.generate', { report_id: id }, { jobId: `report-${id}` }).catch(async () => {
      // Redis is down: say so now rather than leave a row that stays `generating` forever.
      await this.repo.fail(id, 'The job queue was unavailable.');
      throw unavailable();
    });
    await writeAudit(this.db, meta, { by: actor, action: 'reports.requested', universityId, entityType: 'report', entityId: id, changes: { type: body.type, format: body.format } });
    return requested;
  }

  async status(actor: Actor, id: string): Promise<Report> {
    const r = await this.repo.get(actor.scope, id, hiddenTypes(actor));
    if (!r) throw AppError.notFound('Report');
    return presentReport(r);
  }

  async list(actor: Actor, q: { page: number; per_page: number; status?: string; type?: string }): Promise<{ items: Report[]; total: number }> {
    const { items, total } = await this.repo.list(actor.scope, { ...q, hidden: hiddenTypes(actor) });
    return { items: items.map(presentReport), total };
  }

  async download(actor: Actor, id: string, meta: RequestMeta): Promise<ReportFile> {
    const r = await this.repo.get(actor.scope, id, hiddenTypes(actor));
    if (!r) throw AppError.notFound('Report');
    if (r.status !== 'completed' || !r.storage_key) throw new AppError('CONFLICT', r.status === 'failed' ? 'This report failed; generate it again.' : 'This report is not ready yet.');
    const format = r.format as Report['format'];
    const stream = await this.storage.get(r.storage_key);
    // Data leaving the portal: the compliance summary counts these (modules/compliance).
    await writeAudit(this.db, meta, { by: actor, action: 'reports.downloaded', universityId: r.university_id, entityType: 'report', entityId: r.id, changes: { type: r.type, format } });
    return {
      stream,
      contentType: format === 'pdf' ? REPORT_MEDIA_TYPES.pdf : `${REPORT_MEDIA_TYPES.csv}; charset=utf-8`,
      filename: `${r.type.replace(/_/g, '-')}-${r.created_at.slice(0, 10)}.${format}`,
      size: r.file_size ? Number(r.file_size) : null,
    };
  }
}
