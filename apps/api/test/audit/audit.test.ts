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
