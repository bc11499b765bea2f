import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AbortMultipartUploadCommand, DeleteObjectCommand, GetObjectCommand, HeadBucketCommand, ListMultipartUploadsCommand, S3Client } from '@aws-sdk/client-s3';
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
  /**
   * Drops what an interrupted write of `key` left behind (a temp file, an unfinished multipart
   * upload). Call it only where no other writer of the key can be alive: a job's retry.
   */
  discardPartial(key: string): Promise<void>;
  /** Drops partial writes untouched for `olderThanMs` anywhere (a worker killed mid-write); returns how many. */
  sweepPartial(olderThanMs: number): Promise<number>;
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
    try {
      await pipeline(Buffer.isBuffer(body) ? Readable.from([body]) : body, fs.createWriteStream(tmp));
    } catch (err) {
      fs.rmSync(tmp, { force: true });
      throw err;
    }
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
  async discardPartial(key: string) {
    const file = this.file(key);
    const prefix = `${path.basename(file)}.`;
    const dir = path.dirname(file);
    if (!fs.existsSync(dir)) return;
    for (const name of fs.readdirSync(dir)) if (name.startsWith(prefix) && TEMP.test(name)) fs.rmSync(path.join(dir, name), { force: true });
  }
  async sweepPartial(olderThanMs: number) {
    if (!fs.existsSync(this.root)) return 0;
    const before = Date.now() - olderThanMs;
    let removed = 0;
    for (const entry of fs.readdirSync(this.root, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !TEMP.test(entry.name)) continue;
      const file = path.join(entry.parentPath, entry.name);
      // A live writer touches its file as it streams; one silent this long has no writer left.
      const touched = fs.statSync(file, { throwIfNoEntry: false })?.mtimeMs;
      if (touched === undefined || touched >= before) continue;
      fs.rmSync(file, { force: true });
      removed++;
    }
    return removed;
  }
}

/** `<object>.<pid>.tmp`: what LocalStorage.put writes before renaming into place. */
const TEMP = /\.\d+\.tmp$/;

export class S3Storage implements Storage {
  readonly kind = 's3' as const;
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    /** Server-side encryption asked of the store for every object written (S3_SSE). */
    private readonly sse?: { algorithm: 'AES256' | 'aws:kms'; kmsKeyId?: string },
  ) {}

  async put(key: string, body: Readable | Buffer, contentType: string) {
    let size = 0;
    const counted = Buffer.isBuffer(body) ? body : body.on('data', (c: Buffer) => (size += c.length));
    if (Buffer.isBuffer(body)) size = body.length;
    // Upload sends these on its single PutObject or on CreateMultipartUpload (the parts inherit it).
    const sse = this.sse ? { ServerSideEncryption: this.sse.algorithm, ...(this.sse.kmsKeyId ? { SSEKMSKeyId: this.sse.kmsKeyId } : {}) } : {};
    await new Upload({ client: this.client, params: { Bucket: this.bucket, Key: safeKey(key), Body: counted, ContentType: contentType, ...sse } }).done();
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
  // A streamed put is a multipart upload; a writer killed mid-way leaves its parts stored (and
  // billed) until the upload is aborted. A bucket lifecycle rule (AbortIncompleteMultipartUpload)
  // is the belt; these are the braces.
  async discardPartial(key: string) {
    await this.abortUploads((u) => u.Key === safeKey(key), safeKey(key));
  }
  async sweepPartial(olderThanMs: number) {
    const before = Date.now() - olderThanMs;
    return this.abortUploads((u) => !!u.Initiated && u.Initiated.getTime() < before);
  }
  private async abortUploads(match: (u: { Key?: string; Initiated?: Date }) => boolean, prefix?: string) {
    let removed = 0;
    let KeyMarker: string | undefined;
    let UploadIdMarker: string | undefined;
    for (;;) {
      const page = await this.client.send(new ListMultipartUploadsCommand({ Bucket: this.bucket, Prefix: prefix, KeyMarker, UploadIdMarker }));
      for (const u of page.Uploads ?? []) {
        if (!u.Key || !u.UploadId || !match(u)) continue;
        await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: u.Key, UploadId: u.UploadId }));
        removed++;
      }
      if (!page.IsTruncated) return removed;
      KeyMarker = page.NextKeyMarker;
      UploadIdMarker = page.NextUploadIdMarker;
    }
  }
}

/** Where the store is and who we are to it: shared by the request path and the backup command. */
export function s3ClientOptions(s3: NonNullable<Config['s3']>) {
  return {
    region: s3.region,
    endpoint: s3.endpoint,
    forcePathStyle: s3.forcePathStyle,
    credentials: s3.accessKeyId ? { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey ?? '' } : undefined,
    // Without these two, some S3-compatible stores receive streamed uploads corrupted (DESIGN §13).
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  } as const;
}

export function openStorage(config: Config): Storage {
  const s3 = config.s3;
  if (!s3) return new LocalStorage(path.join(config.dataDir, 'storage'));
  const client = new S3Client({
    ...s3ClientOptions(s3),
    // Connect within 3 s, and give up on a socket idle for 8 s; two attempts at most, so a dead
    // store fails a request in well under the API's 10 s deadline.
    requestHandler: { requestTimeout: 8_000, connectionTimeout: 3_000 },
    maxAttempts: 2,
  });
  return new S3Storage(client, s3.bucket, s3.sse);
}
