import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { Config } from '../../src/config.js';
import { nowDb } from '../../src/db/time.js';
import { verifyChain } from '../../src/modules/audit/audit.service.js';
import { useChainHeadKeys } from '../../src/modules/audit/chain-head.js';
import { ListCache } from '../../src/modules/shared/list-cache.js';
import { ENCRYPTED_COLUMNS } from '../../src/platform/crypto/encrypted-columns.js';
import { FieldCipher } from '../../src/platform/crypto/field-encryption.js';
import { reencryptBatch, referencedKeys, rotateKeys } from '../../src/platform/crypto/key-rotation.js';
import { generateTotp } from '../../src/platform/crypto/totp.js';
import { openPlatform, type Platform } from '../../src/platform/index.js';
import { embeddedEncryptionKeys, type EncryptionKeys } from '../../src/platform/keys.js';
import { backend, createTestContext, type TestContext } from '../helpers/context.js';
import { bearer, createUniversity, createUser, login, PASSWORD, signInAs } from '../helpers/factories.js';

// Key rotation end to end: rows written under key A (through the API, and in bulk), rotated to B
// — once in-process and interrupted midway, once by the real CLI (`cli rotate-keys`, bundled like
// dist/cli.js) which finishes the job — then read back by an app that holds ONLY key B.

const BULK = 1_500;
const B = { id: 'kb', key: randomBytes(32) };
const keyEnv = (k: EncryptionKeys) => [...k.keys].map(([id, key]) => `${id}:${key.toString('base64')}`).join(',');

let ctx: TestContext;
let A: EncryptionKeys;
let AB: EncryptionKeys;
let uni: Awaited<ReturnType<typeof createUniversity>>;
let owner: Awaited<ReturnType<typeof signInAs>>;
let cli: string;
const db = () => ctx.platform.database.db;
const viaApi = new Map<string, { url: string; body: unknown }>();
const plainBulk = new Map<string, string>();
let mfa: { email: string; secret: string };

function runCli(args: string[], env: Record<string, string | undefined>): Promise<{ code: number | null; out: string }> {
  const all = {
    PATH: process.env.PATH, NODE_ENV: 'test', LOG_LEVEL: 'silent', BITFLOW_DEMO: 'false', DATA_DIR: ctx.config.dataDir, JWT_KEYS_DIR: ctx.config.jwt.keysDir,
    DATABASE_URL: ctx.config.database.url, REDIS_URL: ctx.config.redisUrl, REDIS_PREFIX: ctx.config.redisPrefix, ...env,
  };
  const child = spawn(process.execPath, [cli, ...args], {
    env: Object.fromEntries(Object.entries(all).filter(([, v]) => v !== undefined)),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, out })));
}

/** Every encrypted value in the database, by table, column and id. */
async function allCiphertexts() {
  const out: { table: string; col: string; id: string; value: string }[] = [];
  const present = new Set((await db().introspection.getTables()).map((t) => t.name));
  for (const [table, cols] of Object.entries(ENCRYPTED_COLUMNS)) {
    if (!present.has(table)) continue;
    const rows = (await sql<Record<string, string | null>>`SELECT * FROM ${sql.table(table)}`.execute(db())).rows;
    for (const r of rows) for (const col of cols) if (r[col]) out.push({ table, col, id: r.id!, value: r[col]! });
  }
  return out;
}

beforeAll(async () => {
  ctx = await createTestContext();
  A = embeddedEncryptionKeys(ctx.config);
  AB = { activeId: B.id, keys: new Map([[B.id, B.key], ...A.keys]) };
  uni = await createUniversity(db());
  owner = await signInAs(ctx.app, db(), 'university_owner', uni);

  // Through the API, under A: students and faculty with every personal field, and a user with MFA.
  const call = (method: 'POST' | 'GET', url: string, payload?: object) => ctx.app.inject({ method, url, headers: owner.headers, ...(payload ? { payload } : {}) });
  for (let i = 0; i < 12; i++) {
    const res = await call('POST', '/api/v1/students', { department_id: uni.departmentId, admission_number: `KR-${i}`, first_name: `Ana${i}`, last_name: 'Rot', phone: `+351 91 000 ${String(i).padStart(4, '0')}`, date_of_birth: `2001-02-${String(i + 10)}`, address: `Rua São João ${i}, 1º — Zürich 🏫`, national_id: `PT${i}X99` });
    expect(res.statusCode, res.body).toBe(201);
    viaApi.set(res.json().data.id, { url: `/api/v1/students/${res.json().data.id}`, body: res.json().data });
  }
  for (let i = 0; i < 4; i++) {
    const res = await call('POST', '/api/v1/faculty', { department_id: uni.departmentId, employee_id: `KF-${i}`, first_name: `Fe${i}`, last_name: 'Rot', phone: `+1 555 01${i}`, address: `${i} Faculty Row` });
    expect(res.statusCode, res.body).toBe(201);
    viaApi.set(res.json().data.id, { url: `/api/v1/faculty/${res.json().data.id}`, body: res.json().data });
  }
  const u = await createUser(db(), { role: 'university_owner', universityId: uni.id });
  const t = await login(ctx.app, u.email);
  const setup = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/mfa/setup', headers: bearer(t.access_token) });
  const secret = setup.json().data.secret as string;
  expect((await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/mfa/enable', headers: bearer(t.access_token), payload: { code: generateTotp(secret) } })).statusCode).toBe(200);
  mfa = { email: u.email, secret };

  // In bulk, as an import would write them, so the CLI has several 500-row batches to do.
  const cipherA = new FieldCipher(A.keys, A.activeId);
  for (let i = 0; i < BULK; i += 500) {
    const rows = Array.from({ length: 500 }, (_, j) => {
      const id = uuidv7();
      plainBulk.set(id, `+1 555 ${i + j}`);
      return { id, university_id: uni.id, college_id: uni.collegeId, department_id: uni.departmentId, admission_number: `KB-${i + j}`, first_name: 'Bulk', last_name: `B${i + j}`, phone_enc: cipherA.encrypt(`+1 555 ${i + j}`), created_at: nowDb(), updated_at: nowDb() };
    });
    await db().insertInto('students').values(rows).execute();
  }

  cli = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bf-cli-')), 'cli.mjs');
  await build({
    entryPoints: [path.resolve(__dirname, '../../src/cli.ts')], outfile: cli, bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'error',
    plugins: [{ name: 'ext', setup: (b) => b.onResolve({ filter: /^[^./]/ }, (a) => (a.path.startsWith('@bitflow/') ? undefined : { path: a.path, external: true })) }],
  });
  fs.symlinkSync(path.resolve(__dirname, '../../../../node_modules'), path.join(path.dirname(cli), 'node_modules'));
}, 120_000);
afterAll(async () => {
  await ctx?.close();
  if (cli) fs.rmSync(path.dirname(cli), { recursive: true, force: true });
});

describe('encrypted columns', () => {
  it('lists every *_enc column of the schema (a column missing there would keep an old key alive)', async () => {
    const tables = await db().introspection.getTables();
    const inSchema = tables.flatMap((t) => t.columns.filter((c) => c.name.endsWith('_enc')).map((c) => `${t.name}.${c.name}`)).sort();
    const listed = Object.entries(ENCRYPTED_COLUMNS).flatMap(([t, cols]) => cols.map((c) => `${t}.${c}`)).sort();
    expect(listed.filter((c) => c.endsWith('_enc'))).toEqual(inSchema);
    // And every listed column exists (where its table does: mail_outbox comes with migration 011).
    const columns = new Set(tables.flatMap((t) => t.columns.map((c) => `${t.name}.${c.name}`)));
    for (const c of listed) if (tables.some((t) => t.name === c.split('.')[0])) expect(columns, c).toContain(c);
  });

  it('covers every place that encrypts (a new one must add its table to ENCRYPTED_COLUMNS, then here)', () => {
    // Which tables each encrypting source file writes ciphertext to.
    const writers: Record<string, string[]> = {
      'modules/shared/personal-data.ts': ['students', 'faculty'],
      'modules/auth/auth.service.ts': ['users'],
      'db/seed/demo.ts': ['students', 'faculty'],
      'modules/mail/mail-outbox.ts': ['mail_outbox'],
      'platform/crypto/key-rotation.ts': Object.keys(ENCRYPTED_COLUMNS),
    };
    const src = path.resolve(__dirname, '../../src');
    const found = (fs.readdirSync(src, { recursive: true }) as string[])
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.startsWith('platform/crypto/field-encryption'))
      .filter((f) => /\.encrypt\(/.test(fs.readFileSync(path.join(src, f), 'utf8')))
      .sort();
    expect(found).toEqual(Object.keys(writers).filter((f) => fs.existsSync(path.join(src, f))).sort());
    for (const tables of Object.values(writers)) for (const t of tables) expect(Object.keys(ENCRYPTED_COLUMNS)).toContain(t);
  });
});

describe('key rotation', () => {
  it('re-encrypts in batches and, interrupted midway, leaves every row readable', async () => {
    // A cached list page holds raw rows (ciphertext): it must not survive the rotation.
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/students?per_page=50', headers: owner.headers })).statusCode).toBe(200);
    const version = await ctx.platform.cache.get(`acad-ver:${uni.id}`);
    expect(version).not.toBeNull();

    const stop = new AbortController();
    const seen: string[] = [];
    const result = await rotateKeys({
      db: db(), keys: AB, batchSize: 100, signal: stop.signal, bumpLists: (u) => new ListCache(ctx.platform.cache).bump(u),
      onProgress: (p) => {
        seen.push(`${p.table}: ${p.done}/${p.total}`);
        if (p.done >= 300) stop.abort();
      },
    });
    expect(result.interrupted).toBe(true);
    expect(seen).toEqual([`students: 0/${BULK + 12}`, `students: 100/${BULK + 12}`, `students: 200/${BULK + 12}`, `students: 300/${BULK + 12}`]);
    expect(result.tables.students?.reencrypted).toBe(300);
    expect(result.tables.faculty?.reencrypted).toBe(0);
    const refs = await referencedKeys(db());
    expect(refs[B.id]).toBeGreaterThanOrEqual(300 + 1); // the rows, plus the platform chain head signed by the run's audit rows
    expect(refs[A.activeId]).toBeGreaterThan(BULK - 300);
    // Nothing half-done: every value reads under A+B, and the rows done are wholly under B.
    const both = new FieldCipher(AB.keys, AB.activeId);
    for (const v of await allCiphertexts()) expect(() => both.decrypt(v.value), `${v.table}.${v.col} ${v.id}`).not.toThrow();
    expect(await ctx.platform.cache.get(`acad-ver:${uni.id}`)).not.toBe(version);
    // A start and an end record on the platform chain, by no user.
    const audit = await db().selectFrom('audit_logs').select(['action', 'actor_id', 'university_id', 'changes']).where('action', 'like', 'encryption.%').orderBy('seq').execute();
    expect(audit.map((a) => [a.action, a.actor_id, a.university_id])).toEqual([['encryption.rotation_started', null, null], ['encryption.rotation_finished', null, null]]);
    expect(JSON.parse(audit[1]!.changes!)).toMatchObject({ active_key_id: B.id, interrupted: true, old_keys_still_referenced: [A.activeId] });
    // Back to what this process's app holds (key A): its audit writes sign the heads with A again.
    useChainHeadKeys(A);
  });

  it('never overwrites a value the app changed between the read and the update', async () => {
    const prefix = `${A.activeId}:`;
    const stale = await db().selectFrom('students').select(['id', 'university_id', ...ENCRYPTED_COLUMNS.students]).where(sql<boolean>`SUBSTR(phone_enc, 1, ${prefix.length}) = ${prefix}`).where('admission_number', 'like', 'KB-%').orderBy('id', 'desc').limit(3).execute();
    expect(stale).toHaveLength(3);
    // A node still on key A writes one of them while the rotation holds its old ciphertext.
    const changed = stale[1]!.id;
    const put = await ctx.app.inject({ method: 'PUT', url: `/api/v1/students/${changed}`, headers: owner.headers, payload: { phone: '+351 91 999 9999' } });
    expect(put.statusCode, put.body).toBe(200);
    plainBulk.set(changed, '+351 91 999 9999');
    const out = await reencryptBatch(db(), new FieldCipher(AB.keys, AB.activeId), 'students', stale);
    expect(out).toMatchObject({ updated: 2, conflicts: 1, unreadable: [] });
    const row = await db().selectFrom('students').select('phone_enc').where('id', '=', changed).executeTakeFirstOrThrow();
    expect(new FieldCipher(A.keys, A.activeId).decrypt(row.phone_enc)).toBe('+351 91 999 9999');
  });

  it('`cli rotate-keys --new-key` is refused while ENCRYPTION_KEYS is set, and changes nothing', async () => {
    const before = await referencedKeys(db());
    const run = await runCli(['rotate-keys', '--new-key'], { ENCRYPTION_KEYS: keyEnv(AB) });
    expect(run.code, run.out).toBe(1);
    expect(run.out).toContain('ENCRYPTION_KEYS is set');
    expect(await referencedKeys(db())).toEqual(before);
  });

  it('the CLI finishes the interrupted rotation: only key B remains referenced', async () => {
    const run = await runCli(['rotate-keys'], { ENCRYPTION_KEYS: keyEnv(AB) });
    expect(run.code, run.out).toBe(0);
    // All but the 300 of the interrupted run and the 2 of the batch above; the row the app rewrote
    // under A meanwhile is among them.
    const left = BULK + 12 - 302;
    expect(run.out).toContain(`students: ${left.toLocaleString('en-US')}/${left.toLocaleString('en-US')} re-encrypted`);
    expect(run.out).toContain('faculty: 4/4 re-encrypted');
    expect(run.out).toContain('users: 1/1 re-encrypted');
    expect(run.out).toMatch(new RegExp(`Key ids still referenced: ${B.id} \\([\\d,]+\\)\\.`));
    expect(Object.keys(await referencedKeys(db()))).toEqual([B.id]);
    // The university's head was last signed by the app, under A (the PUT above).
    expect(run.out).toMatch(/audit chain heads: [1-9]\d* re-signed under kb\./);
    const heads = await db().selectFrom('audit_chain_heads').select('signature').execute();
    for (const h of heads) expect(h.signature?.startsWith(`${B.id}:`)).toBe(true);

    // Run again: nothing left to do, and it says so.
    const again = await runCli(['rotate-keys'], { ENCRYPTION_KEYS: keyEnv(AB) });
    expect(again.code, again.out).toBe(0);
    expect(again.out).toContain('students: 0/0 re-encrypted');
  }, 60_000);

  describe('an app holding only key B', () => {
    let platformB: Platform;
    let appB: FastifyInstance;
    beforeAll(async () => {
      const config: Config = { ...ctx.config, encryptionKeys: { activeId: B.id, keys: new Map([[B.id, B.key]]) } };
      platformB = await openPlatform(config);
      appB = await buildApp(config, { platform: platformB, logger: false });
      await appB.ready();
    });
    afterAll(async () => {
      await appB?.close();
      await platformB?.close();
      useChainHeadKeys(A);
    });

    it('reads every row back as it was written', async () => {
      const onlyB = new FieldCipher(new Map([[B.id, B.key]]), B.id);
      const values = await allCiphertexts();
      expect(values.length).toBeGreaterThan(BULK + 12 * 4);
      for (const v of values) expect(() => onlyB.decrypt(v.value), `${v.table}.${v.col} ${v.id}`).not.toThrow();
      const phones = await db().selectFrom('students').select(['id', 'phone_enc']).where('admission_number', 'like', 'KB-%').execute();
      expect(phones).toHaveLength(BULK);
      for (const p of phones) expect(onlyB.decrypt(p.phone_enc)).toBe(plainBulk.get(p.id));
      for (const [id, { url, body }] of viaApi) {
        const res = await appB.inject({ method: 'GET', url, headers: owner.headers });
        expect(res.statusCode, `${id} ${res.body}`).toBe(200);
        expect(res.json().data).toEqual(body);
      }
      // The list cache of the university was moved on: no page of old ciphertext is served.
      const list = await appB.inject({ method: 'GET', url: '/api/v1/students?per_page=50&q=Rot', headers: owner.headers });
      expect(list.statusCode, list.body).toBe(200);
      const studentPhones = [...viaApi.values()].filter((v) => v.url.startsWith('/api/v1/students/')).map((v) => (v.body as { phone: string }).phone);
      expect(list.json().data.items.map((s: { phone: string }) => s.phone).sort()).toEqual(studentPhones.sort());
    });

    it('signs in with the two-factor secret re-encrypted under B', async () => {
      const step1 = await appB.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: mfa.email, password: PASSWORD } });
      const mfa_token = step1.json().data.mfa_token as string;
      expect(mfa_token).toBeTruthy();
      // The next time step: the current one was spent enabling MFA.
      const res = await appB.inject({ method: 'POST', url: '/api/v1/auth/mfa/verify', payload: { mfa_token, code: generateTotp(mfa.secret, Date.now() + 30_000) } });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().data.access_token).toBeTruthy();
    });

    it('verifies the audit chains, their heads re-signed under B', async () => {
      for (const chain of [uni.id, 'platform']) {
        const check = await verifyChain(db(), chain);
        expect(check, chain).toMatchObject({ ok: true, head: { signed: true } });
      }
    });
  });
});

describe.skipIf(backend === 'mysql')('embedded: `cli rotate-keys --new-key`', () => {
  it('adds a key to DATA_DIR/keys/encryption.json, makes it active, keeps the old ones and re-encrypts under it', async () => {
    const file = path.join(ctx.config.dataDir, 'keys', 'encryption.json');
    const before = JSON.parse(fs.readFileSync(file, 'utf8')) as { activeId: string; keys: Record<string, string> };
    // The earlier tests left the data under B; the file has A only: give it B as well, as a
    // previous --new-key would have.
    fs.writeFileSync(file, JSON.stringify({ activeId: B.id, keys: { ...before.keys, [B.id]: B.key.toString('base64') } }));
    const run = await runCli(['rotate-keys', '--new-key'], {});
    expect(run.code, run.out).toBe(0);
    const after = JSON.parse(fs.readFileSync(file, 'utf8')) as { activeId: string; keys: Record<string, string> };
    expect(Object.keys(after.keys).sort()).toEqual([...Object.keys(before.keys), B.id, after.activeId].sort());
    expect(after.keys[B.id]).toBe(B.key.toString('base64'));
    expect((fs.statSync(file).mode & 0o777).toString(8)).toBe('600');
    expect(run.out).toContain(`New key ${after.activeId} is active`);
    expect(run.out).toContain(`students: ${(BULK + 12).toLocaleString('en-US')}/${(BULK + 12).toLocaleString('en-US')} re-encrypted`);
    expect(Object.keys(await referencedKeys(db()))).toEqual([after.activeId]);
  }, 60_000);
});
