import { z } from 'zod';
import { ZPageQuery } from './envelope.js';

// Reports (seed §Report Generation Flow): requested, generated in the background, downloaded.
export const REPORT_TYPES = ['student_roster', 'enrollment_summary', 'faculty_directory', 'department_statistics', 'platform_usage', 'access_review', 'audit_summary'] as const;
export type ReportType = (typeof REPORT_TYPES)[number];
/** Compliance reports (who holds what, and what happened): generated, listed and downloaded only with `compliance.view`. */
export const COMPLIANCE_REPORT_TYPES = ['access_review', 'audit_summary'] as const satisfies readonly ReportType[];
export const isComplianceReport = (t: string) => (COMPLIANCE_REPORT_TYPES as readonly string[]).includes(t);
/** An access review flags accounts unused for this many days unless the report says otherwise. */
export const DEFAULT_UNUSED_DAYS = 90;
/** An audit summary without from/to covers this many days up to its generation. */
export const DEFAULT_PERIOD_DAYS = 30;
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
    /** Access review: accounts not used for this many days are flagged. */
    unused_days: z.number().int().min(1, 'Use 1 to 3650 days.').max(3650, 'Use 1 to 3650 days.').optional(),
    /** Audit summary without from/to (a schedule): the last this many days up to each run. */
    period_days: z.number().int().min(1, 'Use 1 to 366 days.').max(366, 'Use 1 to 366 days.').optional(),
  })
  .strict();
export type ReportParameters = z.infer<typeof ZReportParameters>;

// Which parameters each report type reads; any other one is refused rather than silently ignored.
const READS: Record<ReportType, readonly (keyof ReportParameters)[]> = {
  student_roster: ['from', 'to', 'college_ids', 'department_ids', 'status'],
  faculty_directory: ['college_ids', 'department_ids', 'status'],
  enrollment_summary: ['term', 'college_ids'],
  department_statistics: ['college_ids'],
  platform_usage: [],
  access_review: ['unused_days'],
  audit_summary: ['from', 'to', 'period_days'],
};

/**
 * Field errors (`parameters.unused_days`) for parameters the type does not read, and for an audit
 * summary whose period is backwards or mixes from/to with period_days. Empty when fine. The API
 * checks requests and schedules with it; the portal's form shows the same messages.
 */
export function reportParameterErrors(type: ReportType, p: ReportParameters): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  const reads = READS[type] as readonly string[];
  for (const [k, v] of Object.entries(p)) {
    if (v !== undefined && !reads.includes(k)) errors[`parameters.${k}`] = ['This report does not use this filter.'];
  }
  // Only the types that read them are checked further: the others were refused above.
  if (reads.includes('from') && p.from && p.to && p.from > p.to) errors['parameters.to'] = ['The end date must be on or after the start date.'];
  if (type === 'audit_summary' && p.period_days !== undefined && (p.from || p.to)) errors['parameters.period_days'] = ['Give either a period in days or from/to dates, not both.'];
  return errors;
}

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
