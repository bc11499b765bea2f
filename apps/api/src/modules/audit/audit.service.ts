import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { isUniqueViolation } from '../../db/errors.js';
import { nowDb, toIso } from '../../db/time.js';
import { csvCell } from '../../platform/csv.js';
import type { DB } from '../../db/types.js';

// Append-only, hash-chained audit trail: one chain per university ('platform' for the rest). Each
// row's hash covers its content and the previous row's hash, so editing or removing any row breaks
// every later link — which verifyChain reports.

export interface AuditEntry {
  universityId: string | null;
  actorId: string | null;
  impersonatorId: string | null;
  action: string;
  entityType?: string | null;
  entityId?: string | null;
  changes?: Record<string, unknown> | null;
  ip?: string | null;
  userAgent?: string | null;
  requestId?: string | null;
}

const GENESIS = '0'.repeat(64);
const SENSITIVE = /phone|date_of_birth|address|national_id|password|token|secret|mfa|recovery/i;

export function maskChanges(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskChanges);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SENSITIVE.test(k) ? '[masked]' : maskChanges(v)]));
  }
  return value;
}

type Row = DB['audit_logs'];
const FIELDS = ['id', 'chain_key', 'seq', 'university_id', 'actor_id', 'impersonator_id', 'action', 'entity_type', 'entity_id', 'changes', 'ip', 'user_agent', 'request_id', 'created_at'] as const;

export function hashRow(prevHash: string, row: Pick<Row, (typeof FIELDS)[number]>): string {
  const canonical = JSON.stringify(FIELDS.map((f) => (f === 'seq' ? Number(row[f]) : (row[f] ?? null))));
  return createHash('sha256').update(prevHash).update(canonical).digest('hex');
}

export async function recordAudit(db: Kysely<DB>, e: AuditEntry): Promise<{ id: string; seq: number; hash: string }> {
  const chainKey = e.universityId ?? 'platform';
  for (let attempt = 0; ; attempt++) {
    const last = await db.selectFrom('audit_logs').select(['seq', 'hash']).where('chain_key', '=', chainKey).orderBy('seq', 'desc').limit(1).executeTakeFirst();
    const row = {
      id: uuidv7(),
      chain_key: chainKey,
      seq: Number(last?.seq ?? 0) + 1,
      university_id: e.universityId,
      actor_id: e.actorId,
      impersonator_id: e.impersonatorId,
      action: e.action,
      entity_type: e.entityType ?? null,
      entity_id: e.entityId ?? null,
      changes: e.changes ? JSON.stringify(maskChanges(e.changes)) : null,
      ip: e.ip ?? null,
      user_agent: e.userAgent?.slice(0, 500) ?? null,
      request_id: e.requestId ?? null,
      created_at: nowDb(),
    };
    const prev = last?.hash ?? GENESIS;
    const hash = hashRow(prev, row);
    try {
      await db.insertInto('audit_logs').values({ ...row, prev_hash: prev, hash }).execute();
      return { id: row.id, seq: row.seq, hash };
    } catch (err) {
      // Another writer took this seq: the unique (chain_key, seq) index said so. Re-read and retry.
      if (!isUniqueViolation(err) || attempt >= 50) throw err;
      await new Promise((r) => setTimeout(r, Math.random() * 5 * (attempt + 1)));
    }
  }
}

type AuditRow = DB['audit_logs'];

export function presentAudit(r: AuditRow) {
  return {
    id: r.id,
    university_id: r.university_id,
    seq: Number(r.seq),
    actor_id: r.actor_id,
    impersonator_id: r.impersonator_id,
    action: r.action,
    entity_type: r.entity_type,
    entity_id: r.entity_id,
    changes: r.changes ? (JSON.parse(r.changes) as unknown) : null,
    ip: r.ip,
    user_agent: r.user_agent,
    request_id: r.request_id,
    created_at: toIso(r.created_at),
    hash: r.hash,
  };
}

/** Walks a chain in order; reports the first row whose link or content does not check out. */
export async function verifyChain(rows: AsyncIterable<AuditRow[]>) {
  let prev = GENESIS;
  let expectSeq = 1;
  let checked = 0;
  for await (const page of rows) {
    for (const r of page) {
      const seq = Number(r.seq);
      const broken = (reason: 'seq_gap' | 'prev_hash_mismatch' | 'hash_mismatch') => ({ ok: false, checked, first_broken: { seq, id: r.id, reason } });
      if (seq !== expectSeq) return broken('seq_gap');
      if (r.prev_hash !== prev) return broken('prev_hash_mismatch');
      if (hashRow(prev, r) !== r.hash) return broken('hash_mismatch');
      prev = r.hash;
      expectSeq++;
      checked++;
    }
  }
  return { ok: true, checked, first_broken: null };
}

const CSV_COLUMNS = ['created_at', 'seq', 'university_id', 'actor_id', 'impersonator_id', 'action', 'entity_type', 'entity_id', 'changes', 'ip', 'user_agent', 'request_id', 'hash'] as const;

export async function* auditCsv(rows: AsyncIterable<AuditRow[]>) {
  yield `${CSV_COLUMNS.join(',')}\n`;
  for await (const page of rows) {
    yield page
      .map((r) => {
        const p = presentAudit(r) as Record<string, unknown>;
        return CSV_COLUMNS.map((c) => csvCell(p[c])).join(',');
      })
      .join('\n') + '\n';
  }
}
