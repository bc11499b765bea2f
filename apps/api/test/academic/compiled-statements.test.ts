import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CompiledStatements } from '../../src/db/compiled-statements.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { createUniversity } from '../helpers/factories.js';

// A statement compiled once per shape must answer exactly what building it afresh answers, for
// every request's values — never the values of the request that compiled it.
let ctx: TestContext;
let a: Awaited<ReturnType<typeof createUniversity>>;
let b: Awaited<ReturnType<typeof createUniversity>>;
const db = () => ctx.platform.database.db;

beforeAll(async () => {
  ctx = await createTestContext();
  a = await createUniversity(db(), { name: 'Alpha Institute' });
  b = await createUniversity(db(), { name: 'Beta Institute' });
});
afterAll(() => ctx.close());

describe('CompiledStatements', () => {
  it('builds once per shape and runs each call with its own values', async () => {
    const statements = new CompiledStatements(db() as never);
    let builds = 0;
    const byId = (ids: readonly string[]) => {
      builds++;
      return db().selectFrom('universities').select(['id', 'name']).where('id', 'in', [...ids]).orderBy('name');
    };
    expect(await statements.rows('one', [a.id], byId)).toEqual([{ id: a.id, name: 'Alpha Institute' }]);
    expect(await statements.rows('one', [b.id], byId)).toEqual([{ id: b.id, name: 'Beta Institute' }]);
    expect(await statements.rows('two', [b.id, a.id], byId)).toEqual([
      { id: a.id, name: 'Alpha Institute' },
      { id: b.id, name: 'Beta Institute' },
    ]);
    expect(await statements.rows('one', ['no-such-id'], byId)).toEqual([]);
    // The template's markers, plus one build per shape; later calls reuse them.
    expect(builds).toBe(2);
  });

  it('falls back to building every time when a value does not come out as a parameter of its own', async () => {
    const statements = new CompiledStatements(db() as never);
    let builds = 0;
    // The value is inlined into the text (sql.lit) and concatenated into a longer string: no template.
    const inlined = ([name]: readonly string[]) => {
      builds++;
      return db().selectFrom('universities').select('id').where(sql<boolean>`name = ${sql.lit(name!)} OR name = ${`${name!}!`}`);
    };
    expect(await statements.rows('lit', ['Alpha Institute'], inlined)).toEqual([{ id: a.id }]);
    expect(await statements.rows('lit', ['Beta Institute'], inlined)).toEqual([{ id: b.id }]);
    expect(builds).toBe(3);
  });
});
