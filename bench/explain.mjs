// Timings (3 runs, one connection) and EXPLAIN of the statements behind the big-tenant and God Mode
// lists and search: the quick check behind the optimisations in BENCHMARKS.md.  node bench/explain.mjs
import mysql from 'mysql2/promise';
import { env } from './lib/env.mjs';

const c = await mysql.createConnection({ uri: env.dbUrl, dateStrings: true });
const [[{ id: U }]] = await c.query("SELECT id FROM universities WHERE code = 'BU0000'");
// A college admin of a mid-size tenant (BU0020).
const [[{ id: M }]] = await c.query("SELECT id FROM universities WHERE code = 'BU0020'");
const [[{ college_id: C }]] = await c.query('SELECT college_id FROM users WHERE university_id = ? AND college_id IS NOT NULL LIMIT 1', [M]);
// The sort key and id of the last row of page 499: where a cursor for page 500 points.
const [[K]] = await c.query('select last_name, id from students where university_id = ? and deleted_at is null order by last_name, id limit 1 offset 7484', [U]);
const qs = {
  ids_page1_college_mid: ['select students.id as id from students where (students.university_id = ? and students.college_id in (?)) and students.deleted_at is null order by students.last_name asc, students.id asc limit 15 offset 0', [M, C]],
  count_big: ['select count(*) as n from students where students.university_id = ? and students.deleted_at is null', [U]],
  ids_page1_big: ['select students.id as id from students where students.university_id = ? and students.deleted_at is null order by students.last_name asc, students.id asc limit 15 offset 0', [U]],
  ids_page500_big: ['select students.id as id from students where students.university_id = ? and students.deleted_at is null order by students.last_name asc, students.id asc limit 15 offset 7485', [U]],
  ids_page500_cursor_big: ['select students.id as id, students.last_name as sort_key from students where students.university_id = ? and students.deleted_at is null and (students.last_name >= ? and (students.last_name > ? or students.id > ?)) order by students.last_name asc, students.id asc limit 16', [U, K.last_name, K.last_name, K.id]],
  god_ids_page1: ['select students.id as id from students where 1 = 1 and students.deleted_at is null order by students.last_name asc, students.id asc limit 15 offset 0', []],
  // The God Mode list page as the API sends it (deferred join on the index it names), and the capped
  // total it counted beside every page until that total was kept 10 s (god-mode/platform-totals.ts).
  god_page1_deferred: ['select students.* from students inner join (select students.id as id from students FORCE INDEX (students_live_last_idx) where 1 = 1 and students.deleted_at is null order by students.last_name asc, students.id asc limit 16 offset 0) as bf_page on bf_page.id = students.id where 1 = 1 and students.deleted_at is null order by students.last_name asc, students.id asc', []],
  god_count_capped: ['SELECT COUNT(*) AS n FROM (select 1 as one from students where 1 = 1 and students.deleted_at is null limit 10001) AS capped', []],
  search_students_or_big: ["select students.id from students where students.university_id = ? and students.deleted_at is null and (students.last_name like 'Smi%' or students.admission_number like 'Smi%' or students.email like 'smi%') order by students.last_name limit 5", [U]],
  search_students_admission_big: ["select students.id from students where students.university_id = ? and students.deleted_at is null and students.admission_number like 'Smi%' order by students.last_name limit 5", [U]],
  search_students_email_big: ["select students.id from students where students.university_id = ? and students.deleted_at is null and students.email like 'smi%' order by students.last_name limit 5", [U]],
  search_students_lastname_big: ["select students.id from students where students.university_id = ? and students.deleted_at is null and students.last_name like 'Smi%' order by students.last_name limit 5", [U]],
};
// Index entries a statement reads (Handler_read_next + Handler_read_rnd_next; a filesort reads the whole range).
const readsOf = async (sql, p) => {
  await c.query('FLUSH STATUS');
  await c.query(sql, p);
  const [rows] = await c.query("SHOW SESSION STATUS WHERE Variable_name IN ('Handler_read_next', 'Handler_read_rnd_next')");
  return rows.reduce((a, r) => a + Number(r.Value), 0);
};
for (const [k, [sql, p]] of Object.entries(qs)) {
  const t = [];
  for (let i = 0; i < 3; i++) { const t0 = performance.now(); await c.query(sql, p); t.push(performance.now() - t0); }
  const [plan] = await c.query('EXPLAIN ' + sql, p);
  const read = await readsOf(sql, p);
  console.log(k.padEnd(30), t.map((x) => x.toFixed(1)).join(' / '), 'ms', `| ${read} entries read |`, plan.map((r) => `${r.type} ${r.key} rows=${r.rows} ${r.Extra}`).join('; '));
}

// Every tenant's default page 1 (university level), as MariaDB plans it by itself and with the index
// the API names (FORCE INDEX, see apps/api/src/db/force-index.ts): index entries read
// (Handler_read_next + Handler_read_rnd_next; a filesort reads the whole tenant).
const pageIds = (hint) => `select students.id from students ${hint} where students.university_id = ? and students.deleted_at is null order by students.last_name asc, students.id asc limit 16`;
const [tenants] = await c.query('SELECT university_id AS id, COUNT(*) AS n FROM students WHERE deleted_at IS NULL GROUP BY university_id ORDER BY n DESC');
const bad = [];
let worstHinted = 0;
for (const t of tenants) {
  const plain = await readsOf(pageIds(''), [t.id]);
  worstHinted = Math.max(worstHinted, await readsOf(pageIds('FORCE INDEX (students_univ_live_last_idx)'), [t.id]));
  if (plain > 100) bad.push({ n: Number(t.n), plain });
}
console.log(`default page 1 of ${tenants.length} tenants: ${bad.length} read more than 100 index entries when MariaDB picks the index` +
  (bad.length ? ` (tenants of ${Math.min(...bad.map((b) => b.n))}–${Math.max(...bad.map((b) => b.n))} students, up to ${Math.max(...bad.map((b) => b.plain))} entries)` : '') +
  `; with the index the API names, at most ${worstHinted}`);
await c.end();
