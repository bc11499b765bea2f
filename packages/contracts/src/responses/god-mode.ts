import { z } from 'zod';
import { UNIVERSITY_STATUSES } from '../academic.js';
import { ZTokenResponse } from '../auth.js';
import { fileAnswer, listEnvelope, successEnvelope, type DataOf } from '../envelope.js';

// What the God Mode console answers: tenants with their usage, the job queue, platform health,
// impersonation and the tenant export.

const when = z.iso.datetime({ offset: true });

export const ZTenant = z
  .strictObject({
    id: z.uuid(),
    name: z.string(),
    code: z.string(),
    status: z.enum(UNIVERSITY_STATUSES),
    suspended_reason: z.string().nullable(),
    created_at: when.nullable(),
    students: z.number().int(),
    users: z.number().int(),
    colleges: z.number().int(),
    courses: z.number().int(),
    last_activity_at: when.nullable().describe('The newest entry of the tenant’s audit trail.'),
  })
  .meta({ id: 'Tenant' });
export const ZTenantList = listEnvelope(ZTenant).meta({ id: 'TenantList' });

const ZQueueCounts = z.record(z.string(), z.number().int()).describe('Jobs by state: waiting, active, completed, failed, delayed.');
export const ZFailedJob = z
  .strictObject({ id: z.string(), name: z.string(), payload: z.unknown(), error: z.string(), attempts: z.number().int(), failed_at: when })
  .meta({ id: 'FailedJob' });
export const ZJobQueueEnvelope = successEnvelope(
  z.strictObject({ driver: z.enum(['memory', 'bullmq']), counts: ZQueueCounts, failed: z.array(ZFailedJob).describe('Dead letters: jobs that failed every retry, newest first.') }),
).meta({ id: 'JobQueueEnvelope' });

const ZProbe = z.strictObject({ status: z.enum(['up', 'down']), latency_ms: z.number().nullable() });
export const ZPlatformHealth = z
  .strictObject({
    mode: z.enum(['embedded', 'production']),
    dependencies: z.strictObject({
      database: ZProbe.extend({ driver: z.enum(['sqlite', 'mysql']) }),
      cache: ZProbe.extend({ driver: z.enum(['memory', 'redis']) }),
      storage: ZProbe.extend({ driver: z.enum(['local', 's3']) }),
      mail: z.strictObject({ driver: z.enum(['smtp', 'outbox']) }),
      queue: z.strictObject({ driver: z.enum(['memory', 'bullmq']), counts: ZQueueCounts.nullable() }),
    }),
    totals: z.strictObject({ universities: z.number().int(), users: z.number().int(), students: z.number().int(), active_sessions: z.number().int() }),
    process: z.strictObject({ uptime_seconds: z.number().int(), rss_mb: z.number().int(), heap_used_mb: z.number().int(), node: z.string() }),
  })
  .meta({ id: 'PlatformHealth' });
export const ZPlatformHealthEnvelope = successEnvelope(ZPlatformHealth).meta({ id: 'PlatformHealthEnvelope' });

/** Starting an impersonation answers a token pair for the target user and when it ends. */
export const ZImpersonationStarted = ZTokenResponse.extend({ impersonation: z.strictObject({ expires_at: when }) }).meta({ id: 'ImpersonationStarted' });
export const ZImpersonationEnvelope = successEnvelope(ZImpersonationStarted).meta({ id: 'ImpersonationEnvelope' });

export const ZTenantExport = z
  .strictObject({
    id: z.uuid(),
    university_id: z.uuid(),
    status: z.enum(['generating', 'completed', 'failed']),
    error: z.string().nullable(),
    file_size: z.number().int().nullable().describe('Bytes of the zip once completed.'),
    row_counts: z.record(z.string(), z.number().int()).nullable().describe('Rows exported per table.'),
    created_at: when.nullable(),
    completed_at: when.nullable(),
  })
  .meta({ id: 'TenantExport' });
export const ZTenantExportEnvelope = successEnvelope(ZTenantExport).meta({ id: 'TenantExportEnvelope' });
export const tenantExportFile = fileAnswer('The tenant’s data as a zip: one JSON array per table, the uploaded files and a manifest.', 'application/zip');

export type Tenant = z.infer<typeof ZTenant>;
export type FailedJobInfo = z.infer<typeof ZFailedJob>;
export type JobQueueState = DataOf<typeof ZJobQueueEnvelope>;
export type PlatformHealth = z.infer<typeof ZPlatformHealth>;
export type ImpersonationStarted = z.infer<typeof ZImpersonationStarted>;
export type TenantExport = z.infer<typeof ZTenantExport>;
