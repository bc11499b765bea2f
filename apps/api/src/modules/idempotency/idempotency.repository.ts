import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { isUniqueViolation } from '../../db/errors.js';
import { nowDb, toDbTime } from '../../db/time.js';
import type { DB } from '../../db/types.js';

export type Claim = { kind: 'new'; id: string } | { kind: 'existing'; row: DB['idempotency_keys'] };

// Keys are per user; the unique (user_id, idem_key) index makes "first request wins" atomic.
export class IdempotencyRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async claim(userId: string, key: string, method: string, path: string, requestHash: string): Promise<Claim> {
    // Keys live 24 hours, as in Stripe's API.
    await this.db.deleteFrom('idempotency_keys').where('user_id', '=', userId).where('idem_key', '=', key).where('created_at', '<', toDbTime(new Date(Date.now() - 86_400_000))).execute();
    const id = uuidv7();
    try {
      await this.db.insertInto('idempotency_keys').values({ id, user_id: userId, idem_key: key, method, path, request_hash: requestHash, created_at: nowDb() }).execute();
      return { kind: 'new', id };
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      const row = await this.db.selectFrom('idempotency_keys').selectAll().where('user_id', '=', userId).where('idem_key', '=', key).executeTakeFirstOrThrow();
      return { kind: 'existing', row };
    }
  }

  async complete(id: string, status: number, body: string) {
    await this.db.updateTable('idempotency_keys').set({ status_code: status, response_body: body }).where('id', '=', id).execute();
  }

  async release(id: string) {
    await this.db.deleteFrom('idempotency_keys').where('id', '=', id).execute();
  }
}
