import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import S3rver from 's3rver';
import { loadConfig } from '../../src/config.js';
import { openMailer } from '../../src/platform/mail.js';
import { MemoryQueue } from '../../src/platform/queue.js';
import { openStorage } from '../../src/platform/storage.js';

// The production adapters against real servers on 127.0.0.1: an S3-compatible store (s3rver) and
// an SMTP server (smtp-server), both in the test process.
let s3: S3rver;
let s3Port: number;
let smtp: SMTPServer;
let smtpPort: number;
const received: string[] = [];
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bf-s3-'));

beforeAll(async () => {
  s3 = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: dir, configureBuckets: [{ name: 'bitflow-test' }] });
  const addr = (await s3.run()) as { port: number };
  s3Port = addr.port;
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, _session, cb) {
      let raw = '';
      stream.on('data', (c: Buffer) => (raw += c.toString()));
      stream.on('end', () => {
        received.push(raw);
        cb();
      });
    },
  });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
  smtpPort = (smtp.server.address() as { port: number }).port;
});
afterAll(async () => {
  await s3.close();
  await new Promise<void>((r) => smtp.close(() => r()));
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('S3 storage adapter', () => {
  it('streams a multi-megabyte object in and out byte for byte', async () => {
    const config = loadConfig({ S3_BUCKET: 'bitflow-test', S3_ENDPOINT: `http://127.0.0.1:${s3Port}`, S3_ACCESS_KEY_ID: 'S3RVER', S3_SECRET_ACCESS_KEY: 'S3RVER', DATA_DIR: dir });
    const storage = openStorage(config);
    expect(storage.kind).toBe('s3');
    await storage.ping();
    const data = randomBytes(6 * 1024 * 1024 + 123);
    const { size } = await storage.put('reports/u1/file.bin', Readable.from([data.subarray(0, 3_000_000), data.subarray(3_000_000)]), 'application/octet-stream');
    expect(size).toBe(data.length);
    const chunks: Buffer[] = [];
    for await (const c of await storage.get('reports/u1/file.bin')) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).equals(data)).toBe(true);
    await storage.delete('reports/u1/file.bin');
    await expect(storage.get('reports/u1/file.bin')).rejects.toThrow();
    await expect(storage.put('../escape', Buffer.from('x'), 'text/plain')).rejects.toThrow(/Unsafe/);
  });
});

describe('SMTP mailer', () => {
  it('delivers text and HTML parts to a real SMTP server', async () => {
    const mailer = openMailer(loadConfig({ SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, DATA_DIR: dir }));
    expect(mailer.kind).toBe('smtp');
    await mailer.send({ to: 'someone@example.test', subject: 'Hello there', text: 'plain body', html: '<p>html body</p>' });
    mailer.close();
    expect(received).toHaveLength(1);
    expect(received[0]).toContain('Subject: Hello there');
    expect(received[0]).toContain('plain body');
    expect(received[0]).toContain('<p>html body</p>');
  });
});

const idle = {
  'report.generate': async () => undefined, 'import.process': async () => undefined, 'tenant.export': async () => undefined,
  'notification.fanout': async () => undefined, 'mail.send': async () => undefined,
};

describe('in-process queue', () => {
  it('retries with backoff and keeps a job that failed every attempt as a dead letter', async () => {
    const q = new MemoryQueue();
    let calls = 0;
    q.startWorker({ ...idle, 'report.generate': async () => { calls++; throw new Error('boom'); } });
    await q.enqueue('report.generate', { report_id: '01a20cfe-308a-712a-8eea-392c098b21b4' });
    for (let i = 0; i < 100 && (await q.failed()).length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(calls).toBe(3);
    expect((await q.failed())[0]).toMatchObject({ name: 'report.generate', error: 'boom', attempts: 3 });
    await q.close();
  });

  it('takes attempts and backoff per job, and runs a job id that is still live only once', async () => {
    const q = new MemoryQueue();
    const at: number[] = [];
    q.startWorker({ ...idle, 'mail.send': async () => { at.push(Date.now()); throw new Error('smtp down'); } });
    const id = '01a20cfe-308a-712a-8eea-392c098b21b5';
    await q.enqueue('mail.send', { mail_id: id }, { jobId: `mail-${id}`, attempts: 5, backoffMs: 20 });
    // Enqueued again while waiting or retrying: dropped, as BullMQ drops a duplicate job id.
    await q.enqueue('mail.send', { mail_id: id }, { jobId: `mail-${id}`, attempts: 5, backoffMs: 20 });
    for (let i = 0; i < 100 && (await q.failed()).length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(at).toHaveLength(5);
    expect((await q.failed())).toHaveLength(1);
    expect((await q.failed())[0]).toMatchObject({ id: `mail-${id}`, name: 'mail.send', attempts: 5 });
    // Backoff doubles: 20, 40, 80, 160 ms between the tries.
    const gaps = at.slice(1).map((t, i) => t - at[i]!);
    gaps.forEach((g, i) => expect(g).toBeGreaterThanOrEqual(20 * 2 ** i - 5));
    await q.close();
  });
});
