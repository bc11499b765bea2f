import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backend, createTestContext, secondNode, type TestContext } from '../helpers/context.js';
import { bearer, createUniversity, createUser, login, signInAs } from '../helpers/factories.js';

// A notification stream belongs to the session that opened it: signing out, signing out everywhere,
// revoking the session or deactivating the account ends the stream at once — not at the next
// keep-alive, 25 s later, nor never. On MariaDB + Redis the stream is held by a second API node
// (its own pub/sub connections) while the session is ended through the first.

const twoNodes = backend === 'mysql' && !!process.env.TEST_REDIS_URL;

describe('notification streams end with their session', () => {
  let nodeA: TestContext;
  let second: Awaited<ReturnType<typeof secondNode>> | null = null;
  let nodeB: FastifyInstance;
  let uni: Awaited<ReturnType<typeof createUniversity>>;
  let admin: Awaited<ReturnType<typeof signInAs>>;
  let address: string;

  beforeAll(async () => {
    nodeA = await createTestContext();
    if (twoNodes) second = await secondNode(nodeA);
    nodeB = second?.app ?? nodeA.app;
    address = await nodeB.listen({ port: 0, host: '127.0.0.1' });
    uni = await createUniversity(nodeA.platform.database.db);
    admin = await signInAs(nodeA.app, nodeA.platform.database.db, 'university_owner', uni);
  }, 60_000);

  afterAll(async () => {
    await second?.close();
    await nodeA?.close();
  });

  async function openStream(token: string) {
    const controller = new AbortController();
    const res = await fetch(`${address}/api/v1/notifications/stream`, { headers: bearer(token), signal: controller.signal });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const stream = { text: '', ended: false, close: () => controller.abort() };
    void (async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          stream.text += new TextDecoder().decode(value);
        }
        stream.ended = true;
      } catch {
        /* aborted by the test */
      }
    })();
    await until(() => stream.text.includes('event: ready'), 10_000);
    return stream;
  }

  const until = async (check: () => boolean, ms: number) => {
    const end = Date.now() + ms;
    while (!check()) {
      if (Date.now() > end) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 25));
    }
  };

  const staff = async () => {
    const user = await createUser(nodeA.platform.database.db, { role: 'university_owner', universityId: uni.id });
    return { ...user, first: await login(nodeA.app, user.email), second: await login(nodeA.app, user.email) };
  };

  it('ends the stream of a session that signs out, within 2 s, and leaves the same user’s other session streaming', async () => {
    const u = await staff();
    const gone = await openStream(u.first.access_token);
    const kept = await openStream(u.second.access_token);
    const out = await nodeA.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: bearer(u.first.access_token) });
    expect(out.statusCode).toBeLessThan(300);
    await until(() => gone.ended, 2_000);
    expect(gone.text).toContain('event: session-ended');
    await new Promise((r) => setTimeout(r, 300));
    expect(kept.ended).toBe(false);
    kept.close();
  });

  it('ends every stream of the user on sign-out everywhere', async () => {
    const u = await staff();
    const a = await openStream(u.first.access_token);
    const b = await openStream(u.second.access_token);
    const out = await nodeA.app.inject({ method: 'POST', url: '/api/v1/auth/logout-all', headers: bearer(u.first.access_token) });
    expect(out.statusCode).toBeLessThan(300);
    await until(() => a.ended && b.ended, 2_000);
  });

  it('ends the stream of a session revoked from another session', async () => {
    const u = await staff();
    const s = await openStream(u.second.access_token);
    const sessions = await nodeA.app.inject({ url: '/api/v1/auth/sessions', headers: bearer(u.first.access_token) });
    const other = (sessions.json().data.items as { id: string; current: boolean }[]).find((x) => !x.current)!;
    const del = await nodeA.app.inject({ method: 'DELETE', url: `/api/v1/auth/sessions/${other.id}`, headers: bearer(u.first.access_token) });
    expect(del.statusCode).toBe(200);
    await until(() => s.ended, 2_000);
  });

  it('ends the streams of a deactivated user', async () => {
    const u = await staff();
    const a = await openStream(u.first.access_token);
    const b = await openStream(u.second.access_token);
    const put = await nodeA.app.inject({ method: 'PUT', url: `/api/v1/users/${u.id}`, headers: admin.headers, payload: { status: 'disabled' } });
    expect(put.statusCode).toBe(200);
    await until(() => a.ended && b.ended, 2_000);
    // The same token cannot open a new one.
    const again = await fetch(`${address}/api/v1/notifications/stream`, { headers: bearer(u.first.access_token) });
    expect(again.status).toBe(401);
  });

  it('re-checks the session at each keep-alive: a suspended university’s streams end at the next one', async () => {
    const other = await createUniversity(nodeA.platform.database.db);
    const owner = await signInAs(nodeA.app, nodeA.platform.database.db, 'university_owner', other);
    const s = await openStream(owner.access_token);
    const god = await signInAs(nodeA.app, nodeA.platform.database.db, 'bitflow_owner');
    const sus = await nodeA.app.inject({ method: 'POST', url: `/api/v1/universities/${other.id}/suspend`, headers: god.headers, payload: { reason: 'Unpaid invoice' } });
    expect(sus.statusCode).toBe(200);
    // No session ended, so nothing is announced: the keep-alive (every 25 s) is what notices.
    await until(() => s.ended, 30_000);
    expect(s.text).not.toContain(': keep-alive');
  }, 40_000);
});
