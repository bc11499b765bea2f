import { loadApi } from './build.mjs';
import { serverEnv } from './env.mjs';

// What the floor server (bench/floor-server.mjs) replays: for each request, the statements the
// API's own code sends for it in steady state (identity caches warm) and the body it answers. The
// app is built in this process against the bench database with a query logger, as capture.mjs does
// for the SQL ceiling.

/**
 * The API built in this process, `email` signed in (or the session of `token`, which writes no
 * sign-in audit row). `inject` sends a request as them; `record` also returns the statements the
 * API sent while answering it.
 */
export async function openApi({ email, password, token: given }) {
  const api = await loadApi();
  const config = api.loadConfig(serverEnv());
  let current = null;
  const platform = await api.openPlatform(config, {
    dbLog: (e) => {
      if (current && e.level === 'query') current.push({ sql: e.query.sql, params: [...e.query.parameters] });
    },
  });
  const app = await api.buildApp(config, { platform, logger: false });
  const close = async () => {
    await app.close();
    await platform.close();
  };
  try {
    await app.ready();
    let token = given;
    if (!token) {
      const signIn = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, headers: { 'user-agent': 'bitflow-bench' } });
      token = signIn.json().data?.access_token;
      if (!token) throw new Error(`floor capture: sign-in failed ${signIn.statusCode} ${signIn.body.slice(0, 200)}`);
    }
    const inject = (req) => app.inject({ ...req, headers: { authorization: `Bearer ${token}` } });
    const record = async (req) => {
      current = [];
      const res = await inject(req);
      const statements = current;
      current = null;
      return { res, statements };
    };
    return { token, inject, record, close };
  } catch (e) {
    await close();
    throw e;
  }
}

/** Signs `email` in, then paths → { token, captured: [{ path, statements: [{sql, params}], body }] } */
export async function captureForFloor(email, password, paths) {
  const api = await openApi({ email, password });
  try {
    const captured = [];
    for (const path of paths) {
      const req = { method: 'GET', url: path };
      // Twice first: identity caches and the list's cached total are warm, as in a steady state.
      await api.inject(req);
      await api.inject(req);
      const { res, statements } = await api.record(req);
      if (res.statusCode !== 200) throw new Error(`floor capture ${path}: ${res.statusCode} ${res.body.slice(0, 200)}`);
      captured.push({ path, statements, body: res.body });
    }
    return { token: api.token, captured };
  } finally {
    await api.close();
  }
}

// --- the writes: create and update of a student ---

/** A new student's body, keys in the contract's order (the audit row keeps the body as the API parsed it). */
export const createBody = (departmentId, admissionNumber) => ({ department_id: departmentId, admission_number: admissionNumber, first_name: 'Ada', last_name: 'Zzbench', phone: '+1 555 0100', date_of_birth: '2001-02-03' });
/** An update that changes the row every time: `tag` unique per run, `i` per request. */
export const updateBody = (tag, i) => ({ first_name: i % 2 ? 'Grace' : 'Ada', program: `Bench ${tag}-${i}` });

// Each statement a write sends, by what it does: floor-server.mjs finds the captured texts by these names.
const ROLES = [
  ['placement', /^select .* from `departments` where `id` = \?/],
  ['begin', /^begin$/],
  ['commit', /^commit$/],
  ['insert', /^insert into `students` /],
  ['count', /^INSERT INTO dashboard_counts /],
  ['update', /^update `students` set /],
  ['get', /^select \* from `students` where /],
  ['college', /^select `college_id` as `college_id` from `students` where `id` = \?$/],
  ['last_link', /^select `seq`, `hash` from `audit_logs` /],
  ['head', /^select .* from `audit_chain_heads` /],
  ['audit', /^insert into `audit_logs` /],
  ['advance_head', /^update `audit_chain_heads` set /],
];

/**
 * What floor-server.mjs sends for each write, in its order. The API sends the same statements, some
 * of them concurrently (the audit row and the read-back), so its log may list them in another order.
 */
export const WRITE_PLANS = {
  // The department (placement); the row and its dashboard counters in one transaction; then the
  // audit row (the row's college, the chain's last link and head, the row and the head in one
  // transaction) alongside the read-back.
  create: ['placement', 'begin', 'insert', 'count', 'commit', 'college', 'last_link', 'head', 'begin', 'audit', 'advance_head', 'commit', 'get'],
  // The row (scope check and the audit's "before"); the update (no counted column changes: no
  // transaction); then the audit row alongside the read-back.
  update: ['get', 'update', 'college', 'last_link', 'head', 'begin', 'audit', 'advance_head', 'commit', 'get'],
};

/** The statements of one write by role; throws when the API's write no longer sends the floor's plan. */
function byRole(write, statements) {
  const found = statements.map((s) => ({ ...s, role: ROLES.find(([, re]) => re.test(s.sql))?.[0] ?? '?' }));
  const sorted = (roles) => [...roles].sort().join(',');
  if (sorted(found.map((s) => s.role)) !== sorted(WRITE_PLANS[write])) {
    throw new Error(`floor capture: the API's ${write} sends other statements than the floor's plan (${WRITE_PLANS[write].join(', ')}):\n${found.map((s) => `  ${s.role}: ${s.sql}`).join('\n')}`);
  }
  return { order: found.map((s) => s.role), statements: Object.fromEntries(found.map((s) => [s.role, { sql: s.sql, params: s.params }])) };
}

/**
 * Signs `email` in, creates three students in `departmentId` and updates each once, recording the
 * third of each (the first two warm the caches and give the audit chain its head, as in a steady
 * state). The created students are the targets of the bench's updates.
 */
export async function captureWrites(email, password, departmentId, tag) {
  const api = await openApi({ email, password });
  try {
    const ids = [];
    let create;
    let update;
    for (let i = 0; i < 3; i++) {
      const sent = createBody(departmentId, `${tag}-${i}`);
      const { res, statements } = await api.record({ method: 'POST', url: '/api/v1/students', payload: sent });
      if (res.statusCode !== 201) throw new Error(`floor capture POST /api/v1/students: ${res.statusCode} ${res.body.slice(0, 200)}`);
      ids.push(res.json().data.id);
      create = { id: ids[i], sent, body: res.body, statements };
    }
    for (const [i, id] of ids.entries()) {
      const sent = updateBody(tag, i);
      const { res, statements } = await api.record({ method: 'PUT', url: `/api/v1/students/${id}`, payload: sent });
      if (res.statusCode !== 200) throw new Error(`floor capture PUT /api/v1/students/${id}: ${res.statusCode} ${res.body.slice(0, 200)}`);
      update = { id, sent, body: res.body, statements };
    }
    return { token: api.token, department_id: departmentId, ids, create: { ...create, ...byRole('create', create.statements) }, update: { ...update, ...byRole('update', update.statements) } };
  } finally {
    await api.close();
  }
}
