// Background work at size, on the embedded default: imports 100,000 students from one CSV, then
// renders a student-roster PDF over all of them, sampling the server's RSS throughout.
// Run after `npm run build`:  node bench/background-memory.mjs [rows]
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const rows = Number(process.argv[2] ?? 100_000);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bf-bench-'));
const port = 3900 + Math.floor(Math.random() * 90);
const base = `http://127.0.0.1:${port}`;
const server = spawn(process.execPath, [path.join(root, 'apps/api/dist/server.js')], { env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn' }, stdio: 'ignore' });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
try {
  for (let i = 0; i < 240 && !(await fetch(`${base}/up`).then((r) => r.ok, () => false)); i++) await sleep(250);
  const login = async (email) => (await (await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: 'Bitflow-Demo-2026!' }) })).json()).data.access_token;
  const owner = await login('owner@northbridge.demo');
  const god = await login('owner@bitflow.demo');
  const get = async (url, token) => (await (await fetch(`${base}${url}`, { headers: { authorization: `Bearer ${token}` } })).json()).data;
  let peak = 0;
  const rss = async () => (await get('/api/v1/god-mode/health', god)).process.rss_mb;
  const baseline = await rss();
  const sampler = setInterval(async () => { peak = Math.max(peak, await rss().catch(() => 0)); }, 500);

  const lines = ['admission_number,first_name,last_name,email,department_code,year_of_study'];
  for (let i = 0; i < rows; i++) lines.push(`BX-${i},First${i},Last${i},s${i}@bench.example,CS,${1 + (i % 4)}`);
  const form = new FormData();
  form.append('file', new Blob([lines.join('\n')], { type: 'text/csv' }), 'bench.csv');
  let t = performance.now();
  const imp = (await (await fetch(`${base}/api/v1/imports?entity_type=students`, { method: 'POST', headers: { authorization: `Bearer ${owner}` }, body: form })).json()).data;
  let state;
  do { await sleep(500); state = await get(`/api/v1/imports/${imp.id}`, owner); } while (!['completed', 'failed'].includes(state.status));
  const importSeconds = (performance.now() - t) / 1000;
  const importPeak = peak;

  t = performance.now();
  const rep = (await (await fetch(`${base}/api/v1/reports/generate`, { method: 'POST', headers: { authorization: `Bearer ${owner}`, 'content-type': 'application/json' }, body: JSON.stringify({ type: 'student_roster', format: 'pdf' }) })).json()).data;
  let r;
  do { await sleep(500); r = await get(`/api/v1/reports/${rep.id}/status`, owner); } while (r.status === 'generating');
  const reportSeconds = (performance.now() - t) / 1000;
  clearInterval(sampler);
  console.log(JSON.stringify({ rows, import: { status: state.status, created: state.created_count, errors: state.error_count, seconds: +importSeconds.toFixed(1), peak_rss_mb: importPeak }, report: { status: r.status, rows: r.row_count, mb: +(r.file_size / 1048576).toFixed(1), seconds: +reportSeconds.toFixed(1) }, rss_mb: { baseline, peak } }, null, 2));
} finally {
  server.kill('SIGTERM');
  fs.rmSync(dataDir, { recursive: true, force: true });
}
