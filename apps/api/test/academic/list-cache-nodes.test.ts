import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backend, createTestContext, secondNode, type TestContext } from '../helpers/context.js';
import { createUniversity, signInAs } from '../helpers/factories.js';

// A list total or lookup page that a node holds in its own memory (served with no round trip when
// the request brings the university's data version) must never outlive a write made anywhere. On
// MariaDB + Redis the writes go through a second API node with its own process memo; embedded, both
// roles are the one app.

const twoNodes = backend === 'mysql' && !!process.env.TEST_REDIS_URL;

describe('list entries held in a node’s memory follow writes made on another node', () => {
  let nodeA: TestContext;
  let second: Awaited<ReturnType<typeof secondNode>> | null = null;
  let nodeB: FastifyInstance;
  let uni: Awaited<ReturnType<typeof createUniversity>>;
  let owner: Awaited<ReturnType<typeof signInAs>>;

  beforeAll(async () => {
    nodeA = await createTestContext();
    if (twoNodes) second = await secondNode(nodeA);
    nodeB = second?.app ?? nodeA.app;
    uni = await createUniversity(nodeA.platform.database.db);
    owner = await signInAs(nodeA.app, nodeA.platform.database.db, 'university_owner', uni);
  }, 60_000);

  afterAll(async () => {
    await second?.close();
    await nodeA?.close();
  });

  const call = async (node: FastifyInstance, method: string, url: string, payload?: object) => {
    const res = await node.inject({ method: method as never, url, headers: owner.headers, ...(payload ? { payload } : {}) });
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json().data;
  };
  const total = async () => (await call(nodeA.app, 'GET', '/api/v1/students?per_page=1')).pagination.total as number;
  const student = () => ({ department_id: uni.departmentId, admission_number: `MEMO-${Math.random().toString(36).slice(2, 8)}`, first_name: 'Memo', last_name: 'Node' });

  it('a student created, deleted and restored on node B shows in node A’s next total', async () => {
    const t0 = await total();
    expect(await total()).toBe(t0); // the second read is the one node A serves from its memory
    const s = await call(nodeB, 'POST', '/api/v1/students', student());
    expect(await total()).toBe(t0 + 1);
    expect(await total()).toBe(t0 + 1);
    await call(nodeB, 'DELETE', `/api/v1/students/${s.id}`);
    expect(await total()).toBe(t0);
    await call(nodeB, 'POST', `/api/v1/students/${s.id}/restore`);
    expect(await total()).toBe(t0 + 1);
  });

  it('a college created on node B is on node A’s next (cached) lookup page', async () => {
    const names = async () => ((await call(nodeA.app, 'GET', '/api/v1/colleges?per_page=100')).items as { name: string }[]).map((c) => c.name);
    expect(await names()).not.toContain('College of Memory');
    await names();
    await call(nodeB, 'POST', '/api/v1/colleges', { name: 'College of Memory', code: `MEM${Math.floor(Math.random() * 1000)}` });
    expect(await names()).toContain('College of Memory');
  });
});
