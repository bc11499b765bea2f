import type { CreateScheduledReportRequest, ReportParameters, ScheduledReport, ScheduledReportDetail } from '@bitflow/contracts';
import type { Kysely, Selectable } from 'kysely';
import { toDbTime, toIso } from '../../db/time.js';
import type { DB } from '../../db/types.js';
import { AppError } from '../../core/app-error.js';
import type { Actor, RequestMeta } from '../../core/actor.js';
import { writeAudit } from '../audit/audit-writer.js';
import { checkReportRequest, hiddenTypes, presentReport } from '../reports/reports.service.js';
import { universityFor } from '../shared/placement.js';
import type { PlacementRepository } from '../shared/placement.repository.js';
import { nextRun } from './schedule.js';
import type { ScheduledReportsRepository } from './scheduled-reports.repository.js';

type Row = Selectable<DB['scheduled_reports']>;

/** Who may receive a scheduled report (REPORT_EXTERNAL_RECIPIENTS, read by the routes per request). */
export interface RecipientPolicy {
  external: boolean;
}
const INTERNAL_ONLY: RecipientPolicy = { external: false };

const present = (r: Row): ScheduledReport => ({
  id: r.id, university_id: r.university_id, name: r.name, type: r.type as ScheduledReport['type'], format: r.format as ScheduledReport['format'],
  parameters: JSON.parse(r.parameters ?? '{}') as ReportParameters,
  cron: r.cron, timezone: r.timezone, recipients: JSON.parse(r.recipients) as string[], status: r.status as ScheduledReport['status'],
  next_run_at: toIso(r.next_run_at), last_run_at: toIso(r.last_run_at), created_by: r.created_by, created_at: toIso(r.created_at)!, updated_at: toIso(r.updated_at)!,
});

export class ScheduledReportsService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly repo: ScheduledReportsRepository,
    private readonly places: PlacementRepository,
  ) {}

  /**
   * Unless outside recipients are allowed, each address must be an active user of the report's
   * university (platform staff for a platform report) or on the domain of the university's own
   * e-mail; else a 422 naming each refused entry (`recipients.2`).
   */
  private async checkRecipients(universityId: string | null, recipients: string[], policy: RecipientPolicy) {
    if (policy.external) return;
    const wanted = [...new Set(recipients.map((r) => r.toLowerCase()))];
    let users = this.db.selectFrom('users').select('email').where('status', '=', 'active').where('deleted_at', 'is', null).where('email', 'in', wanted);
    users = universityId ? users.where('university_id', '=', universityId) : users.where('university_id', 'is', null);
    const known = new Set((await users.execute()).map((u) => u.email.toLowerCase()));
    const uni = universityId ? await this.db.selectFrom('universities').select('email').where('id', '=', universityId).executeTakeFirst() : undefined;
    const domain = uni?.email?.split('@')[1]?.toLowerCase();
    const where = universityId ? 'this university' : 'the platform';
    const errors: Record<string, string[]> = {};
    recipients.forEach((r, i) => {
      const email = r.toLowerCase();
      if (!known.has(email) && !(domain && email.endsWith(`@${domain}`))) errors[`recipients.${i}`] = [`${r} is not a user of ${where}.`];
    });
    const refused = Object.keys(errors).length;
    if (refused) throw AppError.validation(errors, `${refused === 1 ? 'A recipient is' : `${refused} recipients are`} not a user of ${where}.`);
  }

  async create(actor: Actor, b: CreateScheduledReportRequest, meta: RequestMeta, policy = INTERNAL_ONLY): Promise<ScheduledReportDetail> {
    checkReportRequest(actor, b.type, b.parameters);
    const universityId = b.type === 'platform_usage' ? null : await universityFor(this.places, actor, b.university_id);
    const next = nextRun(b.cron, b.timezone);
    await this.checkRecipients(universityId, b.recipients, policy);
    const id = await this.repo.create({
      university_id: universityId, college_id: actor.scope.level === 'college' ? (actor.scope.collegeIds[0] ?? null) : null, created_by: actor.userId,
      name: b.name, type: b.type, format: b.format, parameters: JSON.stringify(b.parameters), cron: b.cron, timezone: b.timezone,
      recipients: JSON.stringify(b.recipients), status: 'active', next_run_at: toDbTime(next),
    });
    await writeAudit(this.db, meta, { by: actor, action: 'scheduled_reports.created', universityId, entityType: 'scheduled_report', entityId: id, changes: { ...b } });
    return this.get(actor, id);
  }

  private async row(actor: Actor, id: string) {
    const r = await this.repo.get(actor.scope, id);
    // A compliance schedule is hidden, as its reports are, from those without compliance.view.
    if (!r || hiddenTypes(actor).includes(r.type)) throw AppError.notFound('Scheduled report');
    return r;
  }

  async get(actor: Actor, id: string): Promise<ScheduledReportDetail> {
    const r = await this.row(actor, id);
    return { ...present(r), runs: (await this.repo.runs(id)).map(presentReport) };
  }

  async list(actor: Actor, q: { page: number; per_page: number }): Promise<{ items: ScheduledReport[]; total: number }> {
    const { items, total } = await this.repo.list(actor.scope, { ...q, hidden: hiddenTypes(actor) });
    return { items: items.map(present), total };
  }

  async update(actor: Actor, id: string, b: Partial<CreateScheduledReportRequest>, meta: RequestMeta, policy = INTERNAL_ONLY): Promise<ScheduledReportDetail> {
    const r = await this.row(actor, id);
    if (b.parameters) checkReportRequest(actor, r.type as ScheduledReport['type'], b.parameters);
    if (b.recipients) await this.checkRecipients(r.university_id, b.recipients, policy);
    const cron = b.cron ?? r.cron;
    const timezone = b.timezone ?? r.timezone;
    const patch: Record<string, unknown> = {};
    for (const k of ['name', 'format', 'cron', 'timezone'] as const) if (b[k] !== undefined) patch[k] = b[k];
    if (b.parameters) patch.parameters = JSON.stringify(b.parameters);
    if (b.recipients) patch.recipients = JSON.stringify(b.recipients);
    if (b.cron || b.timezone) patch.next_run_at = toDbTime(nextRun(cron, timezone));
    await this.repo.update(actor.scope, id, patch);
    await writeAudit(this.db, meta, { by: actor, action: 'scheduled_reports.updated', universityId: r.university_id, entityType: 'scheduled_report', entityId: id, changes: { ...b } });
    return this.get(actor, id);
  }

  async setStatus(actor: Actor, id: string, status: ScheduledReport['status'], meta: RequestMeta): Promise<ScheduledReportDetail> {
    const r = await this.row(actor, id);
    // Resuming starts from now: no burst of missed runs.
    await this.repo.update(actor.scope, id, { status, ...(status === 'active' ? { next_run_at: toDbTime(nextRun(r.cron, r.timezone)) } : {}) });
    await writeAudit(this.db, meta, { by: actor, action: `scheduled_reports.${status === 'active' ? 'resumed' : 'paused'}`, universityId: r.university_id, entityType: 'scheduled_report', entityId: id });
    return this.get(actor, id);
  }

  async delete(actor: Actor, id: string, meta: RequestMeta): Promise<void> {
    const r = await this.row(actor, id);
    await this.repo.update(actor.scope, id, { deleted_at: toDbTime(new Date()) });
    await writeAudit(this.db, meta, { by: actor, action: 'scheduled_reports.deleted', universityId: r.university_id, entityType: 'scheduled_report', entityId: id });
  }
}
