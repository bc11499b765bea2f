// The floor the API is measured against (issue #22): node:http + mysql2, no framework. It answers
// the bench's list page 1, get by id and search with exactly the statements the API sends for them
// (captured from the API's own code by lib/floor-capture.mjs into FLOOR_SCRIPT), after the same RS256
// check of the access token with the same verified-token memo the API keeps, decrypting the same
// fields with AES-256-GCM, and writing byte-identical JSON (bench/floor.mjs compares the bodies).
// What it leaves out is what the API adds on top: routing, validation, rate limits, sessions and
// roles (Redis), tenancy checks, metrics, logging, security headers.
//
// It answers only the captured paths: the parameters it binds are the captured ones, and the
// list's total is the one the API had cached (the API reads it from Redis; the floor keeps it).
//
// The writes (issue #22: create/update ≤ 1.5× a floor that does the same statements): POST
// /api/v1/students and PUT /api/v1/students/:id send the statements the API sends (their texts
// captured by lib/floor-capture.mjs `captureWrites`, WRITE_PLANS there lists them), with values made
// per request as the API makes them: a uuid v7 id, the timestamps, the personal fields encrypted
// (AES-256-GCM, FieldCipher's format), the audit row with its hash chain and signed head (as
// audit.service.ts `appendLinks` and chain-head.ts), in transactions where the API has them. The
// caller's user and university come from the verified token (the API has them from the session in
// Redis). Left out besides the above: the university's list-version bump in Redis (list-cache.ts),
// the audit writer's per-chain queue and retry (one request at a time never contends), the
// Idempotency-Key store (the bench sends no key), and the API's decryption memo (each read-back is
// decrypted). It answers the bench's bodies only: no department move or status change (the update
// would then count in a transaction), and the chain's head must exist (the capture made it).
import { createCipheriv, createDecipheriv, createHash, createHmac, createPublicKey, hkdfSync, randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { decodeProtectedHeader, jwtVerify } from 'jose';
import mysql from 'mysql2';
import { v7 as uuidv7 } from 'uuid';

const script = JSON.parse(fs.readFileSync(process.env.FLOOR_SCRIPT, 'utf8'));
const port = Number(process.env.BENCH_FLOOR_PORT ?? 3903);

// --- the access token: RS256, issuer/audience, typ at+jwt, memoised like the API's Tokens.verify ---
const keyDir = process.env.JWT_KEYS_DIR;
// The key ring is a folder of private keys named <kid>.pem (apps/api/src/platform/crypto/jwt-keys.ts).
const publicKeys = new Map(fs.readdirSync(keyDir).filter((f) => f.endsWith('.pem')).map((f) => [path.basename(f, '.pem'), createPublicKey(fs.readFileSync(path.join(keyDir, f)))]));
const verified = new Map();
/** The token's claims (sub: the user, tid: their university), or null when it does not verify. */
async function claimsOf(header) {
  const m = typeof header === 'string' ? /^Bearer ([\w-]+\.[\w-]+\.[\w-]+)$/.exec(header) : null;
  if (!m) return null;
  const token = m[1];
  const known = verified.get(token);
  const now = Date.now() / 1000;
  if (known) return known.exp + 5 > now && known.nbf - 5 <= now ? known : null;
  try {
    const { kid } = decodeProtectedHeader(token);
    const key = publicKeys.get(kid);
    if (!key) return null;
    const { payload } = await jwtVerify(token, key, { algorithms: ['RS256'], issuer: script.issuer, audience: script.audience, typ: 'at+jwt', clockTolerance: 5 });
    verified.set(token, payload);
    return payload;
  } catch {
    return null;
  }
}

// --- field encryption, as FieldCipher stores it: "keyId:iv:tag:ciphertext" (base64url) ---
const keySpecs = process.env.ENCRYPTION_KEYS.split(',').map((k) => k.split(':'));
const keys = new Map(keySpecs.map(([id, k]) => [id, Buffer.from(k, 'base64')]));
// New values are written with the first key (config.ts `parseKeys`), which also signs chain heads.
const activeKeyId = keySpecs[0][0];
function encrypt(plain) {
  if (plain === null || plain === undefined || plain === '') return null;
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', keys.get(activeKeyId), iv);
  const data = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
  return [activeKeyId, ...[iv, c.getAuthTag(), data].map((b) => b.toString('base64url'))].join(':');
}
function decrypt(stored) {
  if (stored === null) return null;
  const [keyId, iv, tag, data] = stored.split(':');
  const d = createDecipheriv('aes-256-gcm', keys.get(keyId), Buffer.from(iv, 'base64url'));
  d.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([d.update(Buffer.from(data, 'base64url')), d.final()]).toString('utf8');
}

const iso = (t) => (t === null ? null : `${t.replace(' ', 'T')}${t.length === 19 ? '.000' : ''}Z`);
const student = (r) => ({
  id: r.id,
  university_id: r.university_id,
  college_id: r.college_id,
  department_id: r.department_id,
  admission_number: r.admission_number,
  first_name: r.first_name,
  last_name: r.last_name,
  email: r.email,
  status: r.status,
  program: r.program,
  year_of_study: r.year_of_study === null ? null : Number(r.year_of_study),
  admission_date: r.admission_date,
  phone: decrypt(r.phone_enc),
  date_of_birth: decrypt(r.date_of_birth_enc),
  address: decrypt(r.address_enc),
  national_id: decrypt(r.national_id_enc),
  personal_data_masked: false,
  created_at: iso(r.created_at),
  updated_at: iso(r.updated_at),
  deleted_at: iso(r.deleted_at),
});

// The list's next_cursor, as the API encodes it (shared/list-query.ts).
function fingerprint(q) {
  const canonical = JSON.stringify(Object.keys(q).sort().map((k) => [k, q[k]]));
  return createHash('sha1').update(canonical).digest('base64url').slice(0, 10);
}
const cursor = (v, id, o, f) => Buffer.from(JSON.stringify([v, id, o, f])).toString('base64url');

function list(rows, route, url) {
  const perPage = Number(url.searchParams.get('per_page') ?? 15);
  const page = Number(url.searchParams.get('page') ?? 1);
  const items = rows.slice(0, perPage).map(student);
  const offset = (page - 1) * perPage;
  const last = items[items.length - 1];
  const next = rows.length > perPage ? cursor(last.last_name, last.id, offset + items.length, fingerprint({ per_page: perPage, sort: 'last_name' })) : null;
  const total = route.total;
  const pagination = { current_page: page, per_page: perPage, total, last_page: Math.max(1, Math.ceil(total / perPage)), from: items.length ? offset + 1 : null, to: items.length ? offset + items.length : null, next_cursor: next };
  return { success: true, message: 'OK', data: { items, pagination } };
}

const byLastName = (x, y) => (x.b ?? '').localeCompare(y.b ?? '', 'en', { sensitivity: 'base' });
function search(rows, url) {
  const groups = { students: [], faculty: [], courses: [], departments: [], colleges: [], universities: [] };
  const seen = new Set();
  for (const h of rows) groups[h.kind].push(h);
  const people = (hits, key) =>
    hits
      .filter((h) => !seen.has(h.id) && seen.add(h.id))
      .sort(byLastName)
      .slice(0, 5)
      .map((h) => ({ id: h.id, first_name: h.a, last_name: h.b, [key]: h.c, email: h.d, university_id: h.university_id }));
  groups.students = people(groups.students, 'admission_number');
  groups.faculty = people(groups.faculty, 'employee_id');
  groups.courses = groups.courses.map((h) => ({ id: h.id, code: h.a, title: h.b, term: h.c, university_id: h.university_id }));
  for (const g of ['departments', 'colleges']) groups[g] = groups[g].map((h) => ({ id: h.id, name: h.a, code: h.b, university_id: h.university_id }));
  groups.universities = groups.universities.map((h) => ({ id: h.id, name: h.a, code: h.b, status: h.c }));
  const total = Object.values(groups).reduce((n, g) => n + g.length, 0);
  return { success: true, message: 'OK', data: { query: url.searchParams.get('q'), total, groups } };
}

// The API's pool options (apps/api/src/platform/db.ts).
const pool = mysql.createPool({ uri: process.env.DATABASE_URL, connectionLimit: Number(process.env.DATABASE_POOL_SIZE ?? 10), dateStrings: true, timezone: 'Z', supportBigNumbers: true, charset: 'utf8mb4_unicode_ci' });
pool.on('connection', (c) => c.query("SET time_zone = '+00:00'"));
const run = (on, sql, params) => new Promise((resolve, reject) => on.query(sql, params, (err, rows) => (err ? reject(err) : resolve(rows))));
const query = (sql, params) => run(pool, sql, params);

// Keyed by caller and path: the two tenants' list pages share a path.
const routes = new Map(script.captured.map((c) => [`Bearer ${c.token} ${c.path}`, { ...c, total: JSON.parse(c.body).data?.pagination?.total }]));

/** `fn(q)` with q running statements on one connection, between the API's own begin and commit. */
async function transaction(w, fn) {
  const conn = await new Promise((resolve, reject) => pool.getConnection((err, c) => (err ? reject(err) : resolve(c))));
  try {
    await run(conn, w.begin.sql, []);
    try {
      await fn((sql, params) => run(conn, sql, params));
    } catch (e) {
      await run(conn, 'rollback', []);
      throw e;
    }
    await run(conn, w.commit.sql, []);
  } finally {
    conn.release();
  }
}

// --- the writes (see the top): statements by role, from the script ---
const writes = script.writes;
const nowDb = () => new Date().toISOString().replace('T', ' ').replace('Z', '');
const PERSONAL = ['phone', 'date_of_birth', 'address', 'national_id'];
/** The columns a body writes, as person-resource.ts `toRow`: plain fields, then the personal ones encrypted. */
function toRow(body) {
  const { department_id: _d, ...rest } = body;
  const row = Object.fromEntries(Object.entries(rest).filter(([k]) => !PERSONAL.includes(k)));
  for (const f of PERSONAL) if (rest[f] !== undefined) row[`${f}_enc`] = encrypt(rest[f]);
  return row;
}

// The audit row, as audit.service.ts writes it (names and rules from there).
const GENESIS = '0'.repeat(64);
const SENSITIVE = /phone|date_of_birth|address|national_id|password|token|secret|mfa|recovery/i;
const mask = (v) => (Array.isArray(v) ? v.map(mask) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, SENSITIVE.test(k) ? '[masked]' : mask(x)])) : v);
function changesJson(changes) {
  const json = JSON.stringify(mask(changes));
  const bytes = Buffer.byteLength(json);
  return bytes > 60_000 ? JSON.stringify({ truncated: true, bytes }) : json;
}
function clip(s, max) {
  if (s === null || s === undefined) return null;
  const cps = Array.from(s);
  return cps.length > max ? cps.slice(0, max).join('') : s;
}
const FIELDS = ['id', 'chain_key', 'seq', 'university_id', 'actor_id', 'impersonator_id', 'action', 'entity_type', 'entity_id', 'changes', 'ip', 'user_agent', 'request_id', 'created_at'];
function hashRow(prevHash, row) {
  const canonical = Object.fromEntries(FIELDS.map((f) => [f, f === 'seq' ? Number(row.seq) : f === 'created_at' ? iso(row.created_at) : (row[f] ?? null)]));
  if (row.college_id) canonical.college_id = row.college_id;
  return createHash('sha256').update(prevHash).update(JSON.stringify(canonical)).digest('hex');
}
const headKey = Buffer.from(hkdfSync('sha256', keys.get(activeKeyId), Buffer.alloc(0), 'bitflow audit chain head v1', 32));
const signHead = (chain, seq, hash) => `${activeKeyId}:${createHmac('sha256', headKey).update(`${chain}\n${seq}\n${hash}`).digest('hex')}`;

/** Appends one row to the university's chain: its object's college, the chain's end, then row and head together. */
async function audit(w, meta, e) {
  const [college] = await query(w.college.sql, [e.entityId]);
  const chain = e.universityId;
  const [[last], [head]] = await Promise.all([query(w.last_link.sql, [chain, 1]), query(w.head.sql, [chain])]);
  const prev = head && Number(head.seq) > Number(last?.seq ?? 0) ? head : last;
  const seq = Number(prev?.seq ?? 0) + 1;
  const prevHash = prev?.hash ?? GENESIS;
  const createdAt = nowDb();
  const row = {
    id: uuidv7(), chain_key: chain, seq, university_id: e.universityId, college_id: college?.college_id ?? null, actor_id: e.actorId, impersonator_id: null,
    action: clip(e.action, 100), entity_type: clip('student', 50), entity_id: clip(e.entityId, 64), changes: changesJson(e.changes),
    ip: clip(meta.ip, 64), user_agent: clip(meta.userAgent, 500), request_id: clip(meta.requestId, 100), created_at: createdAt,
  };
  const hash = hashRow(prevHash, row);
  await transaction(w, async (q) => {
    await q(w.audit.sql, [...Object.values(row), prevHash, hash]);
    const moved = await q(w.advance_head.sql, [seq, hash, signHead(chain, seq, hash), createdAt, chain, seq]);
    if (moved.affectedRows !== 1) throw new Error('the audit chain head did not move (the floor writes only to a chain that has one)');
  });
}

async function create(claims, meta, body) {
  const w = writes.create.statements;
  const [d] = await query(w.placement.sql, [body.department_id, claims.tid]);
  const id = uuidv7();
  const now = nowDb();
  const row = { id, created_at: now, updated_at: now, ...toRow(body), university_id: d.university_id, college_id: d.college_id, department_id: d.id };
  await transaction(w, async (q) => {
    await q(w.insert.sql, Object.values(row));
    // The counters' statement binds its metric names and the new row's id: the captured row's id swapped.
    await q(w.count.sql, w.count.params.map((p) => (p === writes.create.id ? id : p)));
  });
  const [, [created]] = await Promise.all([
    audit(w, meta, { action: 'students.created', universityId: d.university_id, actorId: claims.sub, entityId: id, changes: body }),
    query(w.get.sql, [claims.tid, id]),
  ]);
  return [201, { success: true, message: 'Student created.', data: student(created) }];
}

async function update(claims, meta, id, body) {
  const w = writes.update.statements;
  const [row] = await query(w.get.sql, [claims.tid, id]);
  await query(w.update.sql, [...Object.values(toRow(body)), nowDb(), id, claims.tid]);
  const before = Object.fromEntries(Object.keys(body).map((k) => [k, row[k] ?? null]));
  const [, [updated]] = await Promise.all([
    audit(w, meta, { action: 'students.updated', universityId: row.university_id, actorId: claims.sub, entityId: id, changes: { before, after: body } }),
    query(w.get.sql, [claims.tid, id]),
  ]);
  return [200, { success: true, message: 'Student updated.', data: student(updated) }];
}

const ONE_STUDENT = /^\/api\/v1\/students\/([0-9a-f-]{36})$/;
async function write(req, res) {
  const id = req.method === 'PUT' ? ONE_STUDENT.exec(req.url)?.[1] : undefined;
  if (!id && !(req.method === 'POST' && req.url === '/api/v1/students')) return res.writeHead(404).end();
  const claims = await claimsOf(req.headers.authorization);
  if (!claims) return res.writeHead(401).end();
  try {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    // The API's request facts (auth.ts): its address (the bench sends no X-Forwarded-For), agent, and id (app.ts genReqId).
    const given = req.headers['x-request-id'];
    const meta = { ip: req.socket.remoteAddress, userAgent: req.headers['user-agent']?.slice(0, 500) ?? null, requestId: typeof given === 'string' && /^[\w.-]{8,100}$/.test(given) ? given : randomUUID() };
    const [status, answer] = id ? await update(claims, meta, id, body) : await create(claims, meta, body);
    const json = JSON.stringify(answer);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(json) }).end(json);
  } catch (e) {
    res.writeHead(500).end(String(e));
  }
}

const server = http.createServer(async (req, res) => {
  if (req.url === '/up') return res.end('{"ok":true}');
  if (req.method !== 'GET') return write(req, res);
  const route = routes.get(`${req.headers.authorization} ${req.url}`);
  if (!route) return res.writeHead(404).end();
  if (!(await claimsOf(req.headers.authorization))) return res.writeHead(401).end();
  try {
    let rows;
    for (const s of route.statements) rows = await query(s.sql, s.params);
    const url = new URL(req.url, 'http://floor');
    const body = route.kind === 'list' ? list(rows, route, url) : route.kind === 'search' ? search(rows, url) : { success: true, message: 'OK', data: student(rows[0]) };
    const json = JSON.stringify(body);
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(json) }).end(json);
  } catch (e) {
    res.writeHead(500).end(String(e));
  }
});
server.listen(port, '127.0.0.1');
process.on('SIGTERM', () => server.close(() => pool.end(() => process.exit(0))));
