import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as m009 from '../../src/db/migrations/009_audit_scope_and_chain_heads.js';
import { recordAudit, verifyChain } from '../../src/modules/audit/audit.service.js';
import { openDatabase } from '../../src/platform/db.js';
import { backend, createTestContext, type TestContext } from '../helpers/context.js';
import { createUniversity, signInAs } from '../helpers/factories.js';

// Issue #19 item 9: cutting the newest rows off a chain left one that still linked, so verify said
// "intact". The chain head (audit_chain_heads: newest seq and hash, HMAC-signed) is kept with every
// write; verify compares the table's newest row with it.

let ctx: TestContext;
const db = () => ctx.platform.database.db;

beforeAll(async () => {
  ctx = await createTestContext();
  // An attacker with DDL rights: the append-only triggers are gone for this file's database.
  await sql`DROP TRIGGER audit_logs_no_update`.execute(db());
  await sql`DROP TRIGGER audit_logs_no_delete`.execute(db());
});
afterAll(() => ctx.close());

const entry = (universityId: string, action: string) => ({ universityId, actorId: null, impersonatorId: null, action, entityType: 'test', entityId: null });
const rowsOf = (chain: string) => db().selectFrom('audit_logs').selectAll().where('chain_key', '=', chain).orderBy('seq').execute();
const headOf = (chain: string) => db().selectFrom('audit_chain_heads').selectAll().where('chain_key', '=', chain).executeTakeFirstOrThrow();

async function chainOf(n: number) {
  const uni = await createUniversity(db());
  for (let i = 0; i < n; i++) await recordAudit(db(), entry(uni.id, `row${i}`));
  const owner = await signInAs(ctx.app, db(), 'university_owner', uni); // writes auth.login: n + 1 rows
  const verify = async () => (await ctx.app.inject({ url: '/api/v1/audit-logs/verify', headers: owner.headers })).json().data;
  return { uni, verify };
}

describe(`audit chain head on ${backend}`, () => {
  it('an intact chain verifies against a signed head', async () => {
    const { uni, verify } = await chainOf(4);
    expect(await verify()).toMatchObject({ ok: true, checked: 5, first_broken: null, head: { seq: 5, signed: true } });
    const head = await headOf(uni.id);
    const last = (await rowsOf(uni.id)).at(-1)!;
    expect({ seq: Number(head.seq), hash: head.hash }).toEqual({ seq: 5, hash: last.hash });
  });

  it('reports the newest rows cut off the end, and keeps reporting it after new writes', async () => {
    const { uni, verify } = await chainOf(6);
    await db().deleteFrom('audit_logs').where('chain_key', '=', uni.id).where('seq', '>', 4).execute();
    expect(await verify()).toMatchObject({ ok: false, checked: 4, first_broken: { seq: 5, id: null, reason: 'tail_truncated' } });
    // The next write follows the head, so the gap stays in the chain instead of being papered over.
    const next = await recordAudit(db(), entry(uni.id, 'after'));
    expect(next.seq).toBe(8);
    expect(await verify()).toMatchObject({ ok: false, first_broken: { seq: 8, reason: 'seq_gap' } });
  });

  it('catches a head rewound to the cut chain without the key', async () => {
    const { uni, verify } = await chainOf(5);
    await db().deleteFrom('audit_logs').where('chain_key', '=', uni.id).where('seq', '>', 3).execute();
    const row3 = (await rowsOf(uni.id)).at(-1)!;
    await db().updateTable('audit_chain_heads').set({ seq: 3, hash: row3.hash }).where('chain_key', '=', uni.id).execute();
    expect(await verify()).toMatchObject({ ok: false, first_broken: { reason: 'head_signature_invalid' } });
    // Nor can the signature be dropped or made up.
    await db().updateTable('audit_chain_heads').set({ signature: `k1:${'0'.repeat(64)}` }).where('chain_key', '=', uni.id).execute();
    expect(await verify()).toMatchObject({ ok: false, first_broken: { reason: 'head_signature_invalid' } });
    await db().deleteFrom('audit_chain_heads').where('chain_key', '=', uni.id).execute();
    expect(await verify()).toMatchObject({ ok: false, first_broken: { reason: 'head_missing' } });
  });

  it('a head naming a row with another hash is a mismatch', async () => {
    const { uni, verify } = await chainOf(3);
    const head = await headOf(uni.id);
    // A re-chained last row (new content, new hash, valid links) under the old signed head.
    await db().updateTable('audit_logs').set({ hash: 'f'.repeat(64) }).where('chain_key', '=', uni.id).where('seq', '=', Number(head.seq)).execute();
    expect((await verify()).ok).toBe(false);
  });

  it('keeps the head on the newest row through group-commit batches and a second pool', async () => {
    const uni = await createUniversity(db());
    const other = openDatabase(ctx.config);
    try {
      await Promise.all(Array.from({ length: 60 }, (_, i) => recordAudit(i % 3 ? db() : other.db, entry(uni.id, `b${i}`))));
    } finally {
      await other.close();
    }
    expect(await verifyChain(db(), uni.id)).toMatchObject({ ok: true, checked: 60, first_broken: null, head: { seq: 60, signed: true } });
    expect(Number((await headOf(uni.id)).seq)).toBe(60);
  });

  // Last: it runs migration 009 down and up again on this file's database.
  it('gives chains written before migration 009 an unsigned head that still catches a cut tail', async () => {
    const { uni, verify } = await chainOf(4);
    await m009.down(db());
    await m009.up(db());
    expect(await verify()).toMatchObject({ ok: true, checked: 5, head: { seq: 5, signed: false } });
    await db().deleteFrom('audit_logs').where('chain_key', '=', uni.id).where('seq', '=', 5).execute();
    expect(await verify()).toMatchObject({ ok: false, first_broken: { seq: 5, reason: 'tail_truncated' } });
    // The chain's next write signs its head again.
    await recordAudit(db(), entry(uni.id, 'signed again'));
    expect((await verifyChain(db(), uni.id)).head).toEqual({ seq: 6, signed: true });
  });
});
