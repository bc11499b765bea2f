import { loadApi } from './build.mjs';
import { serverEnv } from './env.mjs';

// What the floor server (bench/floor-server.mjs) replays: for each request, the statements the
// API's own code sends for it in steady state (identity caches warm) and the body it answers. The
// app is built in this process against the bench database with a query logger, as capture.mjs does
// for the SQL ceiling.

/** Signs `email` in, then paths → { token, captured: [{ path, statements: [{sql, params}], body }] } */
export async function captureForFloor(email, password, paths) {
  const api = await loadApi();
  const config = api.loadConfig(serverEnv());
  let current = null;
  const platform = await api.openPlatform(config, {
    dbLog: (e) => {
      if (current && e.level === 'query') current.push({ sql: e.query.sql, params: [...e.query.parameters] });
    },
  });
  const app = await api.buildApp(config, { platform, logger: false });
  await app.ready();
  const out = [];
  let token;
  try {
    const signIn = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, headers: { 'user-agent': 'bitflow-bench' } });
    token = signIn.json().data?.access_token;
    if (!token) throw new Error(`floor capture: sign-in failed ${signIn.statusCode} ${signIn.body.slice(0, 200)}`);
    for (const path of paths) {
      const r = { path, headers: { authorization: `Bearer ${token}` } };
      const req = { method: 'GET', url: r.path, headers: r.headers };
      // Twice first: identity caches and the list's cached total are warm, as in a steady state.
      await app.inject(req);
      await app.inject(req);
      current = [];
      const res = await app.inject(req);
      if (res.statusCode !== 200) throw new Error(`floor capture ${r.path}: ${res.statusCode} ${res.body.slice(0, 200)}`);
      out.push({ path: r.path, statements: current, body: res.body });
      current = null;
    }
  } finally {
    await app.close();
    await platform.close();
  }
  return { token, captured: out };
}
