// Prepares and checks the floor server (floor-server.mjs):
//   node bench/floor.mjs            # capture the API's statements and bodies, start the floor, compare
// Writes bench/.data/floor-script.json: a signed-in university owner's token and, per endpoint, the
// requests the bench sends (list page 1 in a mid-sized and in the big tenant, 20 gets by id, 8
// searches) with the statements the API runs for each and the body it answers. bench/callgrind.mjs
// sends the same requests to the API and to the floor.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { captureForFloor } from './lib/floor-capture.mjs';
import { DATA_DIR, PASSWORD, ROOT, env, serverEnv } from './lib/env.mjs';
import { loadApi } from './lib/build.mjs';

export const FLOOR_SCRIPT = path.join(DATA_DIR, 'floor-script.json');
export const FLOOR_PORT = Number(process.env.BENCH_FLOOR_PORT ?? 3903);
const LIST = '/api/v1/students?page=1&per_page=15';
const SEARCHES = ['Smi', 'Joh', 'Wil', 'Bro', 'Gar', 'Mar', 'Tho', 'Lee'];

/** The two owners (a mid-sized tenant and the biggest) and the paths of each endpoint. */
async function plan() {
  const db = await mysql.createConnection({ uri: env.dbUrl, dateStrings: true });
  try {
    const [tenants] = await db.query('SELECT university_id AS id, COUNT(*) AS n FROM students WHERE deleted_at IS NULL GROUP BY university_id ORDER BY n DESC LIMIT 50');
    const owner = async (universityId) =>
      (
        await db.query(
          "SELECT u.email FROM users u JOIN user_roles ur ON ur.user_id = u.id JOIN roles r ON r.id = ur.role_id WHERE r.name = 'university_owner' AND u.status = 'active' AND u.university_id = ? ORDER BY u.email LIMIT 1",
          [universityId],
        )
      )[0][0].email;
    const mid = tenants[tenants.length - 1].id;
    const [ids] = await db.query('SELECT id FROM students WHERE university_id = ? AND deleted_at IS NULL ORDER BY id LIMIT 20', [mid]);
    return {
      mid: { email: await owner(mid), endpoints: { list_page1: [LIST], get_by_id: ids.map((r) => `/api/v1/students/${r.id}`), search: SEARCHES.map((q) => `/api/v1/search?q=${q}`) } },
      big: { email: await owner(tenants[0].id), endpoints: { list_page1_big: [LIST] } },
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

// Run directly: prepare, then check that the floor answers every captured request byte for byte.
if (process.argv[1] === new URL(import.meta.url).pathname) {
  const script = await prepareFloor();
  const floor = startFloor();
  floor.stderr.pipe(process.stderr);
  try {
    for (let i = 0; i < 100; i++) {
      try {
        await fetch(`http://127.0.0.1:${FLOOR_PORT}/up`);
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    let same = 0;
    for (const c of script.captured) {
      const res = await fetch(`http://127.0.0.1:${FLOOR_PORT}${c.path}`, { headers: { authorization: `Bearer ${c.token}` } });
      const body = await res.text();
      if (body === c.body) same++;
      else console.log(`DIFFERENT ${c.endpoint} ${c.path}\n  api:   ${c.body.slice(0, 400)}\n  floor: ${body.slice(0, 400)}`);
    }
    console.log(`floor: ${same} of ${script.captured.length} bodies byte-identical to the API's`);
    if (same !== script.captured.length) process.exitCode = 1;
  } finally {
    floor.kill('SIGTERM');
  }
}
