import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../helpers/context.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

describe('OpenAPI', () => {
  it('documents every registered API route', async () => {
    const res = await ctx.app.inject('/docs/json');
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    const documented = new Set<string>();
    for (const [path, ops] of Object.entries(doc.paths as Record<string, object>)) {
      for (const method of Object.keys(ops)) documented.add(`${method.toUpperCase()} ${path}`);
    }
    const routes = ctx.app.routeTable.filter((r) => r.url.startsWith('/api/') || r.url === '/up');
    expect(routes.length).toBeGreaterThan(40);
    const missing = routes.map((r) => `${r.method} ${r.url.replace(/:(\w+)/g, '{$1}')}`).filter((k) => !documented.has(k));
    expect(missing).toEqual([]);
  });

  it('serves the UI at /docs', async () => {
    const res = await ctx.app.inject('/docs/');
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/swagger/i);
  });

  it('describes request bodies from the zod schemas', async () => {
    const doc = (await ctx.app.inject('/docs/json')).json();
    const body = doc.paths['/api/v1/students'].post.requestBody.content['application/json'].schema;
    expect(body.required).toEqual(expect.arrayContaining(['department_id', 'admission_number', 'first_name', 'last_name']));
  });
});
