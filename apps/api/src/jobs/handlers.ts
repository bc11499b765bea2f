import type { Platform } from '../platform/index.js';
import { mailScheduledReport, startScheduler } from './scheduler.js';
import type { JobHandlers } from '../platform/queue.js';
import { NotificationsRepository } from '../modules/notifications/notifications.repository.js';
import { NotificationsService } from '../modules/notifications/notifications.service.js';
import { processImport } from '../modules/imports/import.job.js';
import { ImportsRepository } from '../modules/imports/imports.repository.js';
import { ListCache } from '../modules/shared/list-cache.js';
import { generateReport, MAX_ATTEMPTS } from '../modules/reports/report.job.js';
import { ReportsRepository } from '../modules/reports/reports.repository.js';
import { exportTenant } from '../modules/god-mode/tenant-export.job.js';
import { TenantExportRepository } from '../modules/god-mode/tenant-export.repository.js';
import { fanOutAnnouncement } from '../modules/notifications/announcement-fanout.job.js';
import { AnnouncementsRepository } from '../modules/notifications/announcements.repository.js';
import { deliverMail } from '../modules/mail/mail.job.js';
import { MailOutboxRepository } from '../modules/mail/mail-outbox.repository.js';

// The processors for every job contract, wired to the platform's adapters. Used by `worker.ts`
// and, in the embedded default, by the API process itself.
export function jobHandlers(platform: Platform): JobHandlers {
  const db = platform.database.db;
  const notifications = new NotificationsService(new NotificationsRepository(db), platform.pubsub, platform.mail);
  const announcements = new AnnouncementsRepository(platform.database.primary);
  const outbox = new MailOutboxRepository(platform.database.primary);
  const reports = new ReportsRepository(db);
  const imports = new ImportsRepository(db);
  const exports = new TenantExportRepository(db);
  const lists = new ListCache(platform.cache, platform.database.replicated);
  return {
    'report.generate': (p, attempt) =>
      generateReport({ repo: reports, storage: platform.storage, notifications, portalUrl: platform.config.publicUrl, onCompleted: (id) => mailScheduledReport(platform, id) }, p.report_id, attempt),
    'import.process': async (p, attempt) => {
      try {
        await processImport({ repo: imports, storage: platform.storage, cipher: platform.cipher, notifications, portalUrl: platform.config.publicUrl, onChanged: (u) => lists.bump(u) }, p.import_id);
      } catch (err) {
        if (attempt >= MAX_ATTEMPTS) await imports.progress(p.import_id, { status: 'failed', error: err instanceof Error ? err.message.slice(0, 1000) : 'Import failed' });
        throw err;
      }
    },
    'tenant.export': (p, attempt) => exportTenant({ repo: exports, storage: platform.storage, cipher: platform.cipher, notifications }, p.export_id, attempt, MAX_ATTEMPTS),
    'notification.fanout': (p, attempt) => fanOutAnnouncement({ repo: announcements, pubsub: platform.pubsub }, p.announcement_id, attempt, MAX_ATTEMPTS),
    // The transport is looked up at each send (platform.mailer), so a test can stand in for it.
    'mail.send': (p, attempt) => deliverMail({ repo: outbox, mailer: () => platform.mailer, cipher: platform.cipher, storage: platform.storage }, p.mail_id, attempt, platform.config.mail.attempts),
  };
}

/** The in-process queue forgets jobs on a crash; the rows that are still in progress remember them. */
export async function recoverInterruptedJobs(platform: Platform) {
  if (platform.queue.kind !== 'memory') return 0;
  const pending = await new ReportsRepository(platform.database.db).generatingIds();
  for (const id of pending) await platform.queue.enqueue('report.generate', { report_id: id }, { jobId: `report-${id}` });
  const imports = await new ImportsRepository(platform.database.db).queuedIds();
  for (const id of imports) await platform.queue.enqueue('import.process', { import_id: id }, { jobId: `import-${id}` });
  const exports = await new TenantExportRepository(platform.database.db).generatingIds();
  for (const id of exports) await platform.queue.enqueue('tenant.export', { export_id: id }, { jobId: `export-${id}` });
  const announcements = await new AnnouncementsRepository(platform.database.primary).unfinishedIds();
  for (const id of announcements) await platform.queue.enqueue('notification.fanout', { announcement_id: id }, { jobId: `announcement-${id}` });
  // Mail still queued when the process stopped: enqueued again at once (not only after the sweep's minute).
  const mails = await platform.mail.requeueStale(0);
  return pending.length + imports.length + exports.length + announcements.length + mails;
}

/** Wraps every processor to record its duration and outcome. */
function instrumented(platform: Platform, handlers: JobHandlers): JobHandlers {
  const out = {} as Record<string, (p: never, a: number) => Promise<void>>;
  for (const [name, fn] of Object.entries(handlers) as [string, (p: never, a: number) => Promise<void>][]) {
    out[name] = async (p, a) => {
      const end = platform.metrics.jobDuration.startTimer({ name });
      try {
        await fn(p, a);
        platform.metrics.jobs.inc({ name, outcome: 'completed' });
      } catch (err) {
        platform.metrics.jobs.inc({ name, outcome: 'failed' });
        throw err;
      } finally {
        end();
      }
    };
  }
  return out as unknown as JobHandlers;
}

export async function startWorker(platform: Platform, opts: { scheduler?: boolean } = {}) {
  // Partial writes a killed worker left (temp files, unfinished uploads): untouched for a whole
  // lock period, so their writer is gone — a live one keeps writing, or its job was taken over.
  await platform.storage.sweepPartial(platform.config.workerLockMs).catch(() => 0);
  platform.queue.startWorker(instrumented(platform, jobHandlers(platform)), platform.config.workerConcurrency);
  if (opts.scheduler !== false) startScheduler(platform);
  await recoverInterruptedJobs(platform);
}
