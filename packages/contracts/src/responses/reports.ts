import { z } from 'zod';
import { listEnvelope, successEnvelope } from '../envelope.js';
import { REPORT_FORMATS, REPORT_STATUSES, REPORT_TYPES, SCHEDULED_REPORT_STATUSES, ZReportParameters } from '../reports.js';

// What the report and scheduled-report routes answer. Timestamps are ISO 8601 in UTC.
// Downloads are files, declared on their routes with fileAnswer().

const id = z.uuid();
const when = z.iso.datetime({ offset: true });

/** The media types a report download answers, by the report's format. */
export const REPORT_MEDIA_TYPES = { pdf: 'application/pdf', csv: 'text/csv' } as const satisfies Record<(typeof REPORT_FORMATS)[number], string>;

export const ZReport = z
  .strictObject({
    id,
    university_id: id.nullable().describe('Null for platform-usage reports (God Mode).'),
    type: z.enum(REPORT_TYPES),
    format: z.enum(REPORT_FORMATS),
    status: z.enum(REPORT_STATUSES),
    error: z.string().nullable().describe('Why the report failed; null otherwise.'),
    parameters: ZReportParameters.describe('The filters the report was requested with.'),
    row_count: z.number().int().nullable(),
    file_size: z.number().int().nullable().describe('Bytes, once completed.'),
    requested_by: id.nullable(),
    created_at: when,
    completed_at: when.nullable(),
    download_url: z.string().nullable().describe('Path of the file once completed; null before.'),
  })
  .meta({ id: 'Report' });

export const ZReportEnvelope = successEnvelope(ZReport).meta({ id: 'ReportEnvelope' });
export const ZReportListEnvelope = listEnvelope(ZReport).meta({ id: 'ReportList' });

export const ZScheduledReport = z
  .strictObject({
    id,
    university_id: id.nullable().describe('Null for platform-usage schedules (God Mode).'),
    name: z.string(),
    type: z.enum(REPORT_TYPES),
    format: z.enum(REPORT_FORMATS),
    parameters: ZReportParameters,
    cron: z.string(),
    timezone: z.string(),
    recipients: z.array(z.string()).describe('E-mail addresses the report is sent to.'),
    status: z.enum(SCHEDULED_REPORT_STATUSES),
    next_run_at: when.nullable(),
    last_run_at: when.nullable(),
    created_by: id.nullable(),
    created_at: when,
    updated_at: when,
  })
  .meta({ id: 'ScheduledReport' });

/** One schedule with its latest runs (at most 20, newest first). */
export const ZScheduledReportDetail = ZScheduledReport.extend({ runs: z.array(ZReport) }).meta({ id: 'ScheduledReportDetail' });

export const ZScheduledReportEnvelope = successEnvelope(ZScheduledReportDetail).meta({ id: 'ScheduledReportEnvelope' });
export const ZScheduledReportListEnvelope = listEnvelope(ZScheduledReport).meta({ id: 'ScheduledReportList' });

export type Report = z.infer<typeof ZReport>;
export type ScheduledReport = z.infer<typeof ZScheduledReport>;
export type ScheduledReportDetail = z.infer<typeof ZScheduledReportDetail>;
