import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/types.js';
import { writeAudit } from '../../modules/audit/audit-writer.js';
import { checkHeadSignature, signHead, useChainHeadKeys } from '../../modules/audit/chain-head.js';
import type { EncryptionKeys } from '../keys.js';
import { ENCRYPTED_COLUMNS, LIST_CACHED, type EncryptedTable } from './encrypted-columns.js';
import { FieldCipher } from './field-encryption.js';

// Re-encrypts every encrypted column (encrypted-columns.ts) under the active key, so the older keys
// can be removed. Per table: batches of rows in primary-key order (keyset, one transaction each),
// only rows with a value under another key. Nothing is kept between runs: a run that is killed is
// simply run again — the rows it finished are no longer selected, so a finished table costs one scan.
//
// Safe next to the running app: each row is updated with a compare-and-set on the ciphertext it
// read (UPDATE … WHERE id = ? AND col = <old>), so a write that landed in between is never
// overwritten; the row is taken up again by the next pass. A value is only ever replaced by the
// encryption of what it decrypted to, so no row is left unreadable, killed or not.
//
// Also key-bound, and handled here: the audit chain heads' signatures (chain-head.ts, an HMAC with a
// key derived from these keys, "keyId:mac") are re-signed under the active key — only heads whose
// signature checks out, so a tampered head is never laundered. And the list cache holds raw rows
// (ciphertext) of students and faculty: each touched university's list version is bumped, so no
// cached page under an old key outlives the rotation. No search index depends on a key (search
// reads plain columns only).

export const BATCH_SIZE = 500;
/** Passes over a table while concurrent writes keep beating the compare-and-set. */
const MAX_PASSES = 5;

export interface TableProgress {
  table: EncryptedTable;
  /** Rows re-encrypted so far in this run. */
  done: number;
  /** Rows that needed it when the table's first pass began. */
  total: number;
}

export interface RotationOptions {
  db: Kysely<DB>;
  keys: EncryptionKeys;
  /** Bumps a university's list-cache version (ListCache.bump). */
  bumpLists: (universityId: string) => Promise<void>;
  batchSize?: number;
  /** Checked between batches: the run stops after the batch in flight (and can be run again). */
  signal?: AbortSignal;
  onProgress?: (p: TableProgress) => void;
}

export interface TableOutcome {
  reencrypted: number;
  conflicts: number;
  unreadable: string[];
}

export interface RotationResult {
  activeKeyId: string;
  interrupted: boolean;
  /** The tables this database has (a table whose migration has not run yet is left out). */
  tables: Partial<Record<EncryptedTable, TableOutcome>>;
  heads: { resigned: number; invalid: string[] };
  /** Key id → how many stored values (ciphertexts and head signatures) still name it. */
  referenced: Record<string, number>;
}

// One generic walk over several tables and columns: the table and column names come from
// ENCRYPTED_COLUMNS, which the typed schema cannot follow, so the walk sees the tables loosely.
type Loose = Kysely<Record<string, Record<string, string | null>>>;

/** `col` holds a value written under a key other than the active one. */
const stale = (col: string, prefix: string) => sql<boolean>`(${sql.ref(col)} IS NOT NULL AND ${sql.ref(col)} <> '' AND SUBSTR(${sql.ref(col)}, 1, ${prefix.length}) <> ${prefix})`;
const anyStale = (cols: readonly string[], prefix: string) => sql<boolean>`(${sql.join(cols.map((c) => stale(c, prefix)), sql` OR `)})`;

export async function rotateKeys(o: RotationOptions): Promise<RotationResult> {
  const cipher = new FieldCipher(o.keys.keys, o.keys.activeId);
  // MySQL compares these columns case-insensitively (utf8mb4_unicode_ci): "K1:" would pass for "k1:".
  const lower = cipher.keyIds().map((k) => k.toLowerCase());
  if (new Set(lower).size !== lower.length) throw new Error('Two encryption key ids differ only in letter case; give each key a distinct id.');
  // The heads are checked and signed with the same keys as the columns.
  useChainHeadKeys(o.keys);
  const meta = { ip: null, userAgent: 'cli rotate-keys', requestId: null };
  await writeAudit(o.db, meta, { action: 'encryption.rotation_started', universityId: null, entityType: null, entityId: null, by: { userId: null }, changes: { active_key_id: cipher.activeKeyId, key_ids: cipher.keyIds() } });

  const tables = await presentTables(o.db);
  const result: RotationResult = { activeKeyId: cipher.activeKeyId, interrupted: false, tables: {} as RotationResult['tables'], heads: { resigned: 0, invalid: [] }, referenced: {} };
  for (const table of tables) {
    const r = (result.tables[table] = { reencrypted: 0, conflicts: 0, unreadable: [] as string[] });
    if (result.interrupted) continue;
    await rotateTable(o, cipher, table, r);
    if (o.signal?.aborted) result.interrupted = true;
  }
  if (!result.interrupted) result.heads = await resignHeads(o.db, cipher.activeKeyId);
  result.referenced = await referencedKeys(o.db, tables);
  const still = Object.keys(result.referenced).filter((k) => k !== cipher.activeKeyId);
  await writeAudit(o.db, meta, {
    action: 'encryption.rotation_finished', universityId: null, entityType: null, entityId: null, by: { userId: null },
    changes: {
      active_key_id: cipher.activeKeyId, interrupted: result.interrupted, old_keys_still_referenced: still,
      reencrypted: Object.fromEntries(Object.entries(result.tables).map(([t, v]) => [t, v.reencrypted])), heads_resigned: result.heads.resigned,
    },
  });
  return result;
}

async function rotateTable(o: RotationOptions, cipher: FieldCipher, table: EncryptedTable, r: TableOutcome) {
  const db = o.db as unknown as Loose;
  const counted = await db.selectFrom(table).select((eb) => eb.fn.countAll<number | string>().as('n')).where(anyStale(ENCRYPTED_COLUMNS[table], `${cipher.activeKeyId}:`)).executeTakeFirstOrThrow();
  const total = Number(counted.n);
  o.onProgress?.({ table, done: 0, total });
  const unreadable = new Set<string>();
  try {
    await passes(o, cipher, table, r, unreadable, total);
  } finally {
    r.unreadable = [...unreadable];
  }
}

async function passes(o: RotationOptions, cipher: FieldCipher, table: EncryptedTable, r: TableOutcome, unreadable: Set<string>, total: number) {
  const db = o.db as unknown as Loose;
  const cols = ENCRYPTED_COLUMNS[table];
  const prefix = `${cipher.activeKeyId}:`;
  const size = o.batchSize ?? BATCH_SIZE;
  for (let pass = 1; pass <= MAX_PASSES; pass++) {
    let cursor = '';
    let conflicts = 0;
    for (;;) {
      if (o.signal?.aborted) return;
      const rows = await db.selectFrom(table).select(['id', ...(LIST_CACHED.has(table) ? ['university_id'] : []), ...cols]).where(anyStale(cols, prefix)).where('id', '>', cursor).orderBy('id').limit(size).execute();
      if (!rows.length) break;
      cursor = rows[rows.length - 1]!.id!;
      const out = await reencryptBatch(o.db, cipher, table, rows);
      r.reencrypted += out.updated;
      conflicts += out.conflicts;
      for (const id of out.unreadable) unreadable.add(id);
      for (const u of out.universities) await o.bumpLists(u);
      o.onProgress?.({ table, done: r.reencrypted, total });
      if (rows.length < size) break;
    }
    r.conflicts += conflicts;
    // Rows a concurrent write changed under us: a later pass reads them again (they may already be
    // under the active key, written by the app).
    if (!conflicts) break;
  }
}

export interface BatchOutcome {
  updated: number;
  /** Rows whose ciphertext changed between the read and the update (left as the writer left them). */
  conflicts: number;
  /** Rows with a value no configured key reads: never touched, reported. */
  unreadable: string[];
  universities: string[];
}

/** One batch, in one transaction, each row by compare-and-set on the ciphertexts that were read. */
export async function reencryptBatch(database: Kysely<DB>, cipher: FieldCipher, table: EncryptedTable, rows: Record<string, string | null>[]): Promise<BatchOutcome> {
  const cols = ENCRYPTED_COLUMNS[table];
  const out: BatchOutcome = { updated: 0, conflicts: 0, unreadable: [], universities: [] };
  const universities = new Set<string>();
  const updates: { id: string; set: Record<string, string | null>; was: Record<string, string> }[] = [];
  for (const row of rows) {
    const set: Record<string, string | null> = {};
    const was: Record<string, string> = {};
    try {
      for (const c of cols) {
        const v = row[c];
        if (!v || FieldCipher.keyIdOf(v) === cipher.activeKeyId) continue;
        set[c] = cipher.encrypt(cipher.decrypt(v));
        was[c] = v;
      }
    } catch {
      out.unreadable.push(row.id!);
      continue;
    }
    if (Object.keys(set).length) updates.push({ id: row.id!, set, was });
    if (row.university_id) universities.add(row.university_id);
  }
  await (database as unknown as Loose).transaction().execute(async (trx) => {
    for (const u of updates) {
      let q = trx.updateTable(table).set(u.set).where('id', '=', u.id);
      for (const [c, old] of Object.entries(u.was)) q = q.where(c, '=', old);
      const res = await q.executeTakeFirst();
      if (Number(res.numUpdatedRows)) out.updated++;
      else out.conflicts++;
    }
  });
  out.universities = [...universities];
  return out;
}

/** Re-signs, under the active key, every chain head whose signature verifies under an older key. */
async function resignHeads(database: Kysely<DB>, activeId: string) {
  const out = { resigned: 0, invalid: [] as string[] };
  const heads = await database.selectFrom('audit_chain_heads').select(['chain_key', 'seq', 'hash', 'signature']).where('signature', 'is not', null).execute();
  for (const h of heads) {
    if (FieldCipher.keyIdOf(h.signature) === activeId) continue;
    if (checkHeadSignature(h) !== 'valid') {
      out.invalid.push(h.chain_key);
      continue;
    }
    // Only the head that was checked: an audit write that moved it meanwhile signed it afresh.
    const res = await database
      .updateTable('audit_chain_heads')
      .set({ signature: signHead(h) })
      .where('chain_key', '=', h.chain_key)
      .where('seq', '=', h.seq)
      .where('hash', '=', h.hash)
      .where('signature', '=', h.signature)
      .executeTakeFirst();
    out.resigned += Number(res.numUpdatedRows);
  }
  return out;
}

/** The listed tables this database has: one whose migration has not run yet holds no ciphertext. */
async function presentTables(database: Kysely<DB>): Promise<EncryptedTable[]> {
  const present = new Set((await database.introspection.getTables()).map((t) => t.name));
  return (Object.keys(ENCRYPTED_COLUMNS) as EncryptedTable[]).filter((t) => present.has(t));
}

/** Key id → number of stored values naming it, over every encrypted column and the chain heads. */
export async function referencedKeys(database: Kysely<DB>, tables?: readonly EncryptedTable[]): Promise<Record<string, number>> {
  const db = database as unknown as Loose;
  const counts: Record<string, number> = {};
  const add = (rows: { k: string | null; n: number | string }[]) => {
    for (const r of rows) if (r.k !== null) counts[r.k] = (counts[r.k] ?? 0) + Number(r.n);
  };
  const keyOf = (col: string) => sql<string | null>`SUBSTR(${sql.ref(col)}, 1, INSTR(${sql.ref(col)}, ':') - 1)`;
  for (const table of tables ?? (await presentTables(database))) {
    for (const c of ENCRYPTED_COLUMNS[table]) {
      add(await db.selectFrom(table).select([keyOf(c).as('k'), (eb) => eb.fn.countAll<number | string>().as('n')]).where(c, 'is not', null).where(c, '<>', '').groupBy(keyOf(c)).execute());
    }
  }
  add(await db.selectFrom('audit_chain_heads').select([keyOf('signature').as('k'), (eb) => eb.fn.countAll<number | string>().as('n')]).where('signature', 'is not', null).groupBy(keyOf('signature')).execute());
  return counts;
}
