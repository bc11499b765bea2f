import type { Readable } from 'node:stream';
import type { FieldCipher } from '../../platform/crypto/field-encryption.js';
import type { Mailer } from '../../platform/mail.js';
import type { Storage } from '../../platform/storage.js';
import type { StoredMail } from './mail-outbox.js';
import type { MailOutboxRepository } from './mail-outbox.repository.js';

export interface MailJobDeps {
  repo: MailOutboxRepository;
  /** Read at each send, not bound once: the transport can be swapped (tests) or reopened. */
  mailer: () => Mailer;
  cipher: FieldCipher;
  storage: Storage;
  log?: { error(obj: object, msg: string): void };
}

/**
 * Delivers one outbox row. Exactly once as far as we can tell: a row already `sent` is skipped (a
 * retry, a re-enqueue by the sweeper, a duplicate job), and once the server has accepted the
 * message nothing can make this try fail — recording it is retried here instead of throwing, as a
 * thrown error would make the queue send it again.
 */
export async function deliverMail(deps: MailJobDeps, mailId: string, attempt: number, maxAttempts: number) {
  const row = await deps.repo.byId(mailId);
  if (!row || row.status !== 'queued' || !row.message) return;
  const stored = JSON.parse(deps.cipher.decrypt(row.message)!) as StoredMail;
  try {
    const attachments: { filename: string; content: Readable }[] = [];
    for (const a of stored.attachments ?? []) attachments.push({ filename: a.filename, content: await deps.storage.get(a.storage_key) });
    await deps.mailer().send({
      to: row.to_address, subject: row.subject, text: stored.text, html: stored.html,
      attachments: attachments.length ? attachments : undefined, messageId: `<${row.id}@bitflow.mail>`,
    });
  } catch (err) {
    await deps.repo.tried(mailId, err instanceof Error ? err.message : String(err), attempt >= maxAttempts).catch(() => undefined);
    throw err;
  }
  for (let i = 0; ; i++) {
    try {
      await deps.repo.sent(mailId);
      return;
    } catch (err) {
      if (i >= 4) {
        // Sent, but not recorded: a later try would send it again, which is worse than a stale row.
        deps.log?.error({ err, mail_id: mailId }, 'mail was sent but could not be marked sent');
        return;
      }
      await new Promise((r) => setTimeout(r, 250 * 2 ** i));
    }
  }
}
