// Data generator: BENCH_UNIVERSITIES universities holding BENCH_STUDENTS students with skewed sizes
// (one holds BENCH_BIG_SHARE of them), plus colleges, departments, courses, faculty, enrolments and
// users with roles, in proportion. Loads with multi-row INSERTs on two connections. Reusable: when
// the database already holds a data set made with the same parameters, nothing is done.
//
//   node bench/generate.mjs            (or: npm run bench -- --generate-only)
//   node bench/generate.mjs --force    (drop and reload)
import fs from 'node:fs';
import mysql from 'mysql2/promise';
import { v7 as uuidv7 } from 'uuid';
import { loadApi } from './lib/build.mjs';
import { dbName, env, JWT_DIR, PASSWORD, rng, serverEnv, tenantSizes } from './lib/env.mjs';
import { ensureBufferPool } from './lib/warm-db.mjs';

const FIRST = ['James', 'Mary', 'Robert', 'Patricia', 'John', 'Jennifer', 'Michael', 'Linda', 'David', 'Elizabeth', 'William', 'Barbara', 'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Charles', 'Karen', 'Amara', 'Wei', 'Priya', 'Mateo', 'Sofia', 'Yuki', 'Omar', 'Fatima', 'Lucas', 'Chloe', 'Noah', 'Aisha', 'Ivan', 'Elena', 'Kofi', 'Nia', 'Hiro', 'Lena', 'Raj', 'Zara'];
const LAST_BASE = ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Hernandez', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin', 'Lee', 'Perez', 'Thompson', 'White', 'Harris', 'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson', 'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Torres', 'Nguyen', 'Hill', 'Flores', 'Green', 'Adams', 'Nelson', 'Baker', 'Hall', 'Rivera', 'Campbell', 'Mitchell', 'Carter', 'Roberts', 'Okafor', 'Tanaka', 'Kowalski', 'Novak', 'Haddad', 'Mensah', 'Silva', 'Costa', 'Singh', 'Kim'];
const LAST = LAST_BASE.flatMap((b) => ['', 'son', 'ley', 'ford', 'wood', 'er', 'ton', 'field'].map((s) => b + s));
const PROGRAMS = ['BSc Computer Science', 'BA Economics', 'BEng Mechanical', 'BSc Biology', 'BA History', 'BBA Business', 'BSc Nursing', 'BA Design'];
const STATUSES = [['active', 0.85], ['graduated', 0.08], ['inactive', 0.04], ['suspended', 0.02], ['withdrawn', 0.01]];
const TERMS = ['2025-FA', '2026-SP', '2026-FA'];
const BATCH = 2000;

const params = () => ({ students: env.students, universities: env.universities, bigShare: env.bigShare, enrollmentsPerStudent: env.enrollmentsPerStudent, seed: env.seed, version: 4 });

// Bytes of table and index per row as loaded (data set version 4, measured 2026-12-02: students
// 2,196 MB for 1M, enrolments 2,261 MB for 2M; the rest is under 2 %), to size the buffer pool first.
const expectedBytes = () => Math.round(env.students * 2300 * 1.02 + env.students * env.enrollmentsPerStudent * 1185);

const pad = (n, w) => String(n).padStart(w, '0');
const dbTime = (ms) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');

async function existing(conn, name) {
  const [dbs] = await conn.query('SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?', [name]);
  if (!dbs.length) return null;
  const [t] = await conn.query('SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?', [name, '_bench_dataset']);
  if (!t.length) return null;
  const [rows] = await conn.query(`SELECT params FROM \`${name}\`._bench_dataset LIMIT 1`);
  return rows[0]?.params ?? null;
}

export async function generate({ force = false, log = console.log } = {}) {
  const name = dbName();
  const server = new URL(env.dbUrl);
  server.pathname = '/';
  const admin = await mysql.createConnection({ uri: server.toString() });
  const want = JSON.stringify(params());
  const have = await existing(admin, name);
  if (have === want && !force) {
    log(`data set already loaded in ${name} (${want})`);
    await admin.end();
    // Migrations added since it was loaded run on the loaded data, as they would in production.
    const api = await loadApi();
    const platform = await api.openPlatform(api.loadConfig(serverEnv({ DATABASE_QUERY_TIMEOUT_MS: '0' })));
    const t0 = Date.now();
    const applied = (await api.migrateToLatest(platform.database.db)) ?? [];
    await platform.close();
    if (applied.length) log(`applied ${applied.join(', ')} to the loaded data in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    return { skipped: true, params: params(), migrations_applied: applied };
  }
  const started = Date.now();
  log(`loading ${name}: ${want}`);
  await ensureBufferPool(admin, expectedBytes(), log);
  await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.end();

  // Schema through the API's own migrations and role catalogue.
  const api = await loadApi();
  if (!fs.existsSync(JWT_DIR) || !fs.readdirSync(JWT_DIR).some((f) => f.endsWith('.pem'))) await api.generatePemKey(JWT_DIR, 'bench1');
  const config = api.loadConfig(serverEnv());
  const platform = await api.openPlatform(config);
  await api.migrateToLatest(platform.database.db);
  await api.syncCatalogue(platform.database.db);
  await platform.close();
  const cipher = new api.FieldCipher(config.encryptionKeys.keys, config.encryptionKeys.activeId);
  const passwordHash = await api.hashPassword(PASSWORD); // one argon2id hash, shared by every bench user
  const tMigrated = Date.now();

  const pool = mysql.createPool({ uri: env.dbUrl, connectionLimit: 2, dateStrings: true, timezone: 'Z', charset: 'utf8mb4_unicode_ci' });
  pool.on('connection', (c) => {
    c.query("SET time_zone = '+00:00', foreign_key_checks = 0, unique_checks = 0");
  });
  const [roleRows] = await pool.query("SELECT id, name FROM roles WHERE owner_key = ''");
  const roles = Object.fromEntries(roleRows.map((r) => [r.name, r.id]));

  // Buffered multi-row inserts, at most two statements in flight.
  const COLS = {
    universities: ['id', 'name', 'code', 'status', 'email', 'country', 'timezone', 'created_at', 'updated_at'],
    colleges: ['id', 'university_id', 'name', 'code', 'status', 'created_at', 'updated_at'],
    departments: ['id', 'university_id', 'college_id', 'name', 'code', 'status', 'created_at', 'updated_at'],
    courses: ['id', 'university_id', 'college_id', 'department_id', 'code', 'title', 'credits', 'term', 'capacity', 'enrolled_count', 'status', 'created_at', 'updated_at'],
    faculty: ['id', 'university_id', 'college_id', 'department_id', 'first_name', 'last_name', 'email', 'status', 'employee_id', 'designation', 'employment_type', 'hire_date', 'created_at', 'updated_at'],
    students: ['id', 'university_id', 'college_id', 'department_id', 'first_name', 'last_name', 'email', 'phone_enc', 'date_of_birth_enc', 'status', 'admission_number', 'program', 'year_of_study', 'admission_date', 'created_at', 'updated_at', 'deleted_at'],
    enrollments: ['id', 'university_id', 'college_id', 'student_id', 'course_id', 'term', 'status', 'enrolled_at', 'created_at', 'updated_at', 'deleted_at'],
    users: ['id', 'university_id', 'college_id', 'name', 'email', 'password_hash', 'status', 'password_changed_at', 'created_at', 'updated_at'],
    user_roles: ['user_id', 'role_id', 'created_at'],
  };
  const buffers = Object.fromEntries(Object.keys(COLS).map((t) => [t, []]));
  const counts = Object.fromEntries(Object.keys(COLS).map((t) => [t, 0]));
  const inflight = new Set();
  async function send(table, rows) {
    const p = pool.query(`INSERT INTO ${table} (${COLS[table].join(', ')}) VALUES ?`, [rows]);
    inflight.add(p);
    p.finally(() => inflight.delete(p));
    counts[table] += rows.length;
    if (inflight.size >= 2) await Promise.race(inflight);
  }
  async function push(table, row) {
    const b = buffers[table];
    b.push(row);
    if (b.length >= BATCH) {
      buffers[table] = [];
      await send(table, b);
    }
  }

  const rand = rng(env.seed);
  const pick = (arr) => arr[Math.floor(rand() * arr.length)];
  const now = Date.now();
  const YEAR = 365 * 86_400_000;
  const sizes = tenantSizes();
  const stamp = dbTime(now - 5 * YEAR);
  // Platform owners (God Mode); several, as rate limits are per user.
  for (let o = 0; o < 20; o++) {
    const id = uuidv7();
    await push('users', [id, null, null, `Bench Platform Owner ${o}`, `owner${o}@bitflow.bench`, passwordHash, 'active', stamp, stamp, stamp]);
    await push('user_roles', [id, roles.bitflow_owner, stamp]);
  }

  for (let u = 0; u < sizes.length; u++) {
    const n = sizes[u];
    const uid = uuidv7();
    const created = dbTime(now - 5 * YEAR + u * 60_000);
    await push('universities', [uid, `Bench University ${pad(u, 4)}`, `BU${pad(u, 4)}`, 'active', `info@u${u}.bench.test`, 'US', 'UTC', created, created]);
    const nc = Math.min(10, Math.max(2, Math.ceil(n / 20_000)));
    const depts = [];
    for (let c = 0; c < nc; c++) {
      const cid = uuidv7();
      await push('colleges', [cid, uid, `College ${c + 1}`, `C${c + 1}`, 'active', created, created]);
      for (let d = 0; d < 4; d++) {
        const did = uuidv7();
        depts.push({ id: did, college: cid, courses: [] });
        await push('departments', [did, uid, cid, `Department ${c + 1}.${d + 1}`, `D${c + 1}-${d + 1}`, 'active', created, created]);
      }
    }
    const perDept = Math.max(2, Math.ceil(n / depts.length / 100));
    for (const [i, d] of depts.entries()) {
      for (let k = 0; k < perDept; k++) d.courses.push({ id: uuidv7(), code: `CS${i}-${k}`, term: TERMS[k % TERMS.length], n: 0 });
    }
    const nf = Math.max(depts.length, Math.round(n / 25));
    for (let f = 0; f < nf; f++) {
      const d = depts[f % depts.length];
      await push('faculty', [uuidv7(), uid, d.college, d.id, pick(FIRST), pick(LAST), `f${f}@u${u}.bench.test`, 'active', `E${pad(f, 6)}`, 'Lecturer', 'full_time', '2020-09-01', created, created]);
    }
    for (let s = 0; s < n; s++) {
      const sid = uuidv7();
      const d = depts[Math.floor(rand() * depts.length)];
      const t = now - Math.floor(rand() * 4 * YEAR);
      const ts = dbTime(t);
      let r = rand();
      let status = 'active';
      for (const [st, p] of STATUSES) {
        if (r < p) { status = st; break; }
        r -= p;
      }
      const deleted = rand() < 0.01 ? dbTime(t + 86_400_000) : null;
      const first = pick(FIRST);
      const last = pick(LAST);
      const phone = `+1 555 ${pad(Math.floor(rand() * 10_000_000), 7)}`;
      const dob = `${1995 + Math.floor(rand() * 12)}-${pad(1 + Math.floor(rand() * 12), 2)}-${pad(1 + Math.floor(rand() * 28), 2)}`;
      await push('students', [sid, uid, d.college, d.id, first, last, `s${s}@u${u}.bench.test`, cipher.encrypt(phone), cipher.encrypt(dob), status, `A${pad(s, 7)}`, pick(PROGRAMS), 1 + Math.floor(rand() * 4), ts.slice(0, 10), ts, ts, deleted]);
      const taken = new Set();
      for (let e = 0; e < env.enrollmentsPerStudent && e < d.courses.length; e++) {
        let c;
        do c = d.courses[Math.floor(rand() * d.courses.length)];
        while (taken.has(c));
        taken.add(c);
        if (!deleted) c.n++;
        await push('enrollments', [uuidv7(), uid, d.college, sid, c.id, c.term, 'enrolled', ts, ts, ts, deleted]);
      }
    }
    for (const [i, d] of depts.entries()) {
      for (const c of d.courses) await push('courses', [c.id, uid, d.college, d.id, c.code, `Course ${c.code}`, 3, c.term, Math.max(30, c.n + 10), c.n, 'active', created, created]);
      void i;
    }
    // Users: an owner, a viewer, registrars in proportion to size, one admin per college. One
    // registrar per 500 students (400 in the largest tenant): with one per 2,000, the largest tenant had
    // fewer staff than the workload draws for it, so each made ~7 requests a second and met the
    // per-user rate limit (300/min) — 429s in the table that no real tenant's staff would cause.
    const users = [['university_owner', 'owner', null], ['viewer', 'viewer', null]];
    for (let r = 0; r < Math.max(1, Math.round(n / 500)); r++) users.push(['registrar', `registrar${r}`, null]);
    for (let c = 0; c < nc; c++) users.push(['college_admin', `admin${c}`, depts[c * 4].college]);
    for (const [role, local, college] of users) {
      const id = uuidv7();
      await push('users', [id, uid, college, `${role} ${u}`, `${local}@u${u}.bench.test`, passwordHash, 'active', created, created, created]);
      await push('user_roles', [id, roles[role], created]);
    }
  }
  for (const [t, rows] of Object.entries(buffers)) if (rows.length) await send(t, rows);
  await Promise.all(inflight);
  // The rows went in directly, not through the repositories: the dashboard's counters from them.
  const counted = await api.openPlatform(api.loadConfig(serverEnv({ DATABASE_QUERY_TIMEOUT_MS: '0' })));
  await api.rebuildDashboardCounts(counted.database.db);
  await counted.close();
  const tLoaded = Date.now();
  for (const t of Object.keys(COLS)) await pool.query(`ANALYZE TABLE ${t}`);
  await pool.query('CREATE TABLE _bench_dataset (params TEXT NOT NULL, counts TEXT NOT NULL, load_seconds DOUBLE NOT NULL, loaded_at DATETIME(3) NOT NULL)');
  const seconds = (Date.now() - started) / 1000;
  await pool.query('INSERT INTO _bench_dataset VALUES (?, ?, ?, ?)', [want, JSON.stringify(counts), seconds, dbTime(Date.now())]);
  await pool.end();
  log(`loaded in ${seconds.toFixed(1)} s (schema ${((tMigrated - started) / 1000).toFixed(1)} s, rows ${((tLoaded - tMigrated) / 1000).toFixed(1)} s, analyze ${((Date.now() - tLoaded) / 1000).toFixed(1)} s): ${JSON.stringify(counts)}`);
  return { skipped: false, seconds, counts, params: params() };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  generate({ force: process.argv.includes('--force') }).then(
    () => process.exit(0),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
