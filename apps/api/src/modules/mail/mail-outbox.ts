import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.js';
import type { FieldCipher } from '../../platform/crypto/field-encryption.js';
import type { MailContent } from '../../platform/mail.js';
import type { JobQueue } from '../../platform/queue.js';
import { toDbTime } from '../../db/time.js';
import { MailOutboxRepository } from './mail-outbox.repository.js';

// Every e-mail the product sends goes through here: a row in mail_outbox, then a `mail.send` job
// that delivers it with retries and backoff (modules/mail/mail.job.ts). The request that caused
// the mail only writes the row and enqueues, so a mail server that is down or slow never holds or
// fails it; after the last try the job is a dead letter (God Mode → Jobs).
//
// Why by reference: the job payload is only the row id. BullMQ keeps job data in Redis in
// plaintext for as long as the job and its dead letter live (up to 5,000 failed jobs), and an
// invitation or reset link is a bearer secret. The row holds the message encrypted with the
// field key (AES-256-GCM) and erases it once the server has accepted it.

/** A file to attach, read from object storage when the mail is sent (reports can be megabytes). */
export interface StoredAttachment {
  filename: string;
  storage_key: string;
}

export type OutgoingMail = MailContent & { attachments?: StoredAttachment[] };

/** What the encrypted `message` column holds. */
export interface StoredMail {
  text: string;
  html: string;
  attachments?: StoredAttachment[];
}

export interface MailOutbox {
  /** Records and enqueues one e-mail; resolves once it is recorded, whatever the queue's state. */
  send(mail: OutgoingMail): Promise<void>;
  /** Enqueues again what is still queued after `olderThanMs`; how many. */
  requeueStale(olderThanMs: number): Promise<number>;
}

type Log = { warn(obj: object, msg: string): void };

export class QueuedMailOutbox implements MailOutbox {
  private readonly repo: MailOutboxRepository;

  constructor(
    db: Kysely<DB>,
    private readonly queue: JobQueue,
    private readonly cipher: FieldCipher,
    private readonly retry: { attempts: number; backoffMs: number },
    private readonly log: Log = { warn: () => undefined },
  ) {
    this.repo = new MailOutboxRepository(db);
  }

  async send(mail: OutgoingMail) {
    const stored: StoredMail = { text: mail.text, html: mail.html, attachments: mail.attachments };
    const id = await this.repo.create({ to: mail.to, subject: mail.subject.slice(0, 300), message: this.cipher.encrypt(JSON.stringify(stored))! });
    await this.enqueue(id);
  }

  /** A failed enqueue (Redis down) leaves the row queued; `requeueStale` picks it up later. */
  async enqueue(id: string) {
    await this.queue
      .enqueue('mail.send', { mail_id: id }, { jobId: `mail-${id}`, attempts: this.retry.attempts, backoffMs: this.retry.backoffMs })
      .catch((err: unknown) => this.log.warn({ err, mail_id: id }, 'mail queued in the outbox; the job queue was unavailable'));
  }

  /**
   * Enqueues again the mail still queued after `olderThanMs` (the scheduler's tick). The job id
   * is the row's, so a job still waiting or retrying is not doubled, and a sent row is skipped by
   * the job itself.
   */
  async requeueStale(olderThanMs: number, now = Date.now()) {
    const ids = await this.repo.stale(toDbTime(new Date(now - olderThanMs)));
    for (const id of ids) await this.enqueue(id);
    return ids.length;
  }
}
