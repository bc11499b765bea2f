import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DeleteObjectCommand, GetObjectCommand, HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { Config } from '../config.js';

// Object storage behind one interface: any S3-compatible store in production, a folder under
// DATA_DIR in the embedded default. Both stream in and out, so large files never sit in memory.
export interface Storage {
  readonly kind: 'local' | 's3';
  put(key: string, body: Readable | Buffer, contentType: string): Promise<{ size: number }>;
  get(key: string): Promise<Readable>;
  delete(key: string): Promise<void>;
  ping(): Promise<void>;
}

/** Keys are built by our code, but never let one escape the storage root. */
function safeKey(key: string) {
  if (!/^[\w./-]+$/.test(key) || key.split('/').some((p) => p === '..' || p === '')) throw new Error(`Unsafe storage key: ${key}`);
  return key;
}

export class LocalStorage implements Storage {
  readonly kind = 'local' as const;
  constructor(private readonly root: string) {}

  private file(key: string) {
    return path.join(this.root, safeKey(key));
  }
  async put(key: string, body: Readable | Buffer, _contentType: string) {
    const file = this.file(key);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    await pipeline(Buffer.isBuffer(body) ? Readable.from([body]) : body, fs.createWriteStream(tmp));
    fs.renameSync(tmp, file); // readers never see a half-written object
    return { size: fs.statSync(file).size };
  }
  async get(key: string) {
    const file = this.file(key);
    if (!fs.existsSync(file)) throw Object.assign(new Error('Not found'), { code: 'NoSuchKey' });
    return fs.createReadStream(file);
  }
  async delete(key: string) {
    fs.rmSync(this.file(key), { force: true });
  }
  async ping() {
    fs.mkdirSync(this.root, { recursive: true });
    fs.accessSync(this.root, fs.constants.W_OK);
  }
}

export class S3Storage implements Storage {
  readonly kind = 's3' as const;
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  async put(key: string, body: Readable | Buffer, contentType: string) {
    let size = 0;
    const counted = Buffer.isBuffer(body) ? body : body.on('data', (c: Buffer) => (size += c.length));
    if (Buffer.isBuffer(body)) size = body.length;
    await new Upload({ client: this.client, params: { Bucket: this.bucket, Key: safeKey(key), Body: counted, ContentType: contentType } }).done();
    return { size };
  }
  async get(key: string) {
    const res = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: safeKey(key) }));
    return res.Body as Readable;
  }
  async delete(key: string) {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: safeKey(key) }));
  }
  async ping() {
    await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
  }
}

export function openStorage(config: Config): Storage {
  const s3 = config.s3;
  if (!s3) return new LocalStorage(path.join(config.dataDir, 'storage'));
  const client = new S3Client({
    region: s3.region,
    endpoint: s3.endpoint,
    forcePathStyle: s3.forcePathStyle,
    credentials: s3.accessKeyId ? { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey ?? '' } : undefined,
    // Without these two, some S3-compatible stores receive streamed uploads corrupted (DESIGN §13).
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    // Connect within 3 s, and give up on a socket idle for 8 s; two attempts at most, so a dead
    // store fails a request in well under the API's 10 s deadline.
    requestHandler: { requestTimeout: 8_000, connectionTimeout: 3_000 },
    maxAttempts: 2,
  });
  return new S3Storage(client, s3.bucket);
}
