import { z } from 'zod';

// Background jobs are contracts: a name and a zod payload, shared by whoever enqueues and the worker.
export const JOBS = {
  'report.generate': z.object({ report_id: z.uuid() }),
  'import.process': z.object({ import_id: z.uuid() }),
  'tenant.export': z.object({ export_id: z.uuid() }),
} as const;

export type JobName = keyof typeof JOBS;
export type JobPayload<N extends JobName> = z.infer<(typeof JOBS)[N]>;
