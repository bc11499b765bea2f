import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { nowDb } from '../../src/db/time.js';
import type { DB } from '../../src/db/types.js';
import { hashPassword } from '../../src/platform/crypto/password.js';
import { rowsWhere, withCounts } from '../../src/modules/dashboard/dashboard-counts.js';

// Small factories for integration tests: rows straight into the database, then HTTP for the rest.

export const PASSWORD = 'Correct-Horse-Battery-9';
let cachedHash: Promise<string> | undefined;
const passwordHash = () => (cachedHash ??= hashPassword(PASSWORD));
const stamp = () => ({ created_at: nowDb(), updated_at: nowDb() });
let n = 0;

export async function createUniversity(db: Kysely<DB>, over: Partial<{ name: string; code: string; status: string }> = {}) {
  const id = uuidv7();
  n++;
  await db.insertInto('universities').values({ id, name: over.name ?? `University ${n}`, code: over.code ?? `U${n}${id.slice(-4)}`, status: over.status ?? 'active', ...stamp() }).execute();
  const collegeId = uuidv7();
  const departmentId = uuidv7();
  // Counted on the dashboard as the repositories would (dashboard_counts).
  await withCounts(db, [rowsWhere('colleges', 'id', collegeId), rowsWhere('departments', 'id', departmentId)], async (trx) => {
    await trx.insertInto('colleges').values({ id: collegeId, university_id: id, name: `College ${n}`, code: `C${n}`, ...stamp() }).execute();
    await trx.insertInto('departments').values({ id: departmentId, university_id: id, college_id: collegeId, name: `Dept ${n}`, code: `D${n}`, ...stamp() }).execute();
  }, { before: false });
  return { id, collegeId, departmentId };
}

export async function createUser(
  db: Kysely<DB>,
  opts: { role: string; universityId?: string | null; collegeId?: string | null; email?: string; name?: string; status?: string },
) {
  const id = uuidv7();
  n++;
  const email = (opts.email ?? `${opts.role}.${n}.${id.slice(-6)}@example.test`).toLowerCase();
  await db
    .insertInto('users')
    .values({ id, name: opts.name ?? `${opts.role} ${n}`, email, password_hash: await passwordHash(), university_id: opts.universityId ?? null, college_id: opts.collegeId ?? null, status: opts.status ?? 'active', ...stamp() })
    .execute();
  const role = await db.selectFrom('roles').select('id').where('name', '=', opts.role).where('owner_key', '=', '').executeTakeFirstOrThrow();
  await db.insertInto('user_roles').values({ user_id: id, role_id: role.id, created_at: nowDb() }).execute();
  return { id, email };
}

export async function login(app: FastifyInstance, email: string, password = PASSWORD, ip = '10.0.0.1') {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, remoteAddress: ip });
  if (res.statusCode !== 200 || !res.json().data.access_token) throw new Error(`login ${email} → ${res.statusCode} ${res.body}`);
  return res.json().data as { access_token: string; refresh_token: string; user: { id: string } };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** A signed-in user of a role, in a university (and college for college roles). */
export async function signInAs(app: FastifyInstance, db: Kysely<DB>, role: string, uni?: { id: string; collegeId: string }) {
  const user = await createUser(db, { role, universityId: role === 'bitflow_owner' ? null : uni?.id, collegeId: role === 'college_admin' ? uni?.collegeId : null });
  const tokens = await login(app, user.email);
  return { ...user, ...tokens, headers: bearer(tokens.access_token) };
}
