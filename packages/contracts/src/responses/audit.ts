import { z } from 'zod';
import { listEnvelope, successEnvelope } from '../envelope.js';

// What the audit-log routes answer. Timestamps are ISO 8601 in UTC. The CSV export is a file
// (fileAnswer in the route), so it has no schema here.

const id = z.uuid();
const when = z.iso.datetime({ offset: true });

/** One row of the hash-chained audit trail, as the list shows it. */
export const ZAuditLogEntry = z
  .strictObject({
    id,
    university_id: id.nullable().describe('Null on the platform chain.'),
    college_id: id.nullable().describe('The college of the audited object, when it sits under one.'),
    seq: z.number().int().describe('Position in its chain (one chain per university, one for the platform).'),
    actor_id: id.nullable(),
    impersonator_id: id.nullable().describe('The God Mode operator when the actor was impersonated.'),
    action: z.string(),
    entity_type: z.string().nullable(),
    entity_id: z.string().nullable(),
    changes: z.record(z.string(), z.unknown()).nullable().describe('What changed; personal and secret fields are masked.'),
    ip: z.string().nullable(),
    user_agent: z.string().nullable(),
    request_id: z.string().nullable(),
    created_at: when,
    hash: z.string(),
  })
  .meta({ id: 'AuditLogEntry' });
export type AuditLogEntry = z.infer<typeof ZAuditLogEntry>;
/** Newest first; pages by `cursor` too: `pagination.next_cursor` is always sent (null on the last page). */
export const ZAuditLogListEnvelope = listEnvelope(ZAuditLogEntry).meta({ id: 'AuditLogList' });

/** God Mode reads of tenant data, grouped per operator, route and UTC day. */
export const ZAuditReadGroup = z
  .strictObject({
    actor_id: id.nullable(),
    route: z.string().nullable().describe('The route pattern read, e.g. /api/v1/students/:id.'),
    day: z.string().describe('YYYY-MM-DD (UTC)'),
    reads: z.number().int(),
    first_at: when,
    last_at: when,
  })
  .meta({ id: 'AuditReadGroup' });
export type AuditReadGroup = z.infer<typeof ZAuditReadGroup>;
export const ZAuditReadGroupListEnvelope = listEnvelope(ZAuditReadGroup).meta({ id: 'AuditReadGroupList' });

export const AUDIT_CHAIN_BREAKS = ['hash_mismatch', 'prev_hash_mismatch', 'seq_gap', 'tail_truncated', 'head_mismatch', 'head_missing', 'head_signature_invalid'] as const;

/** The result of walking one audit chain and checking its signed head. */
export const ZAuditChainCheck = z
  .strictObject({
    ok: z.boolean(),
    checked: z.number().int().describe('Rows that linked correctly before the first break (all of them when ok).'),
    first_broken: z
      .strictObject({
        seq: z.number().int(),
        id: id.nullable().describe('Null when the broken link is a row that is no longer there.'),
        reason: z.enum(AUDIT_CHAIN_BREAKS),
      })
      .nullable(),
    head: z
      .strictObject({ seq: z.number().int(), signed: z.boolean().describe('False for a head carried over from before signing.') })
      .nullable()
      .describe('The chain head compared with; null when the chain has none.'),
  })
  .meta({ id: 'AuditChainCheck' });
export type AuditChainCheck = z.infer<typeof ZAuditChainCheck>;
export const ZAuditChainCheckEnvelope = successEnvelope(ZAuditChainCheck).meta({ id: 'AuditChainCheckEnvelope' });
