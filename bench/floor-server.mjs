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
import { createDecipheriv, createHash, createPublicKey } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { decodeProtectedHeader, jwtVerify } from 'jose';
import mysql from 'mysql2';

const script = JSON.parse(fs.readFileSync(process.env.FLOOR_SCRIPT, 'utf8'));
const port = Number(process.env.BENCH_FLOOR_PORT ?? 3903);

// --- the access token: RS256, issuer/audience, typ at+jwt, memoised like the API's Tokens.verify ---
const keyDir = process.env.JWT_KEYS_DIR;
// The key ring is a folder of private keys named <kid>.pem (apps/api/src/platform/crypto/jwt-keys.ts).
const publicKeys = new Map(fs.readdirSync(keyDir).filter((f) => f.endsWith('.pem')).map((f) => [path.basename(f, '.pem'), createPublicKey(fs.readFileSync(path.join(keyDir, f)))]));
const verified = new Map();
async function authorised(header) {
  const m = typeof header === 'string' ? /^Bearer ([\w-]+\.[\w-]+\.[\w-]+)$/.exec(header) : null;
  if (!m) return false;
  const token = m[1];
  const known = verified.get(token);
  const now = Date.now() / 1000;
  if (known) return known.exp + 5 > now && known.nbf - 5 <= now;
  try {
    const { kid } = decodeProtectedHeader(token);
    const key = publicKeys.get(kid);
    if (!key) return false;
    const { payload } = await jwtVerify(token, key, { algorithms: ['RS256'], issuer: script.issuer, audience: script.audience, typ: 'at+jwt', clockTolerance: 5 });
    verified.set(token, payload);
    return true;
  } catch {
    return false;
  }
}

// --- field decryption, as FieldCipher stores it: "keyId:iv:tag:ciphertext" (base64url) ---
const keys = new Map(process.env.ENCRYPTION_KEYS.split(',').map((k) => [k.split(':')[0], Buffer.from(k.split(':')[1], 'base64')]));
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
const query = (sql, params) => new Promise((resolve, reject) => pool.query(sql, params, (err, rows) => (err ? reject(err) : resolve(rows))));

// Keyed by caller and path: the two tenants' list pages share a path.
const routes = new Map(script.captured.map((c) => [`Bearer ${c.token} ${c.path}`, { ...c, total: JSON.parse(c.body).data?.pagination?.total }]));

const server = http.createServer(async (req, res) => {
  if (req.url === '/up') return res.end('{"ok":true}');
  const route = routes.get(`${req.headers.authorization} ${req.url}`);
  if (!route) return res.writeHead(404).end();
  if (!(await authorised(req.headers.authorization))) return res.writeHead(401).end();
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
