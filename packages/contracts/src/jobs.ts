import { z } from 'zod';

// Background jobs are contracts: a name and a zod payload, shared by whoever enqueues and the worker.
export const JOBS = {
  'report.generate': z.object({ report_id: z.uuid() }),
  'import.process': z.object({ import_id: z.uuid() }),
  'tenant.export': z.object({ export_id: z.uuid() }),
  // An announcement's recipients get their notification rows in batches (jobId announcement-<id>).
  'notification.fanout': z.object({ announcement_id: z.uuid() }),
  // One e-mail, by reference to its mail_outbox row: a reset link is a secret, and Redis job data is
  // plaintext for as long as the job (and its dead letter) is kept, so the message stays out of it.
  'mail.send': z.object({ mail_id: z.uuid() }),
} as const;

export type JobName = keyof typeof JOBS;
export type JobPayload<N extends JobName> = z.infer<(typeof JOBS)[N]>;
