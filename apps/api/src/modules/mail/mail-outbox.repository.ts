import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { nowDb } from '../../db/time.js';
import type { DB } from '../../db/types.js';

// The mail_outbox rows: one per e-mail, from queued to sent (or failed after its last try).
export class MailOutboxRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async create(m: { to: string; subject: string; message: string }) {
    const id = uuidv7();
    await this.db.insertInto('mail_outbox').values({ id, to_address: m.to, subject: m.subject, message: m.message, status: 'queued', created_at: nowDb() }).execute();
    return id;
  }

  byId(id: string) {
    return this.db.selectFrom('mail_outbox').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async tried(id: string, error: string, last: boolean) {
    await this.db
      .updateTable('mail_outbox')
      .set((eb) => ({ attempts: eb('attempts', '+', 1), error: error.slice(0, 1000), ...(last ? { status: 'failed' } : {}) }))
      .where('id', '=', id)
      .where('status', '=', 'queued')
      .execute();
  }

  /** Accepted by the mail server: the secret-bearing message is erased, and a retry sends nothing. */
  async sent(id: string) {
    await this.db
      .updateTable('mail_outbox')
      .set((eb) => ({ status: 'sent', message: null, error: null, sent_at: nowDb(), attempts: eb('attempts', '+', 1) }))
      .where('id', '=', id)
      .execute();
  }

  /** Queued rows older than `before` (their enqueue may have failed while Redis was down). */
  async stale(before: string, limit = 200) {
    return (await this.db.selectFrom('mail_outbox').select('id').where('status', '=', 'queued').where('created_at', '<', before).orderBy('created_at').limit(limit).execute()).map((r) => r.id);
  }
}
