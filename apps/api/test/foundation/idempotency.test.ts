import { createHash } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nowDb } from '../../src/db/time.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { createUniversity, signInAs } from '../helpers/factories.js';

let ctx: TestContext;
let owner: Awaited<ReturnType<typeof signInAs>>;
beforeAll(async () => {
  ctx = await createTestContext();
  const uni = await createUniversity(ctx.platform.database.db);
  owner = await signInAs(ctx.app, ctx.platform.database.db, 'university_owner', uni);
});
afterAll(() => ctx.close());

const hashOf = (body: object) => createHash('sha256').update(`POST /api/v1/colleges\n${JSON.stringify(body)}`).digest('hex');
const post = (key: string, payload: object) =>
  ctx.app.inject({ method: 'POST', url: '/api/v1/colleges', headers: { ...owner.headers, 'idempotency-key': key }, payload });

describe('Idempotency-Key', () => {
  it('replays the first response for a retry and creates one row', async () => {
    const first = await post('key-retry-1', { name: 'Idem College', code: 'IDEM1' });
    expect(first.statusCode).toBe(201);
    const again = await post('key-retry-1', { name: 'Idem College', code: 'IDEM1' });
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().data.id).toBe(first.json().data.id);
    const rows = await ctx.platform.database.db.selectFrom('colleges').select('id').where('code', '=', 'IDEM1').execute();
    expect(rows).toHaveLength(1);
  });

  it('refuses the same key with a different body (422)', async () => {
    await post('key-diff-1', { name: 'A', code: 'IDEMA' });
    const other = await post('key-diff-1', { name: 'B', code: 'IDEMB' });
    expect(other.statusCode).toBe(422);
    expect(other.json().errors).toHaveProperty('idempotency_key');
  });

  it('answers 409 while the first request with the key is still in flight', async () => {
    await ctx.platform.database.db
      .insertInto('idempotency_keys')
      .values({ id: uuidv7(), user_id: owner.id, idem_key: 'key-busy', method: 'POST', path: '/api/v1/colleges', request_hash: hashOf({ name: 'Busy', code: 'BUSY' }), created_at: nowDb() })
      .execute();
    const res = await post('key-busy', { name: 'Busy', code: 'BUSY' });
    expect(res.statusCode).toBe(409);
  });

  it('does not spend a key on a request that failed validation', async () => {
    expect((await post('key-bad', { name: '' })).statusCode).toBe(422);
    expect((await post('key-bad', { name: 'Fixed', code: 'FIXED' })).statusCode).toBe(201);
  });
});
