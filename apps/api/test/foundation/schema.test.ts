import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../src/db/migrate.js';
import { seedDemo } from '../../src/db/seed/demo.js';
import { nowDb } from '../../src/db/time.js';
import { backend, createTestContext, type TestContext } from '../helpers/context.js';

let ctx: TestContext;
const db = () => ctx.platform.database.db;
const stamp = () => ({ created_at: nowDb(), updated_at: nowDb() });

async function tree() {
  const u = uuidv7(), c = uuidv7(), d = uuidv7();
  await db().insertInto('universities').values({ id: u, name: `U ${u}`, code: u.slice(-8), ...stamp() }).execute();
  await db().insertInto('colleges').values({ id: c, university_id: u, name: 'C', code: 'C1', ...stamp() }).execute();
  await db().insertInto('departments').values({ id: d, university_id: u, college_id: c, name: 'D', code: 'D1', ...stamp() }).execute();
  return { u, c, d };
}
const student = (t: { u: string; c: string; d: string }, admission: string) => ({
  id: uuidv7(), university_id: t.u, college_id: t.c, department_id: t.d, admission_number: admission, first_name: 'A', last_name: 'B', ...stamp(),
});

beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

describe(`data model on ${backend}`, () => {
  it('creates every table the seed names, and migrating again is a no-op', async () => {
    const tables = (await db().introspection.getTables()).map((t) => t.name);
    for (const t of ['universities', 'colleges', 'departments', 'courses', 'students', 'faculty', 'enrollments', 'users', 'roles', 'permissions', 'user_roles', 'role_permissions', 'sessions', 'refresh_tokens', 'notifications', 'reports', 'scheduled_reports', 'audit_logs', 'imports', 'files', 'idempotency_keys']) {
      expect(tables).toContain(t);
    }
    expect(await migrateToLatest(db())).toEqual([]);
  });

  it('keeps admission numbers unique per university among live rows only', async () => {
    const a = await tree();
    const b = await tree();
    const first = student(a, 'ADM-1');
    await db().insertInto('students').values(first).execute();
    // Same number in another university is fine.
    await db().insertInto('students').values(student(b, 'ADM-1')).execute();
    // Two live rows in one university: never.
    await expect(db().insertInto('students').values(student(a, 'ADM-1')).execute()).rejects.toThrow();
    // A soft-deleted row frees its number…
    await db().updateTable('students').set({ deleted_at: nowDb() }).where('id', '=', first.id).execute();
    const second = student(a, 'ADM-1');
    await db().insertInto('students').values(second).execute();
    // …and restoring it while the number is taken again is refused by the database.
    await expect(db().updateTable('students').set({ deleted_at: null }).where('id', '=', first.id).execute()).rejects.toThrow();
    // Several deleted rows may share a number.
    await db().updateTable('students').set({ deleted_at: nowDb() }).where('id', '=', second.id).execute();
    const live = await db().selectFrom('students').select(sql<number>`count(*)`.as('n')).where('university_id', '=', a.u).where('admission_number', '=', 'ADM-1').executeTakeFirstOrThrow();
    expect(Number(live.n)).toBe(2);
  });

  it('keeps employee ids unique per university among live rows', async () => {
    const a = await tree();
    const f = { id: uuidv7(), university_id: a.u, college_id: a.c, department_id: a.d, employee_id: 'E-1', first_name: 'F', last_name: 'G', ...stamp() };
    await db().insertInto('faculty').values(f).execute();
    await expect(db().insertInto('faculty').values({ ...f, id: uuidv7() }).execute()).rejects.toThrow();
    await db().updateTable('faculty').set({ deleted_at: nowDb() }).where('id', '=', f.id).execute();
    await db().insertInto('faculty').values({ ...f, id: uuidv7() }).execute();
  });

  it('keeps user e-mail unique across the platform among live users', async () => {
    const a = await tree();
    const b = await tree();
    const user = (u: string) => ({ id: uuidv7(), university_id: u, name: 'N', email: 'same@example.com', ...stamp() });
    const first = user(a.u);
    await db().insertInto('users').values(first).execute();
    await expect(db().insertInto('users').values(user(b.u)).execute()).rejects.toThrow();
    await db().updateTable('users').set({ deleted_at: nowDb() }).where('id', '=', first.id).execute();
    await db().insertInto('users').values(user(b.u)).execute();
  });

  it('enforces foreign keys and cascades a university delete to its tree', async () => {
    const a = await tree();
    await expect(db().insertInto('students').values(student({ ...a, d: uuidv7() }, 'X')).execute()).rejects.toThrow();
    await db().insertInto('students').values(student(a, 'ADM-9')).execute();
    await db().deleteFrom('universities').where('id', '=', a.u).execute();
    for (const t of ['colleges', 'departments', 'students'] as const) {
      const r = await db().selectFrom(t).select('id').where('university_id', '=', a.u).execute();
      expect(r, t).toHaveLength(0);
    }
  });

  it('refuses to update or delete audit rows', async () => {
    const row = { id: uuidv7(), chain_key: 'platform', seq: 1, action: 'test', created_at: nowDb(), prev_hash: '0'.repeat(64), hash: '1'.repeat(64) };
    await db().insertInto('audit_logs').values(row).execute();
    await expect(db().updateTable('audit_logs').set({ action: 'x' }).where('id', '=', row.id).execute()).rejects.toThrow(/append-only/);
    await expect(db().deleteFrom('audit_logs').where('id', '=', row.id).execute()).rejects.toThrow(/append-only/);
  });

  it('syncs the permission catalogue and built-in roles', async () => {
    const roles = await db().selectFrom('roles').select('name').where('is_system', '=', 1).execute();
    expect(roles.map((r) => r.name).sort()).toEqual(['bitflow_owner', 'college_admin', 'registrar', 'university_owner', 'viewer']);
    const perms = await db().selectFrom('permissions').select('name').execute();
    expect(perms.map((p) => p.name)).toContain('god_mode.access');
  });

  it('seeds a deterministic demo with encrypted personal data', async () => {
    const accounts = await seedDemo(db(), ctx.platform.cipher);
    expect(accounts.map((a) => a.email)).toContain('owner@bitflow.demo');
    const count = async (t: 'universities' | 'students' | 'enrollments') =>
      Number((await db().selectFrom(t).select(sql<number>`count(*)`.as('n')).where('deleted_at', 'is', null).executeTakeFirstOrThrow()).n);
    expect(await count('students')).toBeGreaterThanOrEqual(320);
    expect(await count('enrollments')).toBeGreaterThan(600);
    const s = await db().selectFrom('students').select(['phone_enc', 'admission_number']).where('admission_number', '=', 'NBU-2026-0001').executeTakeFirstOrThrow();
    expect(s.phone_enc).not.toContain('555');
    expect(ctx.platform.cipher.decrypt(s.phone_enc)).toBe('+1 555 2001');
  });
});
