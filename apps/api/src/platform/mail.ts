import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Config } from '../config.js';

// E-mail behind one interface: SMTP in production, .eml files in DATA_DIR/outbox in the embedded
// default (open them with any mail client). Both build the message with nodemailer.
// Product code does not call a Mailer: it hands mail to the outbox (modules/mail/mail-outbox.ts),
// whose `mail.send` job calls this with retries, so a mail server being down delays mail only.
/** What every template builds (platform/mail-templates.ts). */
export interface MailContent {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface MailMessage extends MailContent {
  attachments?: { filename: string; content: Buffer | Readable }[];
  /** A stable Message-ID (the outbox row's): a receiver can tell a resend of the same mail. */
  messageId?: string;
}

export interface Mailer {
  readonly kind: 'smtp' | 'outbox';
  send(message: MailMessage): Promise<void>;
  close(): void;
}

export function openMailer(config: Config): Mailer {
  if (config.mail.smtpUrl) {
    const transport: Transporter = nodemailer.createTransport(config.mail.smtpUrl, {
      // Sent from a job: a hung server fails the try (and the job retries) rather than holding a worker.
      connectionTimeout: 5_000,
      greetingTimeout: 5_000,
      socketTimeout: 8_000,
    });
    return {
      kind: 'smtp',
      async send(m) {
        await transport.sendMail({ from: config.mail.from, ...m });
      },
      close: () => transport.close(),
    };
  }
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    kind: 'outbox',
    async send(m) {
      const info = await transport.sendMail({ from: config.mail.from, ...m });
      fs.mkdirSync(config.mail.outboxDir, { recursive: true });
      const safeTo = m.to.replace(/[^\w.@-]/g, '_');
      const file = path.join(config.mail.outboxDir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${safeTo}.eml`);
      fs.writeFileSync(file, info.message as Buffer);
    },
    close: () => transport.close(),
  };
}
