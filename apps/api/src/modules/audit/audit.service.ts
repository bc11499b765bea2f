import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { isUniqueViolation } from '../../db/errors.js';
import { nowDb, toIso } from '../../db/time.js';
import type { DB } from '../../db/types.js';
import type { Scope } from '../../http/actor.js';
import { csvLine } from '../../platform/csv.js';
import { AuditRepository, type AuditFilters, type AuditRow } from './audit.repository.js';

// Append-only, hash-chained audit trail: one chain per university ('platform' for the rest). Each
// row's hash covers its content and the previous row's hash, so editing or removing a row breaks
// the chain at that point — which verifyChain reports.

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

export type AuditListFilters = AuditFilters & { page: number; per_page: number };
type BrokenReason = 'hash_mismatch' | 'prev_hash_mismatch' | 'seq_gap';
export interface ChainCheck {
  ok: boolean;
  checked: number;
  first_broken: null | { seq: number; id: string; reason: BrokenReason };
}

const GENESIS = '0'.repeat(64);
// Substring match, so `student_phone` and `mfa_secret` are caught too; recovery codes are secrets.
const SENSITIVE = /phone|date_of_birth|address|national_id|password|token|secret|mfa|recovery/i;
// TEXT holds 64 KiB on MySQL; a larger payload would make the audit write (and the request) fail.
const MAX_CHANGES_BYTES = 60_000;

export function maskChanges(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskChanges);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SENSITIVE.test(k) ? '[masked]' : maskChanges(v)]));
  }
  return value;
}

function changesJson(changes: Record<string, unknown> | null | undefined): string | null {
  if (!changes) return null;
  const json = JSON.stringify(maskChanges(changes));
  const bytes = Buffer.byteLength(json);
  return bytes > MAX_CHANGES_BYTES ? JSON.stringify({ truncated: true, bytes }) : json;
}

// Cut to the column width in code points (as MySQL counts), never splitting a surrogate pair:
// the stored value must be exactly what was hashed.
function clip(s: string | null | undefined, max: number): string | null {
  if (s === null || s === undefined) return null;
  const cps = Array.from(s);
  return cps.length > max ? cps.slice(0, max).join('') : s;
}

const FIELDS = ['id', 'chain_key', 'seq', 'university_id', 'actor_id', 'impersonator_id', 'action', 'entity_type', 'entity_id', 'changes', 'ip', 'user_agent', 'request_id', 'created_at'] as const;

/** sha256(prev_hash + canonical JSON): fixed key order, seq as a number, created_at as ISO-8601. */
export function hashRow(prevHash: string, row: Pick<AuditRow, (typeof FIELDS)[number]>): string {
  const canonical = Object.fromEntries(FIELDS.map((f) => [f, f === 'seq' ? Number(row.seq) : f === 'created_at' ? toIso(row.created_at) : (row[f] ?? null)]));
  return createHash('sha256').update(prevHash).update(JSON.stringify(canonical)).digest('hex');
}

// Group commit. Writers in this process queue per chain (per connection pool), so they never race
// each other: while one batch is being written, the entries that arrive wait and then go together
// as one multi-row INSERT — one statement, one commit (one fsync) for all of them. Every caller
// still waits until its own row is committed, so nothing is answered before its audit row exists.
// Alone, an entry is written at once (no timer); the retry below only has to absorb other
// processes writing to the same chain.
interface Pending {
  entry: AuditEntry;
  resolve: (link: AuditLink) => void;
  reject: (err: unknown) => void;
}
export interface AuditLink { id: string; seq: number; hash: string }
interface ChainQueue { pending: Pending[]; writing: boolean }

// 50 rows stay far below max_allowed_packet even at the 60 KB cap on `changes` per row.
const MAX_BATCH = 50;
const MAX_ATTEMPTS = 10;
const isRetryable = (err: unknown) => isUniqueViolation(err) || (err as { errno?: number } | null)?.errno === 1213; // 1213: MySQL deadlock
const queues = new WeakMap<object, Map<string, ChainQueue>>();

export function recordAudit(db: Kysely<DB>, e: AuditEntry): Promise<AuditLink> {
  const chainKey = e.universityId ?? 'platform';
  let chains = queues.get(db);
  if (!chains) queues.set(db, (chains = new Map()));
  let q = chains.get(chainKey);
  if (!q) chains.set(chainKey, (q = { pending: [], writing: false }));
  const queue = q;
  return new Promise<AuditLink>((resolve, reject) => {
    queue.pending.push({ entry: e, resolve, reject });
    if (!queue.writing) void drain(db, chainKey, queue, chains);
  });
}

async function drain(db: Kysely<DB>, chainKey: string, q: ChainQueue, chains: Map<string, ChainQueue>) {
  q.writing = true;
  while (q.pending.length) {
    const batch = q.pending.splice(0, MAX_BATCH);
    try {
      const links = await appendLinks(db, chainKey, batch.map((p) => p.entry));
      batch.forEach((p, i) => p.resolve(links[i]!));
    } catch (err) {
      if (batch.length === 1) batch[0]!.reject(err);
      // One entry the database refuses must not cost the others their audit rows: write them one
      // at a time, so only the bad one fails.
      else for (const p of batch) await appendLinks(db, chainKey, [p.entry]).then(([l]) => p.resolve(l!), p.reject);
    }
  }
  q.writing = false;
  chains.delete(chainKey);
}

async function appendLinks(db: Kysely<DB>, chainKey: string, entries: AuditEntry[]): Promise<AuditLink[]> {
  const repo = new AuditRepository(db);
  for (let attempt = 1; ; attempt++) {
    const last = await repo.lastLink(chainKey);
    let seq = Number(last?.seq ?? 0);
    let prevHash = last?.hash ?? GENESIS;
    const createdAt = nowDb();
    const rows = entries.map((e) => {
      const row = {
        id: uuidv7(),
        chain_key: chainKey,
        seq: ++seq,
        university_id: e.universityId,
        actor_id: e.actorId,
        impersonator_id: e.impersonatorId,
        action: clip(e.action, 100)!,
        entity_type: clip(e.entityType, 50),
        entity_id: clip(e.entityId, 64),
        changes: changesJson(e.changes),
        ip: clip(e.ip, 64),
        user_agent: clip(e.userAgent, 500),
        request_id: clip(e.requestId, 100),
        created_at: createdAt,
      };
      const hash = hashRow(prevHash, row);
      const linked = { ...row, prev_hash: prevHash, hash };
      prevHash = hash;
      return linked;
    });
    try {
      await repo.insert(rows);
      return rows.map((r) => ({ id: r.id, seq: r.seq, hash: r.hash }));
    } catch (err) {
      // The unique (chain_key, seq) index says another process took this seq: re-read and retry
      // after a short jittered pause so the contenders spread out.
      if (!isRetryable(err) || attempt >= MAX_ATTEMPTS) throw err;
      await new Promise((r) => setTimeout(r, Math.random() * Math.min(100, 5 * 2 ** attempt)));
    }
  }
}

/** Walks a chain in seq order, page by page; reports the first row whose link or content is off. */
export function verifyChain(db: Kysely<DB>, chainKey: string): Promise<ChainCheck>;
// Older form, still used by audit.routes.ts: pages from AuditRepository.chain().
export function verifyChain(pages: AsyncIterable<AuditRow[]>): Promise<ChainCheck>;
export async function verifyChain(src: Kysely<DB> | AsyncIterable<AuditRow[]>, chainKey?: string): Promise<ChainCheck> {
  const pages = chainKey === undefined ? (src as AsyncIterable<AuditRow[]>) : new AuditRepository(src as Kysely<DB>).chain(chainKey);
  let prev = GENESIS;
  let checked = 0;
  for await (const page of pages) {
    for (const r of page) {
      const seq = Number(r.seq);
      const broken = (reason: BrokenReason): ChainCheck => ({ ok: false, checked, first_broken: { seq, id: r.id, reason } });
      // A removed row shows as the next seq arriving early.
      if (seq !== checked + 1) return broken('seq_gap');
      if (r.prev_hash !== prev) return broken('prev_hash_mismatch');
      if (hashRow(prev, r) !== r.hash) return broken('hash_mismatch');
      prev = r.hash;
      checked++;
    }
  }
  return { ok: true, checked, first_broken: null };
}

/** API shape: snake_case, ISO-8601 time, changes as JSON. */
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

export async function listAudit(db: Kysely<DB>, scope: Scope, filters: AuditListFilters) {
  const { items, total } = await new AuditRepository(db).page(scope, filters, filters.page, filters.per_page);
  return { items: items.map(presentAudit), total };
}

const CSV_COLUMNS = ['created_at', 'seq', 'university_id', 'actor_id', 'impersonator_id', 'action', 'entity_type', 'entity_id', 'changes', 'ip', 'user_agent', 'request_id', 'id', 'prev_hash', 'hash'] as const;

/** CSV records (header first) from row pages; csvLine quotes and defuses spreadsheet formulas. */
export async function* auditCsv(pages: AsyncIterable<AuditRow[]>): AsyncGenerator<string> {
  yield csvLine([...CSV_COLUMNS]);
  for await (const page of pages) {
    for (const r of page) {
      const p: Record<string, unknown> = { ...presentAudit(r), prev_hash: r.prev_hash };
      yield csvLine(CSV_COLUMNS.map((c) => p[c]));
    }
  }
}

export function exportAuditCsv(db: Kysely<DB>, scope: Scope, filters: AuditFilters): AsyncIterable<string> {
  return auditCsv(new AuditRepository(db).stream(scope, filters));
}
