import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAudit } from '../../src/modules/audit/audit.service.js';
import { backend, createTestContext, type TestContext } from '../helpers/context.js';
import { createUniversity, signInAs } from '../helpers/factories.js';

let ctx: TestContext;
const db = () => ctx.platform.database.db;

beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const entry = (universityId: string | null, action: string, changes: Record<string, unknown> | null = null) => ({
  universityId, actorId: null, impersonatorId: null, action, entityType: 'test', entityId: null, changes,
});

describe('audit trail', () => {
  it('chains rows per university and masks personal data', async () => {
    const u = await createUniversity(db());
    await recordAudit(db(), entry(u.id, 'one', { phone: '+1 555', nested: { password: 'x', ok: 1 } }));
    await recordAudit(db(), entry(u.id, 'two'));
    const rows = await db().selectFrom('audit_logs').selectAll().where('chain_key', '=', u.id).orderBy('seq').execute();
    expect(rows.map((r) => Number(r.seq))).toEqual([1, 2]);
    expect(rows[1]!.prev_hash).toBe(rows[0]!.hash);
    expect(JSON.parse(rows[0]!.changes!)).toEqual({ phone: '[masked]', nested: { password: '[masked]', ok: 1 } });
  });

  it('keeps the chain whole under 20 concurrent writers', async () => {
    const u = await createUniversity(db());
    await Promise.all(Array.from({ length: 20 }, (_, i) => recordAudit(db(), entry(u.id, `w${i}`))));
    const seqs = (await db().selectFrom('audit_logs').select('seq').where('chain_key', '=', u.id).orderBy('seq').execute()).map((r) => Number(r.seq));
    expect(seqs).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const owner = await signInAs(ctx.app, db(), 'university_owner', u);
    const v = await ctx.app.inject({ url: '/api/v1/audit-logs/verify', headers: owner.headers });
    expect(v.json().data).toMatchObject({ ok: true, first_broken: null });
  });

  it('lists only the caller’s university, filters, and exports CSV safely', async () => {
    const a = await createUniversity(db());
    const b = await createUniversity(db());
    await recordAudit(db(), entry(a.id, 'a.thing', { note: 'x' }));
    await recordAudit(db(), entry(a.id, '=HYPERLINK("http://evil")'));
    await recordAudit(db(), entry(b.id, 'b.thing'));
    const ownerA = await signInAs(ctx.app, db(), 'university_owner', a);
    const list = (await ctx.app.inject({ url: '/api/v1/audit-logs?per_page=100', headers: ownerA.headers })).json().data;
    expect(list.items.every((r: { university_id: string }) => r.university_id === a.id)).toBe(true);
    expect(list.items.map((r: { action: string }) => r.action)).toContain('a.thing');
    const filtered = (await ctx.app.inject({ url: '/api/v1/audit-logs?action=a.thing', headers: ownerA.headers })).json().data;
    expect(filtered.pagination.total).toBe(1);
    const csv = await ctx.app.inject({ url: '/api/v1/audit-logs/export', headers: ownerA.headers });
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.body.split('\n')[0]).toMatch(/^created_at,seq,/);
    expect(csv.body).toContain('a.thing');
    expect(csv.body).not.toContain('b.thing');
    expect(csv.body).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(csv.body).toContain(`"{""note"":""x""}"`);
  });

  it('counts God Mode’s log of every chain up to 10,000 and a named university’s exactly', async () => {
    // The log grows with every write: the cross-tenant view must not count it all on each page.
    const u = await createUniversity(db());
    const rows = Array.from({ length: 10_001 }, (_, i) => ({
      id: uuidv7(), chain_key: u.id, seq: i + 1, university_id: u.id, action: 'bulk.row', entity_type: 'test',
      created_at: `2031-01-01 00:00:${String(Math.floor(i / 1000)).padStart(2, '0')}.${String(i % 1000).padStart(3, '0')}`, prev_hash: 'x', hash: `h${i}`,
    }));
    for (let i = 0; i < rows.length; i += 500) await db().insertInto('audit_logs').values(rows.slice(i, i + 500)).execute();
    const god = await signInAs(ctx.app, db(), 'bitflow_owner');
    const all = (await ctx.app.inject({ url: '/api/v1/audit-logs?per_page=5', headers: god.headers })).json().data;
    expect(all.pagination).toMatchObject({ total: 10_000, total_capped: true });
    expect(all.items[0]).toMatchObject({ action: 'bulk.row', seq: 10_001 });
    const one = (await ctx.app.inject({ url: `/api/v1/audit-logs?per_page=5&university_id=${u.id}`, headers: god.headers })).json().data;
    expect(one.pagination.total).toBe(10_001);
    expect(one.pagination.total_capped).toBeUndefined();
  });

  it('pages God Mode’s log past the count cap by cursor, newest first, ties in id order', async () => {
    // Operators must reach every entry: the capped total stops page numbers at 10,000 rows, the
    // cursor does not. Rows of 2032 sort before every other test's; 4 of them share one timestamp.
    const u = await createUniversity(db());
    const other = await createUniversity(db());
    const stamp = (i: number) => `2032-01-01 00:00:${String(i < 4 ? 0 : i).padStart(2, '0')}.000`;
    const rows = Array.from({ length: 23 }, (_, i) => ({
      id: uuidv7(), chain_key: u.id, seq: i + 1, university_id: u.id, action: 'cursor.row', entity_type: 'test', created_at: stamp(i), prev_hash: 'x', hash: `c${i}`,
    }));
    await db().insertInto('audit_logs').values(rows).execute();
    const expected = [...rows].sort((a, b) => (a.created_at === b.created_at ? (a.id < b.id ? 1 : -1) : a.created_at < b.created_at ? 1 : -1)).map((r) => r.seq);
    const god = await signInAs(ctx.app, db(), 'bitflow_owner');
    const seen: number[] = [];
    const pages: number[] = [];
    let url = '/api/v1/audit-logs?action=cursor.row&per_page=10';
    for (let guard = 0; guard < 5; guard++) {
      const res = await ctx.app.inject({ url, headers: god.headers });
      expect(res.statusCode).toBe(200);
      const { items, pagination } = res.json().data;
      seen.push(...items.map((r: { seq: number }) => r.seq));
      pages.push(pagination.current_page);
      if (!pagination.next_cursor) break;
      url = `/api/v1/audit-logs?action=cursor.row&per_page=10&cursor=${pagination.next_cursor}`;
    }
    expect(seen).toEqual(expected);
    expect(pages).toEqual([1, 2, 3]);
    // The same rows by page number, for the same query.
    const byNumber = (await ctx.app.inject({ url: '/api/v1/audit-logs?action=cursor.row&per_page=10&page=2', headers: god.headers })).json().data;
    expect(byNumber.items.map((r: { seq: number }) => r.seq)).toEqual(expected.slice(10, 20));

    const first = (await ctx.app.inject({ url: '/api/v1/audit-logs?action=cursor.row&per_page=10', headers: god.headers })).json().data.pagination.next_cursor;
    // A cursor of another query, or a made-up one, is a 422 in the envelope.
    const wrong = await ctx.app.inject({ url: `/api/v1/audit-logs?action=cursor.row&per_page=5&cursor=${first}`, headers: god.headers });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json()).toMatchObject({ success: false, errors: { cursor: [expect.stringMatching(/different/)] } });
    const junk = await ctx.app.inject({ url: '/api/v1/audit-logs?action=cursor.row&cursor=bm9wZQ', headers: god.headers });
    expect(junk.statusCode).toBe(422);
    // A well-formed cursor of this query whose sort key is not a timestamp: 422, not a 500.
    const parts = JSON.parse(Buffer.from(first, 'base64url').toString('utf8')) as unknown[];
    const forged = Buffer.from(JSON.stringify(['abc', ...parts.slice(1)])).toString('base64url');
    const bad = await ctx.app.inject({ url: `/api/v1/audit-logs?action=cursor.row&per_page=10&cursor=${forged}`, headers: god.headers });
    expect(bad.statusCode).toBe(422);
    expect(bad.json()).toMatchObject({ success: false, errors: { cursor: [expect.stringMatching(/not valid/)] } });
    // A cursor carries a position, never a scope: another university's owner still sees only theirs.
    const ownerOther = await signInAs(ctx.app, db(), 'university_owner', other);
    const leaked = await ctx.app.inject({ url: `/api/v1/audit-logs?action=cursor.row&per_page=10&cursor=${first}`, headers: ownerOther.headers });
    expect(leaked.statusCode).toBe(200);
    expect(leaked.json().data.items).toEqual([]);
  });

  it('detects a tampered row and a removed row', async () => {
    const u = await createUniversity(db());
    for (let i = 0; i < 5; i++) await recordAudit(db(), entry(u.id, `t${i}`));
    const owner = await signInAs(ctx.app, db(), 'university_owner', u);
    const verify = async () => (await ctx.app.inject({ url: '/api/v1/audit-logs/verify', headers: owner.headers })).json().data;
    expect((await verify()).ok).toBe(true);
    // The database refuses UPDATE/DELETE; an attacker with DDL rights drops the trigger first.
    await sql`DROP TRIGGER audit_logs_no_update`.execute(db());
    await sql`DROP TRIGGER audit_logs_no_delete`.execute(db());
    await db().updateTable('audit_logs').set({ action: 'forged' }).where('chain_key', '=', u.id).where('seq', '=', 3).execute();
    expect((await verify()).first_broken).toMatchObject({ seq: 3, reason: 'hash_mismatch' });
    await db().updateTable('audit_logs').set({ action: 't2' }).where('chain_key', '=', u.id).where('seq', '=', 3).execute();
    expect((await verify()).ok).toBe(true);
    await db().deleteFrom('audit_logs').where('chain_key', '=', u.id).where('seq', '=', 2).execute();
    expect((await verify()).first_broken).toMatchObject({ seq: 3, reason: 'seq_gap' });
    void backend;
  });
});
