import fs from 'node:fs';
import path from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Config } from '../config.js';

// E-mail behind one interface: SMTP in production, .eml files in DATA_DIR/outbox in the embedded
// default (open them with any mail client). Both build the message with nodemailer.
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  attachments?: { filename: string; content: Buffer }[];
}

export interface Mailer {
  readonly kind: 'smtp' | 'outbox';
  send(message: MailMessage): Promise<void>;
  close(): void;
}

export function openMailer(config: Config): Mailer {
  if (config.mail.smtpUrl) {
    const transport: Transporter = nodemailer.createTransport(config.mail.smtpUrl, {
      // Invitations and password resets are sent inside the request: stay under its 10 s deadline.
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
