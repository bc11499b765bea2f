import { z } from 'zod';
import { listEnvelope, successEnvelope } from '../envelope.js';

// What the access-review routes answer. Timestamps are ISO 8601 in UTC.

const id = z.uuid();
const when = z.iso.datetime({ offset: true });

export const ZAccessReview = z
  .strictObject({
    id,
    university_id: id,
    report_id: id.nullable().describe('The access-review report that was reviewed; null once that report is gone.'),
    report_created_at: when.describe('When the reviewed report was generated.'),
    accounts: z.number().int().describe('Accounts the reviewed report listed.'),
    note: z.string(),
    reviewed_by: z.strictObject({ id, name: z.string() }).nullable().describe('Null once the reviewer’s account is gone.'),
    created_at: when,
  })
  .meta({ id: 'AccessReview' });

export const ZAccessReviewEnvelope = successEnvelope(ZAccessReview).meta({ id: 'AccessReviewEnvelope' });
export const ZAccessReviewListEnvelope = listEnvelope(ZAccessReview).meta({ id: 'AccessReviewList' });

export type AccessReview = z.infer<typeof ZAccessReview>;
