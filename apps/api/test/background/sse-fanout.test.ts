import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { openPlatform, type Platform } from '../../src/platform/index.js';
import { backend, createTestContext, type TestContext } from '../helpers/context.js';
import { createUniversity, signInAs } from '../helpers/factories.js';

// Two API nodes sharing one database and one Redis, each with its own adapters (its own pub/sub
// connections), as behind a load balancer. A notification created through node A must reach a
// browser whose stream is held by node B — the fan-out goes through Redis, not process memory.

describe.skipIf(backend !== 'mysql' || !process.env.TEST_REDIS_URL)('notifications across two API nodes', () => {
  let nodeA: TestContext;
  let platformB: Platform;
  let nodeB: FastifyInstance;
  let owner: Awaited<ReturnType<typeof signInAs>>;
  let other: Awaited<ReturnType<typeof signInAs>>;

  beforeAll(async () => {
    nodeA = await createTestContext();
    platformB = await openPlatform(nodeA.config);
    nodeB = await buildApp(nodeA.config, { platform: platformB, logger: false });
    await nodeB.ready();
    const uni = await createUniversity(nodeA.platform.database.db);
    // Signed in on node A; the token is good on any node.
    owner = await signInAs(nodeA.app, nodeA.platform.database.db, 'university_owner', uni);
    other = await signInAs(nodeA.app, nodeA.platform.database.db, 'university_owner', uni);
  });

  afterAll(async () => {
    await nodeB?.close();
    await platformB?.close();
    await nodeA?.close();
  });

  async function openStream(headers: Record<string, string>) {
    const address = nodeB.server.listening ? `http://127.0.0.1:${(nodeB.server.address() as { port: number }).port}` : await nodeB.listen({ port: 0, host: '127.0.0.1' });
    const controller = new AbortController();
    const res = await fetch(`${address}/api/v1/notifications/stream`, { headers, signal: controller.signal });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const stream = { text: '', close: () => controller.abort() };
    void (async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          stream.text += new TextDecoder().decode(value);
        }
      } catch {
        /* aborted */
      }
    })();
    return stream;
  }

  const until = async (check: () => boolean, ms = 20_000) => {
    const end = Date.now() + ms;
    while (!check()) {
      if (Date.now() > end) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  it('delivers a notification created through node A to a stream held by node B, and only to its user', async () => {
    expect(platformB.pubsub).not.toBe(nodeA.platform.pubsub);
    const mine = await openStream(owner.headers);
    const theirs = await openStream(other.headers);
    await until(() => mine.text.includes('event: ready') && theirs.text.includes('event: ready'));

    // Node A takes the request; its worker completes the report and publishes the notification.
    const gen = await nodeA.app.inject({ method: 'POST', url: '/api/v1/reports/generate', headers: owner.headers, payload: { type: 'department_statistics', format: 'csv' } });
    expect(gen.statusCode).toBe(202);
    await until(() => mine.text.includes('report.ready'));
    const event = mine.text.split('\n\n').find((e) => e.includes('report.ready'))!;
    expect(event).toContain('event: notification');
    expect(JSON.parse(event.split('data: ')[1]!).data.report_id).toBe(gen.json().data.id);

    // The other user's stream on the same node got nothing but its greeting.
    await new Promise((r) => setTimeout(r, 300));
    expect(theirs.text).not.toContain('event: notification');
    // Polling on node B sees the same row.
    const polled = await nodeB.inject({ url: '/api/v1/notifications', headers: owner.headers });
    expect(polled.json().data.items.map((n: { type: string }) => n.type)).toContain('report.ready');
    mine.close();
    theirs.close();
  });
});
