import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Settings for every bench script, from environment variables (README lists them).
export const BENCH_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const ROOT = path.resolve(BENCH_DIR, '..');
export const DATA_DIR = path.resolve(process.env.BENCH_DATA_DIR ?? path.join(BENCH_DIR, '.data'));

const int = (name, def) => {
  const v = process.env[name];
  if (v === undefined || v === '') return def;
  const n = Number(v.replace(/_/g, ''));
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number`);
  return n;
};

/** A nice value, -20 (first served) to 19 (last). */
const nice = (name, def) => {
  const v = process.env[name];
  if (v === undefined || v === '') return def;
  const n = Number(v);
  if (!Number.isInteger(n) || n < -20 || n > 19) throw new Error(`${name} must be a whole number from -20 to 19`);
  return n;
};

export const env = {
  dbUrl: process.env.BENCH_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/bitflow_bench',
  redisUrl: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379',
  redisPrefix: process.env.BENCH_REDIS_PREFIX ?? 'bench:',
  port: int('BENCH_PORT', 3901),
  helloPort: int('BENCH_HELLO_PORT', 3902),
  students: int('BENCH_STUDENTS', 1_000_000),
  universities: int('BENCH_UNIVERSITIES', 1000),
  /** Share of all students in the largest university (0.2 → 200,000 of 1,000,000). */
  bigShare: Number(process.env.BENCH_BIG_SHARE ?? 0.2),
  enrollmentsPerStudent: int('BENCH_ENROLLMENTS_PER_STUDENT', 2),
  seed: int('BENCH_SEED', 7),
  duration: int('BENCH_DURATION', 10),
  connections: int('BENCH_CONNECTIONS', 16),
  poolSize: int('BENCH_POOL_SIZE', 10),
  tokens: int('BENCH_TOKENS', 3000),
  captureSamples: int('BENCH_CAPTURE_SAMPLES', 40),
  soakSeconds: int('BENCH_SOAK_SECONDS', 600),
  /** Requests/s per soak endpoint; 0 = 70 % of each one's maximum, shared among them. */
  soakRate: int('BENCH_SOAK_RATE', 0),
  /** Nice value of the load generator (this process); 0 = same priority as the servers. */
  clientNice: nice('BENCH_CLIENT_NICE', 10),
};

export function dbName(url = env.dbUrl) {
  const name = new URL(url).pathname.replace(/^\//, '');
  // Never anyone else's database.
  if (!/^[\w]+$/.test(name) || ['test', 'bitflow_ci', 'mysql', 'information_schema', 'performance_schema', 'sys'].includes(name)) {
    throw new Error(`Refusing to use database "${name}" for the bench`);
  }
  return name;
}

/** The field-encryption key the generator and the server share, created once in DATA_DIR. */
export function encryptionKeys() {
  const file = path.join(DATA_DIR, 'encryption-keys');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(DATA_DIR, { recursive: true });
    fs.writeFileSync(file, `bench1:${randomBytes(32).toString('base64')}`, { mode: 0o600 });
  }
  return fs.readFileSync(file, 'utf8').trim();
}

export const METRICS_TOKEN_FILE = path.join(DATA_DIR, 'metrics-token');
export function metricsToken() {
  if (!fs.existsSync(METRICS_TOKEN_FILE)) {
    fs.mkdirSync(DATA_DIR, { recursive: true });
    fs.writeFileSync(METRICS_TOKEN_FILE, randomBytes(24).toString('hex'), { mode: 0o600 });
  }
  return fs.readFileSync(METRICS_TOKEN_FILE, 'utf8').trim();
}

export const PASSWORD = 'Bench-Password-2026!';
export const JWT_DIR = path.join(DATA_DIR, 'keys', 'jwt');

/** Environment of the API server under test (and of the in-process app used to capture SQL). */
export function serverEnv(extra = {}) {
  return {
    NODE_ENV: 'production',
    PORT: String(env.port),
    HOST: '127.0.0.1',
    // BENCH_LOG_LEVEL=info measures the access log too (one line per request; production's default).
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
    DATA_DIR: path.join(DATA_DIR, 'server'),
    DATABASE_URL: env.dbUrl,
    DATABASE_POOL_SIZE: String(env.poolSize),
    REDIS_URL: env.redisUrl,
    REDIS_PREFIX: env.redisPrefix,
    ENCRYPTION_KEYS: encryptionKeys(),
    JWT_KEYS_DIR: JWT_DIR,
    WORKER_IN_PROCESS: 'false',
    MIGRATE_ON_START: 'false',
    BITFLOW_DEMO: 'false',
    METRICS_TOKEN: metricsToken(),
    // Sign-ins come from many simulated clients, told apart by X-Forwarded-For (as behind a proxy).
    TRUST_PROXY: 'true',
    // The bench owner signs in with a password only; tokens last the whole run.
    MFA_REQUIRED_FOR_OWNERS: 'false',
    ACCESS_TOKEN_TTL_SECONDS: '3600',
    ...extra,
  };
}

/** Deterministic PRNG (mulberry32) so a data set is the same for the same parameters. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Tenant sizes: one university holds bigShare of the students, the rest follow a Zipf-like tail. */
export function tenantSizes(total = env.students, n = env.universities, bigShare = env.bigShare) {
  const big = Math.round(total * bigShare);
  const rest = total - big;
  const w = Array.from({ length: n - 1 }, (_, i) => 1 / (i + 1) ** 0.9);
  const sum = w.reduce((a, b) => a + b, 0);
  const sizes = [big, ...w.map((x) => Math.max(1, Math.floor((x / sum) * rest)))];
  sizes[1] += total - sizes.reduce((a, b) => a + b, 0); // rounding remainder to the second largest
  return sizes;
}
