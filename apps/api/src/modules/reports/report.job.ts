import type { ReportParameters, ReportType } from '@bitflow/contracts';
import type { Scope } from '../../core/actor.js';
import { mailTemplates } from '../../platform/mail-templates.js';
import type { Storage } from '../../platform/storage.js';
import type { NotificationsService } from '../notifications/notifications.service.js';
import { describeFilters, REPORTS } from './report-definitions.js';
import { csvWriter, pdfWriter } from './report-writer.js';
import type { ReportsRepository } from './reports.repository.js';

export const MAX_ATTEMPTS = 3;

// The `report.generate` processor. Safe to run again after a crash: it works only on a report still
// `generating`, writes to a key derived from the report id (a rerun overwrites, never duplicates),
// and completes with a conditional update, so the visible effect happens once.
export interface ReportJobDeps {
  repo: ReportsRepository;
  storage: Storage;
  notifications: NotificationsService;
  portalUrl: string;
  /** Runs once when a report completes (scheduled reports e-mail their recipients here). */
  onCompleted?: (reportId: string) => Promise<void>;
}

export async function generateReport(deps: ReportJobDeps, reportId: string, attempt: number) {
  const report = await deps.repo.byId(reportId);
  if (!report || report.status !== 'generating') return;
  const def = REPORTS[report.type as ReportType];
  const requested = JSON.parse(report.parameters ?? '{}') as ReportParameters;
  const params = def.resolve ? def.resolve(requested, new Date()) : requested;
  const scope: Scope = !report.university_id
    ? { level: 'platform' }
    : report.college_id
      ? { level: 'college', universityId: report.university_id, collegeIds: [report.college_id] }
      : { level: 'university', universityId: report.university_id };
  try {
    const uni = await deps.repo.universityName(report.university_id);
    const writer = report.format === 'csv'
      ? csvWriter(def.columns)
      : pdfWriter(def.columns, {
        title: def.title, university: uni ? `${uni.name} (${uni.code})` : 'All universities (platform)',
        filters: def.describe ? def.describe(params) : describeFilters(params), generatedAt: new Date(), landscape: def.landscape,
      });
    const key = `reports/${report.university_id ?? 'platform'}/${report.id}.${report.format}`;
    // One attempt runs at a time (the job's lock), so a partial write of this key is a dead
    // attempt's: a killed worker's temp file or unfinished upload. Best effort: it is only litter.
    await deps.storage.discardPartial(key).catch(() => undefined);
    const stored = deps.storage.put(key, writer.stream, writer.contentType);
    let rows = 0;
    try {
      for await (const page of def.rows(deps.repo, scope, params)) {
        writer.write(page);
        rows += page.length;
        // Let storage drain what was rendered before reading the next page.
        while (writer.stream.readableLength > 4 * 1024 * 1024) await new Promise((r) => setTimeout(r, 5));
      }
    } finally {
      writer.end();
    }
    const { size } = await stored;
    const completed = await deps.repo.complete(report.id, { storageKey: key, size, rows });
    if (completed) await deps.onCompleted?.(report.id);
    if (completed && report.requested_by) {
      await deps.notifications.notify({
        userIds: [report.requested_by], universityId: report.university_id, type: 'report.ready',
        title: `${def.title} is ready`, body: `${rows} rows, ${report.format.toUpperCase()}.`, data: { report_id: report.id },
      }, (to) => mailTemplates.reportReady(to, def.title, rows, deps.portalUrl));
    }
  } catch (err) {
    if (attempt >= MAX_ATTEMPTS) {
      await deps.repo.fail(report.id, err instanceof Error ? err.message : String(err));
      if (report.requested_by) {
        await deps.notifications.notify({ userIds: [report.requested_by], universityId: report.university_id, type: 'report.failed', title: `${def.title} failed`, data: { report_id: report.id } });
      }
    }
    throw err;
  }
}
