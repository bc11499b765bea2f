import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { syncCatalogue } from '../../src/db/seed/catalogue.js';
import { openPlatform, type Platform } from '../../src/platform/index.js';
import { backend, createTestDatabase } from '../helpers/context.js';
import { createUniversity, createUser, PASSWORD } from '../helpers/factories.js';
import { freePort, hasBinary, waitFor } from '../helpers/throwaway.js';

// The deployment's edge on this machine: deploy/nginx/nginx.conf.template, rendered exactly as the
// nginx image renders it in compose (only the ${BITFLOW_*} values differ: loopback ports, temp
// paths), in front of two processes of the built API (apps/api/dist/server.js) sharing one database
// and one Redis. It proves TLS, the redirect, compression without double compression, forwarded
// headers, the event stream passing unbuffered across nodes, and a node killed mid-run.
//
// MariaDB + Redis leg only: two API processes must share one database and one pub/sub for the
// stream (a notification made on one node reaches a stream held by the other); the embedded
// default's SQLite file and in-process pub/sub belong to one process.

const root = path.resolve(__dirname, '../../../..');
const serverJs = path.join(root, 'apps/api/dist/server.js');
const template = path.join(root, 'deploy/nginx/nginx.conf.template');
const ready = backend === 'mysql' && !!process.env.TEST_REDIS_URL && hasBinary('nginx') && hasBinary('openssl') && fs.existsSync(serverJs);

/** What the nginx image's envsubst does with NGINX_ENVSUBST_FILTER=^BITFLOW_: every ${BITFLOW_X}, nothing else. */
function render(text: string, values: Record<string, string>) {
  return text.replace(/\$\{(BITFLOW_\w+)\}/g, (_, name: string) => {
    if (!(name in values)) throw new Error(`no value for ${name}`);
    return values[name]!;
  });
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  rawHeaders: string[];
  body: Buffer;
  protocol: string | null;
}

describe.skipIf(!ready)('proxy drill: nginx in front of two API nodes (MariaDB + Redis leg, built API)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bf-proxy-'));
  let platform: Platform;
  let config: Config;
  let dropDb: () => Promise<void>;
  let nginx: ChildProcess;
  const nodes: { port: number; proc: ChildProcess }[] = [];
  let portal: http.Server;
  const portalSaw: (string | undefined)[] = [];
  let httpPort: number;
  let httpsPort: number;
  let ca: Buffer;
  let uni: Awaited<ReturnType<typeof createUniversity>>;
  let alice: { id: string; email: string };
  let bob: { id: string; email: string };
  const asset = Buffer.from(Array.from({ length: 400 }, (_, i) => `export function chunk${i}(a){return a*${i}+"portal asset line ${i}";}\n`).join(''));

  const request = (method: string, url: string, opts: { headers?: Record<string, string>; body?: unknown; localAddress?: string; tlsOptions?: tls.ConnectionOptions } = {}) =>
    new Promise<Answer>((resolve, reject) => {
      const u = new URL(url);
      const payload = opts.body === undefined ? undefined : Buffer.from(JSON.stringify(opts.body));
      const lib = u.protocol === 'https:' ? https : http;
      const req = lib.request(u, {
        method, agent: false, ca, servername: 'localhost', localAddress: opts.localAddress, ...opts.tlsOptions,
        headers: { ...(payload ? { 'content-type': 'application/json', 'content-length': String(payload.length) } : {}), ...opts.headers },
      }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, rawHeaders: res.rawHeaders, body: Buffer.concat(chunks), protocol: (res.socket as tls.TLSSocket).getProtocol?.() ?? null }));
      });
      req.on('error', reject);
      req.end(payload);
    });
  const api = (p: string) => `https://localhost:${httpsPort}${p}`;
  const json = (a: Answer) => JSON.parse(a.body.toString()) as { data: Record<string, unknown> & { access_token: string } };
  const signIn = async (email: string, localAddress?: string, headers: Record<string, string> = {}) => {
    const res = await request('POST', api('/api/v1/auth/login'), { body: { email, password: PASSWORD }, localAddress, headers });
    expect(res.status, res.body.toString()).toBe(200);
    return { token: json(res).data.access_token, cookies: [res.headers['set-cookie'] ?? []].flat().map((c) => c.split(';')[0]!).join('; ') };
  };
  const accessLog = () => fs.readFileSync(path.join(dir, 'access.log'), 'utf8');

  beforeAll(async () => {
    // nginx's workers run as an unprivileged user when the master is root: they must reach the temp folders.
    fs.chmodSync(dir, 0o755);
    const cert = path.join(dir, 'cert.pem');
    const key = path.join(dir, 'key.pem');
    const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1', '-subj', '/CN=localhost',
      '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-keyout', key, '-out', cert], { encoding: 'utf8' });
    expect(made.status, made.stderr).toBe(0);
    ca = fs.readFileSync(cert);

    // One database and one Redis for both nodes; migrated and given users from here.
    const db = await createTestDatabase();
    config = db.config;
    dropDb = db.drop;
    platform = await openPlatform(config);
    await migrateToLatest(platform.database.db);
    await syncCatalogue(platform.database.db);
    uni = await createUniversity(platform.database.db);
    alice = await createUser(platform.database.db, { role: 'university_owner', universityId: uni.id });
    bob = await createUser(platform.database.db, { role: 'university_owner', universityId: uni.id });

    const keys = config.encryptionKeys!;
    const nodeEnv = {
      NODE_ENV: 'production', LOG_LEVEL: 'warn', HOST: '127.0.0.1', DATA_DIR: config.dataDir, DATABASE_URL: config.database.url!,
      REDIS_URL: config.redisUrl!, REDIS_PREFIX: config.redisPrefix, ENCRYPTION_KEYS: `${keys.activeId}:${keys.keys.get(keys.activeId)!.toString('base64')}`,
      JWT_KEYS_DIR: config.jwt.keysDir, TRUST_PROXY: 'true', MIGRATE_ON_START: 'false', BITFLOW_DEMO: 'false', MFA_REQUIRED_FOR_OWNERS: 'false',
      WORKER_IN_PROCESS: 'false',
      // Not the proxy's address: a cookie refresh is accepted only because the forwarded headers name it.
      PUBLIC_URL: 'https://portal.invalid', CORS_ORIGINS: 'https://portal.invalid',
    };
    const [p1, p2, pPortal] = [await freePort(), await freePort(), await freePort()];
    for (const port of [p1, p2]) {
      const env: Record<string, string | undefined> = { ...process.env, ...nodeEnv, PORT: String(port) };
      for (const k of Object.keys(env)) if (k.startsWith('TEST_') || k.startsWith('VITEST')) delete env[k];
      nodes.push({ port, proc: spawn(process.execPath, [serverJs], { env, stdio: ['ignore', 'ignore', 'inherit'] }) });
    }

    // The portal's place is taken by a plain HTTP server: the drill is about the proxy's routing and
    // compression of what it serves, and a portal build takes minutes. It records what it was asked to accept.
    portal = http.createServer((req, res) => {
      portalSaw.push(req.headers['accept-encoding']);
      if (req.url?.startsWith('/_next/static/')) {
        res.writeHead(200, { 'content-type': 'application/javascript; charset=utf-8', 'cache-control': 'public, max-age=31536000, immutable' });
        res.end(asset);
      } else {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(`<!doctype html><title>portal</title><p>${req.url}</p>`);
      }
    });
    await new Promise<void>((r) => portal.listen(pPortal, '127.0.0.1', r));

    [httpPort, httpsPort] = [await freePort(), await freePort()];
    fs.mkdirSync(path.join(dir, 'temp'));
    const conf = path.join(dir, 'nginx.conf');
    fs.writeFileSync(conf, render(fs.readFileSync(template, 'utf8'), {
      BITFLOW_LISTEN_HOST: '127.0.0.1', BITFLOW_HTTP_PORT: String(httpPort), BITFLOW_HTTPS_PORT: String(httpsPort),
      BITFLOW_API_1: `127.0.0.1:${p1}`, BITFLOW_API_2: `127.0.0.1:${p2}`, BITFLOW_PORTAL: `127.0.0.1:${pPortal}`,
      BITFLOW_TLS_CERT: cert, BITFLOW_TLS_KEY: key, BITFLOW_NGINX_TEMP: path.join(dir, 'temp'), BITFLOW_ACCESS_LOG: path.join(dir, 'access.log'),
    }));
    nginx = spawn('nginx', ['-p', dir, '-c', conf, '-g', `daemon off; pid ${path.join(dir, 'nginx.pid')}; error_log stderr crit;`], { stdio: ['ignore', 'ignore', 'inherit'] });

    for (const n of nodes) await waitFor(async () => (await fetch(`http://127.0.0.1:${n.port}/up`)).ok, 30_000, `API node :${n.port}`);
    await waitFor(async () => (await request('GET', api('/up'))).status === 200, 10_000, 'nginx');
  }, 60_000);

  afterAll(async () => {
    const stop = (p?: ChildProcess) => p && p.exitCode === null && p.signalCode === null && new Promise((r) => { p.once('exit', r); p.kill('SIGTERM'); });
    await Promise.all([stop(nginx), ...nodes.map((n) => stop(n.proc))]);
    await new Promise((r) => portal?.close(r));
    await platform?.close();
    await dropDb?.();
    fs.rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  it('answers over HTTPS (TLS 1.3 by default) with one HSTS header, and keeps /metrics inside', async () => {
    const up = await request('GET', api('/up'));
    expect(up.status).toBe(200);
    expect(up.protocol).toBe('TLSv1.3');
    const hsts = up.rawHeaders.filter((_, i) => i % 2 === 0 && up.rawHeaders[i]!.toLowerCase() === 'strict-transport-security');
    expect(hsts).toHaveLength(1);
    expect((await request('GET', api('/metrics'))).status).toBe(404);
  });

  it('redirects HTTP to HTTPS with a 301, keeping path and query', async () => {
    const res = await request('GET', `http://localhost:${httpPort}/api/v1/students?q=a%20b&page=2`);
    expect(res.status).toBe(301);
    expect(res.headers.location).toBe(`https://localhost:${httpsPort}/api/v1/students?q=a%20b&page=2`);
  });

  it('speaks TLS 1.2 and 1.3 only: a TLS 1.1 client is refused by the server', async () => {
    const v12 = await request('GET', api('/up'), { tlsOptions: { maxVersion: 'TLSv1.2' } });
    expect([v12.status, v12.protocol]).toEqual([200, 'TLSv1.2']);
    // The client allows TLS 1.1 (security level 0), so the refusal is the server's alert, not the client's own.
    const v11 = await request('GET', api('/up'), { tlsOptions: { minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' } }).then(
      () => 'accepted',
      (err: Error) => err.message,
    );
    expect(v11).toMatch(/alert protocol version/);
  });

  it('compresses the portal’s static assets itself, and leaves the API’s own compression alone', async () => {
    portalSaw.length = 0;
    const js = await request('GET', api('/_next/static/chunks/app-1234.js'), { headers: { 'accept-encoding': 'gzip, br' } });
    expect(js.status).toBe(200);
    expect(js.headers['content-encoding']).toBe('gzip');
    expect(js.headers['cache-control']).toContain('immutable');
    expect(zlib.gunzipSync(js.body).equals(asset)).toBe(true);
    expect(js.body.length).toBeLessThan(asset.length / 4);
    // The portal was not asked to compress: one compressor, the proxy.
    expect(portalSaw).toEqual([undefined]);
    expect((await request('GET', api('/login'))).body.toString()).toContain('<p>/login</p>');

    // The API's OpenAPI document (well over 1 KB): brotli from the API, once, decoded once to JSON.
    const doc = await request('GET', api('/docs/json'), { headers: { 'accept-encoding': 'br, gzip' } });
    expect(doc.status).toBe(200);
    expect(doc.headers['content-encoding']).toBe('br');
    expect(String(doc.headers.vary)).toMatch(/accept-encoding/i);
    expect((JSON.parse(zlib.brotliDecompressSync(doc.body).toString()) as { openapi: string }).openapi).toMatch(/^3\./);
  });

  it('forwards the client’s address, scheme and host: the audit log records the client, not a forged header', async () => {
    // The client connects from 127.0.0.2; the proxy reaches the nodes from 127.0.0.1.
    const s = await signIn(bob.email, '127.0.0.2', { 'x-forwarded-for': '203.0.113.7' });
    const row = await platform.database.db.selectFrom('audit_logs').select(['ip']).where('action', '=', 'auth.login').where('actor_id', '=', bob.id).orderBy('seq', 'desc').executeTakeFirstOrThrow();
    expect(row.ip).toBe('127.0.0.2');

    // A cookie refresh is accepted only from the API's own origin, which it learns from
    // X-Forwarded-Proto and X-Forwarded-Host (PUBLIC_URL names another host here).
    const foreign = await request('POST', api('/api/v1/auth/refresh'), { headers: { cookie: s.cookies, origin: 'https://evil.example' } });
    expect(foreign.status).toBe(403);
    const own = await request('POST', api('/api/v1/auth/refresh'), { headers: { cookie: s.cookies, origin: `https://localhost:${httpsPort}` } });
    expect(own.status, own.body.toString()).toBe(200);
  });

  it('passes the notification stream through unbuffered: an event made on either node arrives within a second or two', async () => {
    const a = await signIn(alice.email);
    const b = await signIn(bob.email);
    const events: { at: number; text: string }[] = [];
    let stream!: http.ClientRequest;
    const opened = new Promise<http.IncomingMessage>((resolve, reject) => {
      stream = https.request(new URL(api('/api/v1/notifications/stream')), { agent: false, ca, servername: 'localhost', headers: { authorization: `Bearer ${a.token}`, 'accept-encoding': 'gzip, br' } }, resolve);
      stream.on('error', reject);
      stream.end();
    });
    // A buffering proxy would hold even the headers back: bounded, so the failure says so.
    const res = await Promise.race([opened, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('stream did not open within 5 s')), 5_000))]);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(res.headers['content-encoding']).toBeUndefined();
    res.on('data', (c: Buffer) => events.push({ at: Date.now(), text: c.toString() }));
    await waitFor(async () => events.some((e) => e.text.includes('event: ready')), 5_000, 'ready event');
    try {
      // Bob invites someone; Alice (who also holds users.view) is notified live.
      const sent = Date.now();
      const invite = await request('POST', api('/api/v1/users'), { headers: { authorization: `Bearer ${b.token}` }, body: { name: 'Drill Invitee', email: `invitee.${Date.now()}@example.test`, roles: ['viewer'] } });
      expect(invite.status, invite.body.toString()).toBe(201);
      await waitFor(async () => events.some((e) => e.text.includes('event: notification')), 3_000, 'notification event');
      const got = events.find((e) => e.text.includes('event: notification'))!;
      expect(got.text).toContain('Drill Invitee');
      expect(got.at - sent).toBeLessThan(2_000);
    } finally {
      stream.destroy();
    }
  }, 15_000);

  it('keeps answering every GET when one API node is killed', async () => {
    const { token } = await signIn(alice.email);
    const get = () => request('GET', api('/api/v1/notifications'), { headers: { authorization: `Bearer ${token}` } });
    // Both nodes serve before the kill.
    for (let i = 0; i < 6; i++) expect((await get()).status).toBe(200);
    const served = accessLog();
    for (const n of nodes) expect(served).toContain(`upstream=127.0.0.1:${n.port}`);

    const victim = nodes[0]!;
    const died = new Promise((r) => victim.proc.once('exit', r));
    victim.proc.kill('SIGKILL');
    await died;
    const before = accessLog().length;
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) statuses.push((await get()).status);
    expect(statuses).toEqual(Array(30).fill(200));
    // At least one request reached the dead node first and was retried on the live one.
    const after = accessLog().slice(before);
    expect(after).toMatch(new RegExp(`upstream=127\\.0\\.0\\.1:${victim.port}, 127\\.0\\.0\\.1:${nodes[1]!.port}`));
  }, 30_000);
});
