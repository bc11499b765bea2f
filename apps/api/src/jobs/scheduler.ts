import type { ReportParameters } from '@bitflow/contracts';
import { sweepExpiredImpersonations } from '../modules/auth/impersonation-end.js';
import { ReportsRepository } from '../modules/reports/reports.repository.js';
import { nextRun } from '../modules/scheduled-reports/schedule.js';
import { ScheduledReportsRepository } from '../modules/scheduled-reports/scheduled-reports.repository.js';
import { escapeHtml } from '../platform/html.js';
import type { Platform } from '../platform/index.js';

// Scheduled reports: every worker ticks; a compare-and-set on next_run_at lets exactly one of them
// start each due run, which then flows through the normal report job.
export async function runDueSchedules(platform: Platform, now = new Date()) {
  const db = platform.database.db;
  const schedules = new ScheduledReportsRepository(db);
  const reports = new ReportsRepository(db);
  let started = 0;
  for (const s of await schedules.due(now)) {
    if (!(await schedules.claim(s.id, s.next_run_at!, nextRun(s.cron, s.timezone, now)))) continue;
    const id = await reports.create({
      universityId: s.university_id, collegeId: s.college_id, requestedBy: s.created_by, type: s.type, format: s.format,
      parameters: JSON.parse(s.parameters ?? '{}') as ReportParameters, scheduledReportId: s.id,
    });
    await platform.queue.enqueue('report.generate', { report_id: id }, { jobId: `report-${id}` });
    started++;
  }
  return started;
}

export function startScheduler(platform: Platform, everyMs = 30_000) {
  const timer = setInterval(() => {
    runDueSchedules(platform).catch(() => undefined);
    // Impersonations past their end are ended and audited even when nobody uses them again.
    sweepExpiredImpersonations(platform.database.primary, platform.cache).catch(() => undefined);
    // Mail whose enqueue failed (Redis was down when it was written) is enqueued once Redis is back.
    platform.mail.requeueStale(60_000).catch(() => undefined);
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

const ATTACH_LIMIT = 5 * 1024 * 1024;

/** The portal page a scheduled report's e-mail links to when the file is too large to attach. */
export const scheduledReportPath = (reportId: string) => `/reports?highlight=${encodeURIComponent(reportId)}`;

/** E-mails a finished scheduled report to its recipients: attached when small, else a link. */
export async function mailScheduledReport(platform: Platform, reportId: string) {
  const db = platform.database.db;
  const report = await new ReportsRepository(db).byId(reportId);
  if (!report?.scheduled_report_id || !report.storage_key) return;
  const schedule = await db.selectFrom('scheduled_reports').selectAll().where('id', '=', report.scheduled_report_id).executeTakeFirst();
  if (!schedule) return;
  const recipients = JSON.parse(schedule.recipients) as string[];
  // The portal's reports page (app/(app)/reports) opens with this report highlighted; signed out,
  // it goes through /login?next=… and comes back here.
  const link = `${platform.config.publicUrl}${scheduledReportPath(report.id)}`;
  const small = Number(report.file_size) <= ATTACH_LIMIT;
  // Attached by reference: the `mail.send` job reads the file from storage when it sends.
  const attachment = small ? { filename: `${schedule.name.replace(/[^\w -]/g, '_')}.${report.format}`, storage_key: report.storage_key } : undefined;
  for (const to of recipients) {
    await platform.mail.send({
      to,
      subject: `Scheduled report: ${schedule.name}`,
      text: `Your scheduled report "${schedule.name}" is ready (${report.row_count ?? 0} rows).\n${small ? 'It is attached.' : `Download it here: ${link}`}\n`,
      html: `<p>Your scheduled report <strong>${escapeHtml(schedule.name)}</strong> is ready (${report.row_count ?? 0} rows).</p><p>${small ? 'It is attached.' : `<a href="${escapeHtml(link)}">Download it</a>`}</p>`,
      attachments: attachment ? [attachment] : undefined,
    });
  }
}
