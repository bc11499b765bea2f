import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backend, createTestContext, type TestContext } from '../../../test/helpers/context.js';
import type { Scope } from '../../core/actor.js';
import { openDatabase } from '../../platform/db.js';
import { AuditRepository } from './audit.repository.js';
import { exportAuditCsv, hashRow, listAudit, recordAudit, verifyChain, type AuditEntry } from './audit.service.js';

// The audit service against a real database: chaining, masking, concurrent writers, tamper
// detection, tenant scope and CSV export. audit_logs.university_id has no foreign key, so fresh
// uuids stand in for universities.

let ctx: TestContext;
const db = () => ctx.platform.database.db;

beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const entry = (universityId: string | null, action: string, over: Partial<AuditEntry> = {}): AuditEntry => ({
  universityId, actorId: null, impersonatorId: null, action, entityType: 'test', entityId: null, ...over,
});
const chainRows = (chainKey: string) => db().selectFrom('audit_logs').selectAll().where('chain_key', '=', chainKey).orderBy('seq').execute();
const universityScope = (universityId: string): Scope => ({ level: 'university', universityId });

async function csvOf(scope: Scope, filters = {}) {
  let out = '';
  for await (const line of exportAuditCsv(db(), scope, filters)) out += line;
  return out;
}

describe(`audit service on ${backend}`, () => {
  it('chains rows per university: seq 1..n, each prev_hash is the previous hash', async () => {
    const u = uuidv7();
    for (let i = 0; i < 4; i++) await recordAudit(db(), entry(u, `step${i}`));
    const platformRow = await recordAudit(db(), entry(null, 'platform.thing'));
    const rows = await chainRows(u);
    expect(rows.map((r) => Number(r.seq))).toEqual([1, 2, 3, 4]);
    expect(rows[0]!.prev_hash).toBe('0'.repeat(64));
    rows.slice(1).forEach((r, i) => expect(r.prev_hash).toBe(rows[i]!.hash));
    for (const r of rows) expect(hashRow(r.prev_hash, r)).toBe(r.hash);
    expect(await verifyChain(db(), u)).toMatchObject({ ok: true, checked: 4, first_broken: null });
    // No university: the platform chain.
    const p = await db().selectFrom('audit_logs').selectAll().where('id', '=', platformRow.id).executeTakeFirstOrThrow();
    expect(p.chain_key).toBe('platform');
    expect((await verifyChain(db(), 'platform')).ok).toBe(true);
  });

  it('masks personal data in changes, at any depth', async () => {
    const u = uuidv7();
    const changes = {
      name: 'Ada', phone: '+1 555', date_of_birth: '2000-01-01', address: '1 Road', national_id: 'X1',
      password: 'p', password_hash: 'h', token: 't', secret: 's', mfa_secret: 'm',
      nested: { guardian_phone: '+2', list: [{ address: 'a', ok: 1 }], keep: 'yes' },
    };
    const { id } = await recordAudit(db(), entry(u, 'students.updated', { changes }));
    const row = await db().selectFrom('audit_logs').select('changes').where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.changes).not.toMatch(/\+1 555|2000-01-01|1 Road|X1|"p"|"h"|"t"|"s"|"m"/);
    const { items } = await listAudit(db(), universityScope(u), { page: 1, per_page: 10 });
    expect(items[0]!.changes).toEqual({
      name: 'Ada', phone: '[masked]', date_of_birth: '[masked]', address: '[masked]', national_id: '[masked]',
      password: '[masked]', password_hash: '[masked]', token: '[masked]', secret: '[masked]', mfa_secret: '[masked]',
      nested: { guardian_phone: '[masked]', list: [{ address: '[masked]', ok: 1 }], keep: 'yes' },
    });
  });

  it('keeps one chain whole under 20 concurrent writers', async () => {
    const u = uuidv7();
    const out = await Promise.all(Array.from({ length: 20 }, (_, i) => recordAudit(db(), entry(u, `w${i}`))));
    expect(out.map((o) => o.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect((await chainRows(u)).map((r) => Number(r.seq))).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(await verifyChain(db(), u)).toMatchObject({ ok: true, checked: 20, first_broken: null });
  });

  it('commits concurrent entries together, and an entry the database refuses fails alone', async () => {
    // Counts the INSERTs into audit_logs that reach the database (a plugin sees every compiled query;
    // the chain head's write rides in the same transaction).
    let inserts = 0;
    const counting = db().withPlugin({
      transformQuery: (args) => {
        if (args.node.kind === 'InsertQueryNode' && args.node.into?.table.identifier.name === 'audit_logs') inserts++;
        return args.node;
      },
      transformResult: async (args) => args.result,
    });
    const u = uuidv7();
    const out = await Promise.all(Array.from({ length: 30 }, (_, i) => recordAudit(counting, entry(u, `g${i}`))));
    // The first is written at once; the 29 that queued behind it go as one statement (one commit).
    expect(inserts).toBeLessThanOrEqual(2);
    expect(out.map((o) => o.seq)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    const rows = await chainRows(u);
    expect(rows.map((r) => r.action)).toEqual(Array.from({ length: 30 }, (_, i) => `g${i}`));
    expect(rows.map((r) => r.id)).toEqual(out.map((o) => o.id));
    expect(await verifyChain(db(), u)).toMatchObject({ ok: true, checked: 30, first_broken: null });

    // A NOT NULL column left empty: the database refuses that row; the rest of its batch is written.
    const v = uuidv7();
    const mixed = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) => recordAudit(counting, entry(v, i === 3 ? (null as unknown as string) : `m${i}`))),
    );
    expect(mixed.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect((await chainRows(v)).map((r) => r.action)).toEqual(['m0', 'm1', 'm2', 'm4', 'm5']);
    expect(await verifyChain(db(), v)).toMatchObject({ ok: true, checked: 5, first_broken: null });
  });

  it('retries when another process takes the seq (a second connection pool)', async () => {
    // A second pool has its own in-process queue, so its writers really race ours on the unique index.
    const other = openDatabase(ctx.config);
    try {
      const u = uuidv7();
      await Promise.all(Array.from({ length: 20 }, (_, i) => recordAudit(i % 2 ? other.db : db(), entry(u, `x${i}`))));
      expect((await chainRows(u)).map((r) => Number(r.seq))).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      expect((await verifyChain(db(), u)).ok).toBe(true);
    } finally {
      await other.close();
    }
  });

  it('pages through a chain longer than one verification page', async () => {
    const u = uuidv7();
    for (let i = 0; i < 5; i++) await recordAudit(db(), entry(u, `p${i}`));
    // The same walk with 2-row pages.
    expect(await verifyChain(new AuditRepository(db()), u, 2)).toMatchObject({ ok: true, checked: 5, first_broken: null });
  });

  it('lists only the caller’s university; God Mode sees all or the one it names', async () => {
    const a = uuidv7();
    const b = uuidv7();
    await recordAudit(db(), entry(a, 'a.created', { entityId: 'e1' }));
    await recordAudit(db(), entry(a, 'a.updated', { entityId: 'e1' }));
    await recordAudit(db(), entry(b, 'b.created'));
    const page = { page: 1, per_page: 100 };
    const actions = async (scope: Scope, f = {}) => (await listAudit(db(), scope, { ...page, ...f })).items.map((i) => i.action);

    expect((await actions(universityScope(a))).sort()).toEqual(['a.created', 'a.updated']);
    // A university id in the query string never widens a tenant's scope.
    expect((await actions(universityScope(a), { university_id: b })).sort()).toEqual(['a.created', 'a.updated']);
    expect(await actions({ level: 'college', universityId: a, collegeIds: [uuidv7()] })).not.toContain('b.created');
    const all = await actions({ level: 'platform' });
    expect(all).toEqual(expect.arrayContaining(['a.created', 'a.updated', 'b.created']));
    expect(await actions({ level: 'platform' }, { university_id: b })).toEqual(['b.created']);

    const filtered = await listAudit(db(), universityScope(a), { ...page, action: 'a.updated', entity_id: 'e1' });
    expect(filtered.total).toBe(1);
    expect(filtered.items[0]).toMatchObject({ university_id: a, seq: 2, entity_type: 'test', changes: null });
    expect(filtered.items[0]!.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    const today = new Date().toISOString().slice(0, 10);
    expect((await listAudit(db(), universityScope(a), { ...page, from: today, to: today })).total).toBe(2);
    expect((await listAudit(db(), universityScope(a), { ...page, to: '2000-01-01' })).total).toBe(0);
  });

  it('exports CSV with proper quoting, no formulas, and only the caller’s rows', async () => {
    const a = uuidv7();
    const b = uuidv7();
    const nasty = ['=HYPERLINK("http://evil")', '+1', '-2', '@SUM(A1)', 'a,b', 'say "hi"', 'two\nlines'];
    for (const n of nasty) await recordAudit(db(), entry(a, 'csv.test', { entityId: n, changes: { note: n } }));
    await recordAudit(db(), entry(b, 'csv.other'));

    const csv = await csvOf(universityScope(a));
    expect(csv.split('\n')[0]).toBe('created_at,seq,university_id,college_id,actor_id,impersonator_id,action,entity_type,entity_id,changes,ip,user_agent,request_id,id,prev_hash,hash');
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(csv).not.toContain('csv.other');
    const records = parse(csv, { columns: true }) as Record<string, string>[];
    expect(records.map((r) => r.entity_id)).toEqual(["'=HYPERLINK(\"http://evil\")", "'+1", "'-2", "'@SUM(A1)", 'a,b', 'say "hi"', 'two\nlines']);
    expect(JSON.parse(records[5]!.changes!)).toEqual({ note: 'say "hi"' });
    expect(records.map((r) => r.seq)).toEqual(['1', '2', '3', '4', '5', '6', '7']);
  });

  it('streams exports in keyset pages across chains, each row once', async () => {
    const seen = new Set<string>();
    let rows = 0;
    for await (const pageRows of new AuditRepository(db()).stream({ scope: { level: 'platform' }, userId: null }, {}, 3)) {
      expect(pageRows.length).toBeLessThanOrEqual(3);
      for (const r of pageRows) {
        seen.add(r.id);
        rows++;
      }
    }
    const { total } = await listAudit(db(), { level: 'platform' }, { page: 1, per_page: 1 });
    expect(rows).toBe(total);
    expect(seen.size).toBe(total);
  });

  // Last: it drops the append-only triggers of this file's database.
  it('detects an edited row, a re-hashed row and a removed row', async () => {
    const u = uuidv7();
    for (let i = 0; i < 5; i++) await recordAudit(db(), entry(u, `t${i}`));
    const at = (seq: number) => db().updateTable('audit_logs').where('chain_key', '=', u).where('seq', '=', seq);
    await expect(at(3).set({ action: 'forged' }).execute()).rejects.toThrow(/append-only/);
    await expect(db().deleteFrom('audit_logs').where('chain_key', '=', u).execute()).rejects.toThrow(/append-only/);

    // An attacker with DDL rights drops the triggers first.
    await sql`DROP TRIGGER audit_logs_no_update`.execute(db());
    await sql`DROP TRIGGER audit_logs_no_delete`.execute(db());
    const row3 = (await chainRows(u))[2]!;
    await at(3).set({ action: 'forged' }).execute();
    expect((await verifyChain(db(), u)).first_broken).toEqual({ seq: 3, id: row3.id, reason: 'hash_mismatch' });

    // Re-hashing the forged row moves the break to the next link.
    await at(3).set({ hash: hashRow(row3.prev_hash, { ...row3, action: 'forged' }) }).execute();
    expect((await verifyChain(db(), u)).first_broken).toMatchObject({ seq: 4, reason: 'prev_hash_mismatch' });
    await at(3).set({ action: row3.action, hash: row3.hash }).execute();
    expect(await verifyChain(db(), u)).toMatchObject({ ok: true, checked: 5, first_broken: null });

    await db().deleteFrom('audit_logs').where('chain_key', '=', u).where('seq', '=', 2).execute();
    expect(await verifyChain(db(), u)).toMatchObject({ ok: false, checked: 1, first_broken: { seq: 3, reason: 'seq_gap' } });
  });
});
