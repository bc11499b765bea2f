// Prepares and checks the floor server (floor-server.mjs):
//   node bench/floor.mjs            # capture the API's statements and bodies, start the floor, compare
// Writes bench/.data/floor-script.json: a signed-in university owner's token and, per endpoint, the
// requests the bench sends (list page 1 in a mid-sized and in the big tenant, 20 gets by id, 8
// searches) with the statements the API runs for each and the body it answers. bench/callgrind.mjs
// sends the same requests to the API and to the floor.
// And the writes (`writes` in the script): the owner of a third tenant creates three students and
// updates each (lib/floor-capture.mjs `captureWrites`: their statements by role, the last bodies);
// the check then creates and updates one through the floor and has the API verify the audit chain
// the floor wrote to. A write's body differs by request (id, timestamps, what was sent), so its
// check is of the keys and the values that do not.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { captureForFloor, captureWrites, createBody, openApi, updateBody } from './lib/floor-capture.mjs';
import { DATA_DIR, PASSWORD, ROOT, env, serverEnv } from './lib/env.mjs';
import { loadApi } from './lib/build.mjs';

export const FLOOR_SCRIPT = path.join(DATA_DIR, 'floor-script.json');
export const FLOOR_PORT = Number(process.env.BENCH_FLOOR_PORT ?? 3903);
const LIST = '/api/v1/students?page=1&per_page=15';
const SEARCHES = ['Smi', 'Joh', 'Wil', 'Bro', 'Gar', 'Mar', 'Tho', 'Lee'];

/** The two owners (a mid-sized tenant and the biggest) and the paths of each endpoint; the writer. */
async function plan() {
  const db = await mysql.createConnection({ uri: env.dbUrl, dateStrings: true });
  try {
    // The writes go to a tenant of their own, chosen by id (its size grows with every create), and
    // left out of the reads' choice by size: the reads' tenants keep their rows and list pages.
    const [[{ n: universities }]] = await db.query('SELECT COUNT(*) AS n FROM universities WHERE deleted_at IS NULL');
    const [[{ id: writer }]] = await db.query('SELECT id FROM universities WHERE deleted_at IS NULL ORDER BY id LIMIT 1 OFFSET ?', [Math.floor(universities / 2)]);
    const [tenants] = await db.query('SELECT university_id AS id, COUNT(*) AS n FROM students WHERE deleted_at IS NULL AND university_id <> ? GROUP BY university_id ORDER BY n DESC LIMIT 50', [writer]);
    const owner = async (universityId) =>
      (
        await db.query(
          "SELECT u.email FROM users u JOIN user_roles ur ON ur.user_id = u.id JOIN roles r ON r.id = ur.role_id WHERE r.name = 'university_owner' AND u.status = 'active' AND u.university_id = ? ORDER BY u.email LIMIT 1",
          [universityId],
        )
      )[0][0].email;
    const mid = tenants[tenants.length - 1].id;
    const [ids] = await db.query('SELECT id FROM students WHERE university_id = ? AND deleted_at IS NULL ORDER BY id LIMIT 20', [mid]);
    const [[department]] = await db.query('SELECT id FROM departments WHERE university_id = ? AND deleted_at IS NULL ORDER BY id LIMIT 1', [writer]);
    return {
      mid: { email: await owner(mid), endpoints: { list_page1: [LIST], get_by_id: ids.map((r) => `/api/v1/students/${r.id}`), search: SEARCHES.map((q) => `/api/v1/search?q=${q}`) } },
      big: { email: await owner(tenants[0].id), endpoints: { list_page1_big: [LIST] } },
      writer: { email: await owner(writer), departmentId: department.id },
    };
  } finally {
    await db.end();
  }
}

const kindOf = (endpoint) => (endpoint.startsWith('list') ? 'list' : endpoint === 'search' ? 'search' : 'get');

export async function prepareFloor() {
  const p = await plan();
  const api = await loadApi();
  const { jwt } = api.loadConfig(serverEnv());
  const script = { issuer: jwt.issuer, audience: jwt.audience, endpoints: {}, captured: [] };
  for (const who of [p.mid, p.big]) {
    const paths = Object.values(who.endpoints).flat();
    const { token, captured } = await captureForFloor(who.email, PASSWORD, paths);
    for (const [endpoint, list] of Object.entries(who.endpoints)) {
      script.endpoints[endpoint] = { token, paths: list };
      for (const c of captured.filter((c) => list.includes(c.path))) script.captured.push({ ...c, endpoint, kind: kindOf(endpoint), token });
    }
  }
  script.writes = await captureWrites(p.writer.email, PASSWORD, p.writer.departmentId, `fl${Date.now().toString(36)}`);
  fs.writeFileSync(FLOOR_SCRIPT, JSON.stringify(script));
  return script;
}

export function startFloor(wrap = []) {
  const [cmd, ...args] = wrap.length ? wrap : [process.execPath];
  return spawn(cmd, [...args, ...(wrap.length ? [process.execPath] : []), path.join(ROOT, 'bench/floor-server.mjs')], {
    cwd: ROOT,
    env: { ...process.env, ...serverEnv(), FLOOR_SCRIPT, BENCH_FLOOR_PORT: String(FLOOR_PORT) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}

/**
 * How the floor's answer to a write differs from the API's ([] when it does not): the envelope, the
 * keys in the same order, the values sent (personal fields in plain text), and every other value the
 * API's except `perRequest` (a new row's id, timestamps).
 */
function writeDifferences(apiBody, floorBody, sent, perRequest) {
  const a = JSON.parse(apiBody);
  const f = JSON.parse(floorBody);
  const keys = (o) => JSON.stringify(Object.keys(o ?? {}));
  const out = [];
  if (keys(a) !== keys(f) || a.success !== f.success || a.message !== f.message) out.push(`envelope ${floorBody.slice(0, 200)}`);
  if (keys(a.data) !== keys(f.data)) out.push(`keys ${keys(f.data)}`);
  for (const [k, v] of Object.entries(a.data)) {
    const want = JSON.stringify(k in sent ? sent[k] : v);
    if (!perRequest.includes(k) && JSON.stringify(f.data?.[k]) !== want) out.push(`${k}: ${JSON.stringify(f.data?.[k])}, expected ${want}`);
  }
  return out;
}

// Run directly: prepare, then check that the floor answers every captured read byte for byte, and
// each write with the API's status and body; then the API verifies the audit chain.
if (process.argv[1] === new URL(import.meta.url).pathname) {
  const script = await prepareFloor();
  const floor = startFloor();
  floor.stderr.pipe(process.stderr);
  const base = `http://127.0.0.1:${FLOOR_PORT}`;
  try {
    for (let i = 0; i < 100; i++) {
      try {
        await fetch(`${base}/up`);
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    let same = 0;
    for (const c of script.captured) {
      const res = await fetch(`${base}${c.path}`, { headers: { authorization: `Bearer ${c.token}` } });
      const body = await res.text();
      if (body === c.body) same++;
      else console.log(`DIFFERENT ${c.endpoint} ${c.path}\n  api:   ${c.body.slice(0, 400)}\n  floor: ${body.slice(0, 400)}`);
    }
    console.log(`floor: ${same} of ${script.captured.length} bodies byte-identical to the API's`);
    if (same !== script.captured.length) process.exitCode = 1;

    const w = script.writes;
    const tag = `fc${Date.now().toString(36)}`;
    const writes = [
      { endpoint: 'create_student', method: 'POST', path: '/api/v1/students', sent: createBody(w.department_id, `${tag}-0`), status: 201, api: w.create, perRequest: ['id', 'created_at', 'updated_at'] },
      // The student the API's recorded update changed, so all but updated_at compare.
      { endpoint: 'update_student', method: 'PUT', path: `/api/v1/students/${w.update.id}`, sent: updateBody(tag, 0), status: 200, api: w.update, perRequest: ['updated_at'] },
    ];
    for (const x of writes) {
      const res = await fetch(`${base}${x.path}`, { method: x.method, headers: { authorization: `Bearer ${w.token}`, 'content-type': 'application/json' }, body: JSON.stringify(x.sent) });
      const body = await res.text();
      const diff = res.status === x.status ? writeDifferences(x.api.body, body, x.sent, x.perRequest) : [`status ${res.status}: ${body.slice(0, 400)}`];
      console.log(`floor ${x.endpoint}: ${diff.length ? `DIFFERENT\n  ${diff.join('\n  ')}` : `${x.status}, the API's keys and values`}; statements: ${x.api.order.join(', ')}`);
      if (diff.length) process.exitCode = 1;
    }
    // The floor's audit rows and signed head, checked by the API's own verifyChain (in the writes'
    // session: a sign-in would write a newer head).
    const api = await openApi({ token: w.token });
    try {
      const verify = (await api.inject({ method: 'GET', url: '/api/v1/audit-logs/verify' })).json();
      console.log(`audit chain of the writes' tenant: ${verify.message}${verify.data?.ok ? '' : ` ${JSON.stringify(verify.data)}`}`);
      if (!verify.data?.ok) process.exitCode = 1;
    } finally {
      await api.close();
    }
  } finally {
    floor.kill('SIGTERM');
  }
}
