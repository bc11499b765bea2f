import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { mountNext } from '../../src/web/mount-next.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { createUniversity, signInAs } from '../helpers/factories.js';

// Answers of 1 KB and more are compressed for a client that accepts it (src/http/compression.ts);
// small ones, Server-Sent Events and the already compressed are not.

let ctx: TestContext;
let owner: Awaited<ReturnType<typeof signInAs>>;
const db = () => ctx.platform.database.db;

beforeAll(async () => {
  ctx = await createTestContext();
  const uni = await createUniversity(db());
  owner = await signInAs(ctx.app, db(), 'university_owner', uni);
  for (let i = 0; i < 20; i++) {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/students',
      headers: owner.headers,
      payload: { department_id: uni.departmentId, admission_number: `CMP-${String(i).padStart(3, '0')}`, first_name: 'Compressible', last_name: `Student ${i}`, email: `cmp.${i}@example.test` },
    });
    expect(res.statusCode, res.body).toBe(201);
  }
});
afterAll(() => ctx.close());

const get = (url: string, encoding?: string, headers: Record<string, string> = owner.headers) =>
  ctx.app.inject({ url, headers: { ...headers, ...(encoding ? { 'accept-encoding': encoding } : {}) } });

/** A raw GET over a socket: the headers and the bytes as sent, undecoded. */
function rawGet(base: string, url: string, headers: Record<string, string>) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    http
      .get(base + url, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}

describe('compression of JSON answers', () => {
  const LIST = '/api/v1/students?per_page=20&sort=admission_number';

  it('sends a 20-row list as brotli to a client that takes it, the same JSON as uncompressed', async () => {
    const plain = await get(LIST, 'identity');
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.json().data.items).toHaveLength(20);
    expect(plain.rawPayload.length).toBeGreaterThan(1024);

    const br = await get(LIST, 'br, gzip, deflate');
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(String(br.headers.vary).toLowerCase()).toContain('accept-encoding');
    expect(br.headers['content-type']).toMatch(/^application\/json/);
    expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length / 2);
    // Compressed in one call (not streamed): the length is known, and no other answer can slip in
    // between the Content-Encoding header and the bytes it announces.
    expect(plain.rawPayload.length).toBeGreaterThan(8192);
    expect(Number(br.headers['content-length'])).toBe(br.rawPayload.length);
    expect(JSON.parse(brotliDecompressSync(br.rawPayload).toString('utf8'))).toEqual(plain.json());
  });

  it('sends gzip to a client without brotli, and nothing compressed without Accept-Encoding', async () => {
    const plain = await get(LIST, 'identity');
    const gz = await get(LIST, 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(String(gz.headers.vary).toLowerCase()).toContain('accept-encoding');
    expect(JSON.parse(gunzipSync(gz.rawPayload).toString('utf8'))).toEqual(plain.json());
    const none = await get(LIST);
    expect(none.headers['content-encoding']).toBeUndefined();
    expect(none.json()).toEqual(plain.json());
  });

  it('leaves answers under 1 KB uncompressed: /up and an empty list', async () => {
    const up = await ctx.app.inject({ url: '/up', headers: { 'accept-encoding': 'br, gzip' } });
    expect(up.statusCode).toBe(200);
    expect(up.rawPayload.length).toBeLessThan(1024);
    expect(up.headers['content-encoding']).toBeUndefined();
    expect(up.json().success).toBe(true);

    const empty = await get('/api/v1/students?q=nobody-is-called-this', 'br, gzip');
    expect(empty.statusCode).toBe(200);
    expect(empty.json().data.items).toEqual([]);
    expect(empty.headers['content-encoding']).toBeUndefined();
  });

  it('does not compress the notification stream (Server-Sent Events): its first event arrives at once', async () => {
    const base = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    const controller = new AbortController();
    try {
      const res = await fetch(`${base}/api/v1/notifications/stream`, { headers: { ...owner.headers, 'accept-encoding': 'br, gzip' }, signal: controller.signal });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
      expect(res.headers.get('content-encoding')).toBeNull();
      const reader = res.body!.getReader();
      let text = '';
      while (!text.includes('\n\n')) {
        const { value, done } = await reader.read();
        if (done) break;
        text += new TextDecoder().decode(value);
      }
      expect(text).toMatch(/^event: ready\ndata: \{"unread":\d+\}\n\n/);
    } finally {
      controller.abort();
    }
  });
});

// The portal's static assets: the API mounts the built portal (src/web/mount-next.ts) and Next
// compresses them itself (`compress`, on by default in next.config). CI builds the portal before
// the tests; without a build there is nothing to serve and the check is skipped.
const webDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../web');
const staticDir = path.join(webDir, '.next', 'static', 'chunks');
const asset = fs.existsSync(path.join(webDir, '.next', 'BUILD_ID')) && fs.existsSync(staticDir)
  ? fs.readdirSync(staticDir).find((f) => f.endsWith('.js') && fs.statSync(path.join(staticDir, f)).size > 4096)
  : undefined;

describe.skipIf(!asset)('compression of the portal’s static assets', () => {
  let web: FastifyInstance;
  let base: string;
  beforeAll(async () => {
    web = await buildApp(ctx.config, { platform: ctx.platform, logger: false });
    expect(await mountNext(web, webDir)).toBe(true);
    base = await web.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await web?.close();
  });

  it('sends /_next/static JavaScript compressed, the same bytes as the file', async () => {
    const url = `/_next/static/chunks/${asset}`;
    const file = fs.readFileSync(path.join(staticDir, asset!));
    const res = await rawGet(base, url, { 'accept-encoding': 'br, gzip' });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toMatch(/^(?:br|gzip)$/);
    expect(String(res.headers.vary).toLowerCase()).toContain('accept-encoding');
    const decoded = res.headers['content-encoding'] === 'br' ? brotliDecompressSync(res.body) : gunzipSync(res.body);
    expect(decoded.equals(file)).toBe(true);
    expect(res.body.length).toBeLessThan(file.length);

    const plain = await rawGet(base, url, { 'accept-encoding': 'identity' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.equals(file)).toBe(true);
  });
});
