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

  it('names, summarises, tags and answers every operation so a client can be generated', async () => {
    const doc = (await ctx.app.inject('/docs/json')).json();
    const problems: string[] = [];
    const ids = new Map<string, string>();
    for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, Record<string, unknown>>>)) {
      for (const [method, op] of Object.entries(ops)) {
        const where = `${method.toUpperCase()} ${path}`;
        const id = op.operationId as string | undefined;
        if (!id || !/^[a-z][a-zA-Z0-9]+$/.test(id)) problems.push(`${where}: operationId ${id ?? '(none)'} is not camelCase`);
        else if (ids.has(id)) problems.push(`${where}: operationId ${id} also names ${ids.get(id)}`);
        else ids.set(id, where);
        if (!op.summary) problems.push(`${where}: no summary`);
        if (!(op.tags as string[] | undefined)?.length) problems.push(`${where}: no tag`);
        const responses = op.responses as Record<string, { content?: Record<string, unknown> }>;
        const success = Object.keys(responses).filter((s) => /^2\d\d$/.test(s));
        if (!success.length) problems.push(`${where}: no 2xx answer`);
        for (const s of success) if (s !== '204' && !responses[s]!.content) problems.push(`${where}: ${s} has no body or media type`);
        if (path.startsWith('/api/') && !responses['429']) problems.push(`${where}: 429 not documented`);
      }
    }
    expect(problems).toEqual([]);
    // Every tag used is described once at the top.
    const described = new Set((doc.tags as { name: string; description?: string }[]).filter((t) => t.description).map((t) => t.name));
    const used = new Set(Object.values(doc.paths as Record<string, Record<string, { tags: string[] }>>).flatMap((ops) => Object.values(ops).flatMap((o) => o.tags)));
    expect([...used].filter((t) => !described.has(t))).toEqual([]);
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
