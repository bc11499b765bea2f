import { z } from 'zod';
import { ZPageQuery } from './envelope.js';

// Reports (seed §Report Generation Flow): requested, generated in the background, downloaded.
export const REPORT_TYPES = ['student_roster', 'enrollment_summary', 'faculty_directory', 'department_statistics', 'platform_usage'] as const;
export type ReportType = (typeof REPORT_TYPES)[number];
export const REPORT_FORMATS = ['pdf', 'csv'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
/** A report is `generating` until its job completes or fails it. */
export const REPORT_STATUSES = ['generating', 'completed', 'failed'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];
/** A scheduled report runs while `active`; `paused` keeps it without running it. */
export const SCHEDULED_REPORT_STATUSES = ['active', 'paused'] as const;

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use the format YYYY-MM-DD.');

export const ZReportParameters = z
  .object({
    from: date.optional(),
    to: date.optional(),
    college_ids: z.array(z.uuid()).max(50).optional(),
    department_ids: z.array(z.uuid()).max(100).optional(),
    status: z.string().max(20).optional(),
    term: z.string().regex(/^\d{4}-(SP|SU|FA|WI)$/).optional(),
  })
  .strict();
export type ReportParameters = z.infer<typeof ZReportParameters>;

export const ZGenerateReportRequest = z
  .object({
    type: z.enum(REPORT_TYPES),
    format: z.enum(REPORT_FORMATS).default('pdf'),
    parameters: ZReportParameters.default({}),
    university_id: z.uuid().optional(),
  })
  .strict();
export type GenerateReportRequest = z.infer<typeof ZGenerateReportRequest>;

export const ZReportListQuery = ZPageQuery.extend({ status: z.enum(REPORT_STATUSES).optional(), type: z.enum(REPORT_TYPES).optional() }).strict();

export const ZNotificationListQuery = ZPageQuery.extend({ unread: z.enum(['true', 'false']).optional() }).strict();

// Scheduled reports: a cron expression in a timezone, e-mailed to recipients.
export const ZCreateScheduledReportRequest = z
  .object({
    name: z.string().trim().min(1, 'This field is required.').max(200),
    type: z.enum(REPORT_TYPES),
    format: z.enum(REPORT_FORMATS).default('pdf'),
    parameters: ZReportParameters.default({}),
    cron: z.string().trim().min(9).max(100),
    timezone: z.string().trim().max(64).default('UTC'),
    recipients: z.array(z.string().trim().toLowerCase().pipe(z.email('Enter a valid e-mail address.'))).min(1, 'Add at least one recipient.').max(50),
    university_id: z.uuid().optional(),
  })
  .strict();
export type CreateScheduledReportRequest = z.infer<typeof ZCreateScheduledReportRequest>;
export const ZUpdateScheduledReportRequest = ZCreateScheduledReportRequest.omit({ university_id: true, type: true }).partial().strict();
