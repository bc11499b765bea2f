import { z } from 'zod';
import { ZPageQuery } from './envelope.js';

// Access reviews (issue #21 item 5): a university owner records that they read an access-review
// report and acted on it. The note says what was done (accounts disabled, MFA asked for, …).

export const ZRecordAccessReviewRequest = z
  .object({
    report_id: z.uuid('Choose an access-review report.'),
    note: z.string().trim().min(1, 'Say what the review found and what was done.').max(2000),
  })
  .strict();
export type RecordAccessReviewRequest = z.infer<typeof ZRecordAccessReviewRequest>;

/** God Mode names the university whose reviews it lists; everyone else sees their own. */
export const ZAccessReviewListQuery = ZPageQuery.omit({ q: true }).extend({ university_id: z.uuid().optional() }).strict();
