import path from 'node:path';
import { z } from 'zod';
import { defaultCryptoConcurrency } from './platform/crypto/crypto-lanes.js';

// Environment parsed once into a typed config. Empty strings count as missing, so `FOO=` in an
// .env file falls back to the default instead of becoming a bad value.

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const url = (protocols: string[]) =>
  z.string().refine((v) => {
    try {
      return protocols.includes(new URL(v).protocol);
    } catch {
      return false;
    }
  }, `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`);

export const ZEnv = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: url(['mysql:']).optional(),
  DATABASE_READ_URL: url(['mysql:']).optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(10),
  // Per-query deadline on MySQL (0 = none, e.g. for a long migration run by hand).
  DATABASE_QUERY_TIMEOUT_MS: z.coerce.number().int().min(0).max(3_600_000).default(8_000),
  REDIS_URL: url(['redis:', 'rediss:']).optional(),
  REDIS_PREFIX: z.string().regex(/^[\w:.-]{1,50}$/, 'must be 1-50 letters, digits, ":", "." or "-"').default('bf:'),
  CORS_ORIGINS: z.string().default('http://localhost:3000'),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(1_048_576),
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(500).max(300_000).default(10_000),
  TRUST_PROXY: bool.default(false),
  BITFLOW_DEMO: bool.optional(),
  BITFLOW_OWNER_EMAIL: z.email().optional(),
  BITFLOW_OWNER_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  MIGRATE_ON_START: bool.default(true),
  WORKER_IN_PROCESS: bool.optional(),
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(2),
  // How long a worker's claim on a job lasts; a crashed worker's job is retried after about this.
  WORKER_LOCK_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
  JWT_KEYS_DIR: z.string().optional(),
  JWT_ACTIVE_KID: z.string().regex(/^[\w-]{1,64}$/, 'must be the file name (without .pem) of a key in JWT_KEYS_DIR').optional(),
  JWT_ISSUER: z.string().default('bitflow-owner-portal'),
  JWT_AUDIENCE: z.string().default('bitflow-api'),
  // argon2 hash/verify and RSA signing jobs at once (platform/crypto/crypto-lanes.ts); the rest queue.
  CRYPTO_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(defaultCryptoConcurrency()),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(3600).default(900),
  REFRESH_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(90).default(30),
  MFA_REQUIRED_FOR_OWNERS: bool.optional(),
  // Longest a God Mode impersonation lives, whatever the operator asks for (seconds; refresh cannot extend it).
  IMPERSONATION_MAX_SECONDS: z.coerce.number().int().min(1).max(14_400).default(3600),
  PUBLIC_URL: url(['http:', 'https:']).optional(),
  // Scheduled reports may be e-mailed to addresses outside the university (not its users or domain).
  REPORT_EXTERNAL_RECIPIENTS: bool.default(false),
  SMTP_URL: url(['smtp:', 'smtps:']).optional(),
  S3_BUCKET: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be a valid bucket name').optional(),
  S3_ENDPOINT: url(['http:', 'https:']).optional(),
  S3_REGION: z.string().default('us-east-1'),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  S3_FORCE_PATH_STYLE: bool.default(true),
  // Server-side encryption of every object written (S3's SSE-S3 or SSE-KMS); unset = the bucket's default.
  S3_SSE: z.enum(['AES256', 'aws:kms'], { error: 'must be AES256 or aws:kms' }).optional(),
  S3_SSE_KMS_KEY_ID: z.string().regex(/^[\w:/+=,.@-]{1,2048}$/, 'must be a KMS key id, alias or ARN').optional(),
  MAIL_FROM: z.string().default('Bitflow Owner Portal <no-reply@bitflow.local>'),
  // Each e-mail is a `mail.send` job: tries, and the first retry's delay (doubled each time). The
  // defaults wait 2+4+8+16+32 s ≈ 1 min of SMTP outage before the mail becomes a dead letter.
  MAIL_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(6),
  MAIL_BACKOFF_MS: z.coerce.number().int().min(10).max(600_000).default(2_000),
  // "id:base64key[,id:base64key…]" — 32-byte AES keys; the first is used for new writes.
  ENCRYPTION_KEYS: z
    .string()
    .regex(/^[\w-]+:[A-Za-z0-9+/=_-]{43,44}(,[\w-]+:[A-Za-z0-9+/=_-]{43,44})*$/, 'must be "id:base64-32-byte-key[,…]"')
    .optional(),
});

export type Env = z.infer<typeof ZEnv>;

export interface Config {
  env: Env['NODE_ENV'];
  port: number;
  host: string;
  logLevel: Env['LOG_LEVEL'];
  dataDir: string;
  /** 'embedded' = SQLite + in-memory adapters; 'production' = MySQL/MariaDB + Redis. */
  mode: 'embedded' | 'production';
  database: { url?: string; readUrl?: string; poolSize: number; queryTimeoutMs: number; sqlitePath: string };
  redisUrl?: string;
  redisPrefix: string;
  corsOrigins: string[];
  bodyLimit: number;
  /** Longest a request waits for its answer before a 503 (http/request-deadline.ts). */
  requestTimeoutMs: number;
  trustProxy: boolean;
  demo: boolean;
  owner?: { email: string; password: string };
  migrateOnStart: boolean;
  /** Run job processors inside the API process (the embedded default) instead of `npm run worker`. */
  workerInProcess: boolean;
  workerConcurrency: number;
  workerLockMs: number;
  metricsToken?: string;
  jwt: {
    keysDir: string;
    activeKid?: string;
    issuer: string;
    audience: string;
    accessTtlSeconds: number;
    refreshTtlDays: number;
    /** CRYPTO_CONCURRENCY: applied by the token service (auth/jwt.ts), which is built from this section. */
    cryptoConcurrency?: number;
  };
  mfaRequiredForOwners: boolean;
  impersonationMaxSeconds: number;
  publicUrl: string;
  /** REPORT_EXTERNAL_RECIPIENTS: scheduled reports may go to addresses outside the university. */
  reportExternalRecipients: boolean;
  mail: { smtpUrl?: string; from: string; outboxDir: string; attempts: number; backoffMs: number };
  /** S3-compatible object storage; undefined = local folder DATA_DIR/storage. */
  s3?: {
    bucket: string; endpoint?: string; region: string; accessKeyId?: string; secretAccessKey?: string; forcePathStyle: boolean;
    /** S3_SSE / S3_SSE_KMS_KEY_ID: sent with every PutObject and multipart upload. */
    sse?: { algorithm: 'AES256' | 'aws:kms'; kmsKeyId?: string };
  };
  /** Field-encryption keys by id; undefined in the embedded mode means "generate under DATA_DIR". */
  encryptionKeys?: { activeId: string; keys: Map<string, Buffer> };
}

export class ConfigError extends Error {}

export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  const cleaned = Object.fromEntries(
    Object.entries(source).filter(([k, v]) => k in ZEnv.shape && v !== undefined && v.trim() !== ''),
  );
  const parsed = ZEnv.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`Invalid configuration: ${String(issue.path[0])} ${issue.message}`);
  }
  const e = parsed.data;
  if ((e.BITFLOW_OWNER_EMAIL === undefined) !== (e.BITFLOW_OWNER_PASSWORD === undefined)) {
    throw new ConfigError('Invalid configuration: BITFLOW_OWNER_EMAIL and BITFLOW_OWNER_PASSWORD must be set together');
  }
  const dataDir = path.resolve(e.DATA_DIR);
  const mode = e.DATABASE_URL ? 'production' : 'embedded';
  if (mode === 'production' && !e.ENCRYPTION_KEYS) {
    throw new ConfigError('Invalid configuration: ENCRYPTION_KEYS is required when DATABASE_URL is set');
  }
  const encryptionKeys = e.ENCRYPTION_KEYS ? parseKeys(e.ENCRYPTION_KEYS) : undefined;
  if (e.S3_SSE && !e.S3_BUCKET) throw new ConfigError('Invalid configuration: S3_SSE needs S3_BUCKET (without a bucket, files go to DATA_DIR/storage)');
  if (e.S3_SSE_KMS_KEY_ID && e.S3_SSE !== 'aws:kms') throw new ConfigError('Invalid configuration: S3_SSE_KMS_KEY_ID needs S3_SSE=aws:kms');
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    logLevel: e.LOG_LEVEL,
    dataDir,
    mode,
    database: {
      url: e.DATABASE_URL,
      readUrl: e.DATABASE_READ_URL,
      poolSize: e.DATABASE_POOL_SIZE,
      queryTimeoutMs: e.DATABASE_QUERY_TIMEOUT_MS,
      sqlitePath: path.join(dataDir, 'bitflow.sqlite'),
    },
    redisUrl: e.REDIS_URL,
    redisPrefix: e.REDIS_PREFIX,
    corsOrigins: e.CORS_ORIGINS.split(',').map((s) => s.trim()).filter(Boolean),
    bodyLimit: e.BODY_LIMIT_BYTES,
    requestTimeoutMs: e.REQUEST_TIMEOUT_MS,
    trustProxy: e.TRUST_PROXY,
    // The demo is on by default only in the embedded mode, so a production database starts empty.
    demo: e.BITFLOW_DEMO ?? mode === 'embedded',
    owner: e.BITFLOW_OWNER_EMAIL ? { email: e.BITFLOW_OWNER_EMAIL, password: e.BITFLOW_OWNER_PASSWORD! } : undefined,
    migrateOnStart: e.MIGRATE_ON_START,
    workerInProcess: e.WORKER_IN_PROCESS ?? mode === 'embedded',
    workerConcurrency: e.WORKER_CONCURRENCY,
    workerLockMs: e.WORKER_LOCK_MS,
    metricsToken: e.METRICS_TOKEN,
    encryptionKeys,
    jwt: {
      // Embedded: generated on first start. Production: mount the same PEM files on every node.
      keysDir: path.resolve(e.JWT_KEYS_DIR ?? path.join(dataDir, 'keys', 'jwt')),
      activeKid: e.JWT_ACTIVE_KID,
      issuer: e.JWT_ISSUER,
      audience: e.JWT_AUDIENCE,
      accessTtlSeconds: e.ACCESS_TOKEN_TTL_SECONDS,
      refreshTtlDays: e.REFRESH_TOKEN_TTL_DAYS,
      cryptoConcurrency: e.CRYPTO_CONCURRENCY,
    },
    // On by default in production; off in the embedded default so a newcomer can sign in at once.
    mfaRequiredForOwners: e.MFA_REQUIRED_FOR_OWNERS ?? mode === 'production',
    impersonationMaxSeconds: e.IMPERSONATION_MAX_SECONDS,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    reportExternalRecipients: e.REPORT_EXTERNAL_RECIPIENTS,
    mail: { smtpUrl: e.SMTP_URL, from: e.MAIL_FROM, outboxDir: path.join(dataDir, 'outbox'), attempts: e.MAIL_ATTEMPTS, backoffMs: e.MAIL_BACKOFF_MS },
    s3: e.S3_BUCKET
      ? { bucket: e.S3_BUCKET, endpoint: e.S3_ENDPOINT, region: e.S3_REGION, accessKeyId: e.S3_ACCESS_KEY_ID, secretAccessKey: e.S3_SECRET_ACCESS_KEY, forcePathStyle: e.S3_FORCE_PATH_STYLE, sse: e.S3_SSE ? { algorithm: e.S3_SSE, kmsKeyId: e.S3_SSE_KMS_KEY_ID } : undefined }
      : undefined,
  };
}

function parseKeys(spec: string) {
  const keys = new Map<string, Buffer>();
  for (const part of spec.split(',')) {
    const [id, b64] = part.split(':') as [string, string];
    const key = Buffer.from(b64, 'base64');
    if (key.length !== 32) throw new ConfigError(`Invalid configuration: ENCRYPTION_KEYS key "${id}" is not 32 bytes`);
    keys.set(id, key);
  }
  return { activeId: spec.split(':')[0]!, keys };
}
