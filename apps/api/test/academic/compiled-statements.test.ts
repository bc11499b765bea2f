import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Scope } from '../../src/core/actor.js';
import { CompiledStatements } from '../../src/db/compiled-statements.js';
import { TenantResourceRepository, type ListQuery } from '../../src/modules/shared/tenant-resource.repository.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { createUniversity } from '../helpers/factories.js';

// A statement compiled once per shape must answer exactly what building it afresh answers, for
// every request's values — never the values (or the tenant) of the request that compiled it.
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
  it('builds once per shape and set of names, and runs each call with its own values', async () => {
    const statements = new CompiledStatements(db() as never);
    let builds = 0;
    const byId = (v: Record<string, string>) => {
      builds++;
      return db().selectFrom('universities').select(['id', 'name']).where('id', 'in', Object.values(v)).orderBy('name');
    };
    expect(await statements.rows('one', { x: a.id }, byId)).toEqual([{ id: a.id, name: 'Alpha Institute' }]);
    expect(await statements.rows('one', { x: b.id }, byId)).toEqual([{ id: b.id, name: 'Beta Institute' }]);
    expect(await statements.rows('one', { x: b.id, y: a.id }, byId)).toEqual([
      { id: a.id, name: 'Alpha Institute' },
      { id: b.id, name: 'Beta Institute' },
    ]);
    expect(await statements.rows('one', { x: 'no-such-id' }, byId)).toEqual([]);
    // One template per set of names (two here: {x} and {x, y}); later calls reuse them.
    expect(builds).toBe(2);
  });

  it('falls back to building every time when a value does not come out as a parameter of its own', async () => {
    const statements = new CompiledStatements(db() as never);
    let builds = 0;
    // The value is inlined into the text (sql.lit) and concatenated into a longer string: no template.
    const inlined = ({ name }: { name: string }) => {
      builds++;
      return db().selectFrom('universities').select('id').where(sql<boolean>`name = ${sql.lit(name)} OR name = ${`${name}!`}`);
    };
    expect(await statements.rows('lit', { name: 'Alpha Institute' }, inlined)).toEqual([{ id: a.id }]);
    expect(await statements.rows('lit', { name: 'Beta Institute' }, inlined)).toEqual([{ id: b.id }]);
    expect(builds).toBe(3);
  });
});

// The academic lists and get by id go through templates (tenant-resource.repository.ts): the same
// shape asked for by two tenants, with and without filters, by page and by cursor.
describe('tenant lists and reads compiled once per shape', () => {
  let repo: TenantResourceRepository;
  const uniA = (): Scope => ({ level: 'university', universityId: a.id });
  const uniB = (): Scope => ({ level: 'university', universityId: b.id });
  const q = (over: Partial<ListQuery> = {}): ListQuery => ({ page: 1, per_page: 2, sort: 'last_name', ...over });
  const names = (rows: Record<string, unknown>[]) => rows.map((r) => r.last_name);
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    repo = new TenantResourceRepository(db(), { table: 'students', search: ['last_name', 'first_name', 'admission_number'], equals: ['status', 'college_id'], createdRange: true });
    const people: [typeof a, string, string][] = [[a, 'Adams', 'active'], [a, 'Baker', 'graduated'], [a, 'Clark', 'active'], [b, 'Young', 'active'], [b, 'Zimmer', 'active'], [b, 'Xu', 'graduated']];
    for (const [u, last, status] of people) {
      ids[last] = await repo.insert({ university_id: u.id, college_id: u.collegeId, department_id: u.departmentId, admission_number: `CS-${last}`, first_name: 'Test', last_name: last, status });
    }
  });

  it('gives each tenant its own rows for the same shape', async () => {
    expect(names((await repo.list(uniA(), q())).items)).toEqual(['Adams', 'Baker']);
    expect(names((await repo.list(uniB(), q())).items)).toEqual(['Xu', 'Young']);
    expect(names((await repo.list({ level: 'college', universityId: b.id, collegeIds: [b.collegeId] }, q())).items)).toEqual(['Xu', 'Young']);
    // A's university with B's college: the scope's two values stay paired, nothing leaks.
    expect((await repo.list({ level: 'college', universityId: a.id, collegeIds: [b.collegeId] }, q())).items).toEqual([]);
  });

  it('applies the filters and the term a request carries, and only those', async () => {
    expect(names((await repo.list(uniA(), q({ status: 'active' }))).items)).toEqual(['Adams', 'Clark']);
    expect(names((await repo.list(uniB(), q({ status: 'active' }))).items)).toEqual(['Young', 'Zimmer']);
    expect(names((await repo.list(uniB(), q({ status: 'graduated' }))).items)).toEqual(['Xu']);
    expect(names((await repo.list(uniA(), q({ q: 'Cl' }))).items)).toEqual(['Clark']);
    expect(names((await repo.list(uniA(), q({ q: 'Ba', status: 'active' }))).items)).toEqual([]);
    expect(names((await repo.list(uniA(), q({ created_to: '2000-01-01' }))).items)).toEqual([]);
    expect(names((await repo.list(uniA(), q({ created_from: '2000-01-01' }))).items)).toEqual(['Adams', 'Baker']);
    expect(names((await repo.list(uniA(), q())).items)).toEqual(['Adams', 'Baker']);
    // Every one of those shapes has a template: none is built afresh per request.
    expect(repo['statements'].stats().uncacheable).toBe(0);
  });

  it('continues a cursor within its tenant and pages by offset', async () => {
    const first = await repo.list(uniB(), q());
    expect(first.nextCursor).not.toBeNull();
    const second = await repo.list(uniB(), q({ cursor: first.nextCursor! }));
    expect(names(second.items)).toEqual(['Zimmer']);
    expect(second.nextCursor).toBeNull();
    expect(names((await repo.list(uniA(), q({ page: 2 }))).items)).toEqual(['Clark']);
    expect(names((await repo.list(uniB(), q({ page: 2, sort: '-last_name' }))).items)).toEqual(['Xu']);
  });

  it('reads by id only inside the caller’s scope', async () => {
    expect((await repo.get(uniA(), ids.Adams!))?.last_name).toBe('Adams');
    expect(await repo.get(uniB(), ids.Adams!)).toBeNull();
    expect((await repo.get(uniB(), ids.Young!))?.last_name).toBe('Young');
    expect((await repo.get({ level: 'platform' }, ids.Young!))?.last_name).toBe('Young');
    await repo.softDelete(uniB(), ids.Xu!);
    expect(await repo.get(uniB(), ids.Xu!)).toBeNull();
    expect((await repo.get(uniB(), ids.Xu!, true))?.last_name).toBe('Xu');
  });
});

// The writes too (insert, update, the placement reads behind them): each call its own values, the
// update only inside the caller's scope, and what a template cannot stand for built as Kysely would.
describe('tenant writes compiled once per shape', () => {
  let repo: TenantResourceRepository;
  const uniA = (): Scope => ({ level: 'university', universityId: a.id });
  const uniB = (): Scope => ({ level: 'university', universityId: b.id });
  const read = (id: string) => db().selectFrom('students').select(['first_name', 'program', 'status', 'university_id']).where('id', '=', id).executeTakeFirstOrThrow();
  let one: string;
  let two: string;

  beforeAll(async () => {
    repo = new TenantResourceRepository(db(), { table: 'students', search: ['last_name'], equals: [] });
    const person = (u: typeof a, n: string) => ({ university_id: u.id, college_id: u.collegeId, department_id: u.departmentId, admission_number: `W-${n}`, first_name: n, last_name: n, program: null });
    one = await repo.insert(person(a, 'One'));
    two = await repo.insert(person(a, 'Two'));
  });

  it('inserts each row with its own values, and leaves an undefined column to its default', async () => {
    expect(await read(one)).toMatchObject({ first_name: 'One', program: null, university_id: a.id });
    expect(await read(two)).toMatchObject({ first_name: 'Two', university_id: a.id });
    const three = await repo.insert({ university_id: a.id, college_id: a.collegeId, department_id: a.departmentId, admission_number: 'W-Three', first_name: 'Three', last_name: 'Three', status: undefined });
    expect((await read(three)).status).toBe('active');
  });

  it('updates with each call’s values, only inside the caller’s scope', async () => {
    await repo.update(uniA(), one, { first_name: 'Uno', program: 'Physics' });
    await repo.update(uniA(), two, { first_name: 'Dos', program: 'Music' });
    expect(await read(one)).toMatchObject({ first_name: 'Uno', program: 'Physics' });
    expect(await read(two)).toMatchObject({ first_name: 'Dos', program: 'Music' });
    // Another tenant, same shape: the template's scope value is B's, and A's row stays.
    await repo.update(uniB(), one, { first_name: 'Hijacked', program: 'None' });
    expect(await read(one)).toMatchObject({ first_name: 'Uno', program: 'Physics' });
    await repo.update(uniA(), one, { first_name: 'Uno', program: null });
    expect((await read(one)).program).toBeNull();
    expect(repo['statements'].stats().uncacheable).toBe(0);
  });

  it('builds an update whose value is an expression afresh, as Kysely would', async () => {
    await repo.update(uniA(), two, { first_name: sql`UPPER(${'dos'})` });
    expect((await read(two)).first_name).toBe('DOS');
    await repo.update(uniA(), two, { first_name: 'Dos again' });
    expect((await read(two)).first_name).toBe('Dos again');
  });
});
