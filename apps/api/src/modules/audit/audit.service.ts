import type { AuditChainCheck, AuditLogEntry, AuditReadGroup } from '@bitflow/contracts';
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { isUniqueViolation } from '../../db/errors.js';
import { nowDb, toIso } from '../../db/time.js';
import type { DB } from '../../db/types.js';
import type { Actor, Scope } from '../../core/actor.js';
import { AppError } from '../../core/app-error.js';
import { csvLine } from '../../platform/csv.js';
import { AuditRepository, type AuditFilters, type AuditRow, type AuditViewer } from './audit.repository.js';
import { checkHeadSignature, signHead } from './chain-head.js';

// Append-only, hash-chained audit trail: one chain per university ('platform' for the rest). Each
// row's hash covers its content and the previous row's hash, so editing or removing a row breaks
// the chain at that point — which verifyChain reports. Removing the newest rows leaves a chain that
// still links: the chain head (audit_chain_heads, signed — chain-head.ts) is what shows that.

export interface AuditEntry {
  universityId: string | null;
  actorId: string | null;
  impersonatorId: string | null;
  /** The college of the object, when it sits under one: what scopes the row for college admins. */
  collegeId?: string | null;
  action: string;
  entityType?: string | null;
  entityId?: string | null;
  changes?: Record<string, unknown> | null;
  ip?: string | null;
  userAgent?: string | null;
  requestId?: string | null;
}

export type AuditListFilters = AuditFilters & { page: number; per_page: number };
type RowReason = 'hash_mismatch' | 'prev_hash_mismatch' | 'seq_gap';
// Against the head: rows past the newest one left (tail_truncated), a newest row that is not the
// one the head names (head_mismatch), no head for a chain with rows, or a head not signed by us.
type HeadReason = 'tail_truncated' | 'head_mismatch' | 'head_missing' | 'head_signature_invalid';
/**
 * What verifyChain reports (the contract's AuditChainCheck): first_broken.id is null when the broken
 * link is a row that is no longer there; head is the head compared with, signed=false for one
 * carried over from before migration 009.
 */
export type ChainCheck = AuditChainCheck;

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

/**
 * sha256(prev_hash + canonical JSON): fixed key order, seq as a number, created_at as ISO-8601.
 * college_id (migration 009) is appended only when set, so rows written before it keep their hash
 * while a college_id set, changed or cleared later still breaks the row.
 */
export function hashRow(prevHash: string, row: Pick<AuditRow, (typeof FIELDS)[number]> & { college_id?: string | null }): string {
  const canonical: Record<string, unknown> = Object.fromEntries(FIELDS.map((f) => [f, f === 'seq' ? Number(row.seq) : f === 'created_at' ? toIso(row.created_at) : (row[f] ?? null)]));
  if (row.college_id) canonical.college_id = row.college_id;
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
    // Follow whichever is further on: after someone cut the newest rows the head still names them,
    // so the next row leaves the gap in the chain (verify keeps reporting it) and writes go on.
    const [row, head] = await Promise.all([repo.lastLink(chainKey), repo.head(chainKey)]);
    const last = head && Number(head.seq) > Number(row?.seq ?? 0) ? head : row;
    let seq = Number(last?.seq ?? 0);
    let prevHash = last?.hash ?? GENESIS;
    const createdAt = nowDb();
    const rows = entries.map((e) => {
      const row = {
        id: uuidv7(),
        chain_key: chainKey,
        seq: ++seq,
        university_id: e.universityId,
        college_id: e.collegeId ?? null,
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
    const newest = rows[rows.length - 1]!;
    const headRow = { chain_key: chainKey, seq: newest.seq, hash: newest.hash };
    try {
      // The rows and the head commit together: a head never names a row that was not written.
      await repo.append(rows, { ...headRow, signature: signHead(headRow), updated_at: createdAt });
      return rows.map((r) => ({ id: r.id, seq: r.seq, hash: r.hash }));
    } catch (err) {
      // The unique (chain_key, seq) index says another process took this seq: re-read and retry
      // after a short jittered pause so the contenders spread out.
      if (!isRetryable(err) || attempt >= MAX_ATTEMPTS) throw err;
      await new Promise((r) => setTimeout(r, Math.random() * Math.min(100, 5 * 2 ** attempt)));
    }
  }
}

/**
 * Walks a chain in seq order, page by page, and reports the first row whose link or content is
 * off; then checks the chain head: signed by us, and naming a row the walk met with that hash.
 * A head past the newest row means rows were cut off the end. (A head one batch behind the newest
 * row is a crash between the two writes on SQLite — see AuditRepository.append.)
 */
export async function verifyChain(src: Kysely<DB> | AuditRepository, chainKey: string, batch?: number): Promise<ChainCheck> {
  const repo = src instanceof AuditRepository ? src : new AuditRepository(src);
  const head = await repo.head(chainKey);
  const headSeq = head ? Number(head.seq) : 0;
  const walked = await walkChain(repo.chain(chainKey, batch), headSeq);
  const headInfo = head ? { seq: headSeq, signed: head.signature !== null } : null;
  if (!walked.ok) return { ok: false, checked: walked.checked, first_broken: walked.first_broken, head: headInfo };
  const { checked } = walked;
  const broken = (seq: number, id: string | null, reason: HeadReason): ChainCheck => ({ ok: false, checked, first_broken: { seq, id, reason }, head: headInfo });
  if (!head) return checked ? broken(checked, walked.last?.id ?? null, 'head_missing') : { ok: true, checked, first_broken: null, head: null };
  const signature = checkHeadSignature(head);
  if (signature === 'invalid') return broken(headSeq, null, 'head_signature_invalid');
  if (headSeq > checked) return broken(checked + 1, null, 'tail_truncated');
  if (walked.atHead?.hash !== head.hash) return broken(headSeq, walked.atHead?.id ?? null, 'head_mismatch');
  return { ok: true, checked, first_broken: null, head: { seq: headSeq, signed: signature === 'valid' } };
}

/** The row-by-row part of verifyChain, over pages from AuditRepository.chain(); keeps the row at `headSeq`. */
async function walkChain(pages: AsyncIterable<AuditRow[]>, headSeq: number): Promise<Omit<ChainCheck, 'head'> & { last?: AuditRow; atHead?: AuditRow }> {
  let last: AuditRow | undefined;
  let atHead: AuditRow | undefined;
  let prev = GENESIS;
  let checked = 0;
  for await (const page of pages) {
    for (const r of page) {
      const seq = Number(r.seq);
      const broken = (reason: RowReason): Omit<ChainCheck, 'head'> => ({ ok: false, checked, first_broken: { seq, id: r.id, reason } });
      // A removed row shows as the next seq arriving early.
      if (seq !== checked + 1) return broken('seq_gap');
      if (r.prev_hash !== prev) return broken('prev_hash_mismatch');
      if (hashRow(prev, r) !== r.hash) return broken('hash_mismatch');
      prev = r.hash;
      last = r;
      if (seq === headSeq) atHead = r;
      checked++;
    }
  }
  return { ok: true, checked, first_broken: null, last, atHead };
}

/** API shape: snake_case, ISO-8601 time, changes as JSON. */
export function presentAudit(r: AuditRow): AuditLogEntry {
  return {
    id: r.id,
    university_id: r.university_id,
    college_id: r.college_id,
    seq: Number(r.seq),
    actor_id: r.actor_id,
    impersonator_id: r.impersonator_id,
    action: r.action,
    entity_type: r.entity_type,
    entity_id: r.entity_id,
    changes: r.changes ? (JSON.parse(r.changes) as Record<string, unknown>) : null,
    ip: r.ip,
    user_agent: r.user_agent,
    request_id: r.request_id,
    created_at: toIso(r.created_at)!,
    hash: r.hash,
  };
}

/** One group of God Mode reads (operator, route, UTC day). */
export function presentReadGroup(g: { actor_id: string | null; route: string | null; day: string; reads: number; first_at: string; last_at: string }): AuditReadGroup {
  return { actor_id: g.actor_id, route: g.route, day: g.day, reads: Number(g.reads), first_at: toIso(g.first_at)!, last_at: toIso(g.last_at)! };
}

export async function listAudit(db: Kysely<DB>, viewer: AuditViewer | Scope, filters: AuditListFilters) {
  const { items, total } = await new AuditRepository(db).page(viewerOf(viewer), filters, filters.page, filters.per_page);
  return { items: items.map(presentAudit), total };
}

const CSV_COLUMNS = ['created_at', 'seq', 'university_id', 'college_id', 'actor_id', 'impersonator_id', 'action', 'entity_type', 'entity_id', 'changes', 'ip', 'user_agent', 'request_id', 'id', 'prev_hash', 'hash'] as const;

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

export function exportAuditCsv(db: Kysely<DB>, viewer: AuditViewer | Scope, filters: AuditFilters): AsyncIterable<string> {
  return auditCsv(new AuditRepository(db).stream(viewerOf(viewer), filters));
}

// A bare scope reads as a viewer who is nobody: it sees its objects' rows but no one's own account rows.
const viewerOf = (v: AuditViewer | Scope): AuditViewer => ('scope' in v ? v : { scope: v, userId: null });

/** Which chain a caller may verify: `university_id`, or `chain=platform`, in God Mode. */
export interface VerifyQuery {
  university_id?: string;
  chain?: 'platform';
}

/** What the audit routes call: the list, God Mode's grouped reads, chain verification and the export. */
export class AuditService {
  constructor(private readonly repo: AuditRepository) {}

  /** A page of the trail, newest first; a cursor opens the page after its position, whatever `page` said. */
  async list(viewer: AuditViewer, q: AuditFilters & { cursor?: string; page: number; per_page: number }) {
    const { page, per_page: perPage, ...filters } = q;
    const { items, total, capped, offset, nextCursor } = await this.repo.page(viewer, filters, page, perPage);
    return { items: items.map(presentAudit), total, capped, page: Math.floor(offset / perPage) + 1, nextCursor };
  }

  /** God Mode's reads grouped per operator, route and day; the last 30 days unless `from` says. */
  async readSummary(q: { actor_id?: string; from?: string; to?: string; page: number; per_page: number }) {
    const from = q.from ?? new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
    const { items, total } = await this.repo.readSummary({ actor_id: q.actor_id, from, to: q.to }, q.page, q.per_page);
    return { items: items.map(presentReadGroup), total };
  }

  /**
   * Verifies one chain: a university's own, or (God Mode) any university's or the platform chain. A
   * college admin may not: the chain is the whole university's, and its count and first broken row
   * would tell them about rows outside their colleges.
   */
  async verify(actor: Actor, q: VerifyQuery): Promise<AuditChainCheck> {
    let chainKey: string;
    if (actor.scope.level === 'platform') {
      if (!q.university_id && !q.chain) throw AppError.validation({ university_id: ['Name a university, or chain=platform.'] });
      chainKey = q.university_id ?? 'platform';
    } else {
      if (actor.scope.level === 'college') throw new AppError('FORBIDDEN', 'Only university-level administrators can verify the audit chain.');
      if (q.chain || (q.university_id && q.university_id !== actor.scope.universityId)) throw AppError.notFound('Audit chain');
      chainKey = actor.scope.universityId;
    }
    return verifyChain(this.repo, chainKey);
  }

  /** CSV lines of the rows the viewer may see, each chain whole and in order. */
  exportCsv(viewer: AuditViewer, filters: AuditFilters): AsyncIterable<string> {
    return auditCsv(this.repo.stream(viewer, filters));
  }
}
