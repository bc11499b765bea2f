import fs from 'node:fs';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { DATA_DIR, env, PASSWORD, rng } from './env.mjs';

// Who calls what: tenants drawn on the data set's own skew (probability ∝ students), users of several
// roles in those tenants signed in through POST /auth/login, and per-endpoint pools of ready requests.

const LAST_PREFIXES = ['Smi', 'Joh', 'Wil', 'Bro', 'Gar', 'Mar', 'Tho', 'Lee', 'Kin', 'Ngu', 'Oka', 'Tan', 'Sil', 'Cos', 'Hal', 'Sco'];
const API = () => `http://127.0.0.1:${env.port}`;

let ipCounter = 0;
/** A distinct client address per sign-in (the server trusts X-Forwarded-For in the bench). */
export const nextIp = () => {
  ipCounter++;
  return `10.${(ipCounter >> 16) & 255}.${(ipCounter >> 8) & 255}.${ipCounter & 255}`;
};

export async function login(email) {
  const r = await fetch(`${API()}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': nextIp(), 'user-agent': 'bitflow-bench' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  const j = await r.json();
  if (r.status !== 200 || !j.data?.access_token) throw new Error(`login ${email}: ${r.status} ${JSON.stringify(j).slice(0, 200)}`);
  return j.data.access_token;
}

async function mapLimit(items, limit, fn) {
  const out = new Array(items.length);
  let i = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (i < items.length) {
        const k = i++;
        out[k] = await fn(items[k], k);
      }
    }),
  );
  return out;
}

export async function buildWorkload(log = console.log) {
  const rand = rng(env.seed + 1);
  const pool = mysql.createPool({ uri: env.dbUrl, connectionLimit: 2, dateStrings: true });
  const [unis] = await pool.query(
    "SELECT u.id, u.code, COUNT(s.id) AS n FROM universities u LEFT JOIN students s ON s.university_id = u.id AND s.deleted_at IS NULL GROUP BY u.id, u.code ORDER BY n DESC",
  );
  const total = unis.reduce((a, u) => a + Number(u.n), 0);
  const cumulative = [];
  let acc = 0;
  for (const u of unis) cumulative.push((acc += Number(u.n) / total));
  const drawTenant = () => {
    const r = rand();
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] < r) lo = mid + 1;
      else hi = mid;
    }
    return unis[lo];
  };

  // Users to sign in: BENCH_TOKENS draws of a tenant on the skew; each draw signs in one more user
  // of that tenant (cycling through its users), so a big tenant gets more users, as in real life.
  const draws = new Map();
  for (let i = 0; i < env.tokens; i++) {
    const u = drawTenant();
    draws.set(u.id, (draws.get(u.id) ?? 0) + 1);
  }
  const tenantIds = [...draws.keys()];
  const [userRows] = await pool.query(
    `SELECT us.id, us.email, us.university_id, us.college_id, r.name AS role FROM users us JOIN user_roles ur ON ur.user_id = us.id JOIN roles r ON r.id = ur.role_id
     WHERE us.university_id IN (?) ORDER BY us.email`,
    [tenantIds],
  );
  const byTenant = new Map();
  for (const u of userRows) {
    if (!byTenant.has(u.university_id)) byTenant.set(u.university_id, []);
    byTenant.get(u.university_id).push(u);
  }
  const chosen = [];
  for (const [tid, k] of draws) {
    const list = byTenant.get(tid) ?? [];
    // Round-robin over roles so each tenant has readers and writers.
    const order = [...list].sort((a, b) => (a.role === 'registrar') - (b.role === 'registrar') || a.email.localeCompare(b.email));
    for (let i = 0; i < Math.min(k + 1, order.length); i++) chosen.push(order[i]);
  }
  const [owners] = await pool.query("SELECT us.email FROM users us WHERE us.university_id IS NULL AND us.email LIKE 'owner%@bitflow.bench' ORDER BY us.email");

  // Tokens last an hour (ACCESS_TOKEN_TTL_SECONDS in the bench): a run within 30 minutes of the last
  // sign-in reuses them (their sessions are rows in the database, so they stay valid).
  const cacheFile = path.join(DATA_DIR, 'tokens.json');
  const cacheKey = JSON.stringify({ db: env.dbUrl, emails: chosen.map((u) => u.email), owners: owners.map((o) => o.email) });
  let cached = null;
  try {
    cached = JSON.parse(fs.readFileSync(cacheFile, 'utf8'));
    if (cached.key !== cacheKey || Date.now() - cached.at > 30 * 60_000) cached = null;
  } catch {
    cached = null;
  }
  const started = Date.now();
  const users = cached?.users ?? (await mapLimit(chosen, 4, async (u) => ({ ...u, token: await login(u.email) })));
  const platform = cached?.platform ?? (await mapLimit(owners, 4, async (o) => ({ email: o.email, token: await login(o.email) })));
  if (!cached) fs.writeFileSync(cacheFile, JSON.stringify({ key: cacheKey, at: Date.now(), users, platform }), { mode: 0o600 });
  log(`${cached ? 'reused tokens of' : 'signed in'} ${users.length} tenant users in ${tenantIds.length} tenants + ${platform.length} platform owners in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  // Per tenant: a few live students (get/update) and departments (create). Students are looked up by
  // admission number (the generator numbers them A0000000…), an index read, not a scan.
  const studentIds = new Map();
  const departmentIds = new Map();
  const size = new Map(unis.map((u) => [u.id, Number(u.n)]));
  for (const tid of tenantIds) {
    const [d] = await pool.query('SELECT id FROM departments WHERE university_id = ? AND deleted_at IS NULL LIMIT 20', [tid]);
    departmentIds.set(tid, d.map((r) => r.id));
    const numbers = Array.from({ length: 40 }, () => `A${String(Math.floor(rand() * size.get(tid))).padStart(7, '0')}`);
    const [s] = await pool.query('SELECT id FROM students WHERE university_id = ? AND admission_number IN (?) AND deleted_at IS NULL', [tid, numbers]);
    studentIds.set(tid, s.map((r) => r.id));
  }
  await pool.end();

  const big = unis[0];
  const bigUsers = users.filter((u) => u.university_id === big.id && u.role !== 'college_admin');
  const uniLevel = users.filter((u) => u.role !== 'college_admin');
  const writers = users.filter((u) => u.role === 'registrar' || u.role === 'university_owner');
  // A user of a tenant drawn on the skew, among the given users.
  const byTid = (list) => {
    const m = new Map();
    for (const u of list) {
      if (!m.has(u.university_id)) m.set(u.university_id, []);
      m.get(u.university_id).push(u);
    }
    return m;
  };
  const skewedPick = (list) => {
    const m = byTid(list);
    return () => {
      for (;;) {
        const t = drawTenant();
        const us = m.get(t.id);
        if (us?.length) return us[Math.floor(rand() * us.length)];
      }
    };
  };
  const anyUser = skewedPick(users);
  const uniUser = skewedPick(uniLevel);
  const writer = skewedPick(writers);
  const auth = (t) => ({ authorization: `Bearer ${t}` });
  const POOL = 4000;
  const make = (fn) => Array.from({ length: POOL }, fn);
  const pickOf = (arr) => arr[Math.floor(rand() * arr.length)];

  // The deep page as a client reaches it by following `next_cursor` (keyset paging): the cursor that
  // opens page 500 is the one page 499 hands out. Any university-level user of the big tenant sees
  // the same list, so one cursor serves them all.
  const page499 = await fetch(`${API()}/api/v1/students?page=499&per_page=15`, { headers: auth(bigUsers[0].token) }).then((r) => r.json());
  const cursor500 = page499.data?.pagination?.next_cursor;
  if (!cursor500) throw new Error(`no next_cursor on page 499 of the big tenant: ${JSON.stringify(page499).slice(0, 200)}`);

  const pools = {
    list_page1: make(() => ({ method: 'GET', path: '/api/v1/students?page=1&per_page=15', headers: auth(anyUser().token) })),
    list_page1_big: make(() => ({ method: 'GET', path: '/api/v1/students?page=1&per_page=15', headers: auth(pickOf(bigUsers).token) })),
    list_page500_big: make(() => ({ method: 'GET', path: `/api/v1/students?per_page=15&cursor=${cursor500}`, headers: auth(pickOf(bigUsers).token) })),
    list_page500_offset_big: make(() => ({ method: 'GET', path: '/api/v1/students?page=500&per_page=15', headers: auth(pickOf(bigUsers).token) })),
    get_by_id: make(() => {
      const u = uniUser();
      return { method: 'GET', path: `/api/v1/students/${pickOf(studentIds.get(u.university_id))}`, headers: auth(u.token) };
    }),
    search: make(() => ({ method: 'GET', path: `/api/v1/search?q=${pickOf(LAST_PREFIXES)}`, headers: auth(uniUser().token) })),
    dashboard: make(() => ({ method: 'GET', path: '/api/v1/dashboard', headers: auth(anyUser().token) })),
    god_mode_list: make(() => ({ method: 'GET', path: '/api/v1/students?page=1&per_page=15', headers: auth(pickOf(platform).token) })),
    create_student: make(() => {
      const u = writer();
      return { method: 'POST', path: '/api/v1/students', headers: { ...auth(u.token), 'content-type': 'application/json' }, tenant: u.university_id, departments: departmentIds.get(u.university_id) };
    }),
    update_student: make(() => {
      const u = writer();
      return { method: 'PUT', path: `/api/v1/students/${pickOf(studentIds.get(u.university_id))}`, headers: { ...auth(u.token), 'content-type': 'application/json' }, body: JSON.stringify({ program: pickOf(['BSc Physics', 'BA Music', 'BSc Chemistry']), year_of_study: 1 + Math.floor(rand() * 4) }) };
    }),
    login: make(() => ({ method: 'POST', path: '/api/v1/auth/login', headers: { 'content-type': 'application/json', 'user-agent': 'bitflow-bench' }, body: JSON.stringify({ email: anyUser().email, password: PASSWORD }), xff: true })),
  };
  return { pools, users, platform, big, tenants: unis.length, totalStudents: total };
}
