import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { hashPassword } from '../../platform/crypto/password.js';
import { nowDb } from '../time.js';
import type { DB } from '../types.js';

/** Creates a platform owner (bitflow_owner) unless that e-mail already exists. Returns true if created. */
export async function ensurePlatformOwner(db: Kysely<DB>, email: string, password: string, name = 'Platform Owner') {
  const normalized = email.trim().toLowerCase();
  const existing = await db.selectFrom('users').select('id').where('email', '=', normalized).where('deleted_at', 'is', null).executeTakeFirst();
  if (existing) return false;
  const role = await db.selectFrom('roles').select('id').where('owner_key', '=', '').where('name', '=', 'bitflow_owner').executeTakeFirstOrThrow();
  const id = uuidv7();
  const now = nowDb();
  const password_hash = await hashPassword(password);
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('users')
      .values({ id, name, email: normalized, password_hash, university_id: null, college_id: null, status: 'active', password_changed_at: now, created_at: now, updated_at: now })
      .execute();
    await trx.insertInto('user_roles').values({ user_id: id, role_id: role.id, created_at: now }).execute();
  });
  return true;
}
