import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nowDb } from '../../src/db/time.js';
import { fanOutAnnouncement } from '../../src/modules/notifications/announcement-fanout.job.js';
import { AnnouncementsRepository } from '../../src/modules/notifications/announcements.repository.js';
import { backend, createTestContext, type TestContext } from '../helpers/context.js';
import { createUniversity, signInAs } from '../helpers/factories.js';

// Announcements fan out in a job (issue #21 item 1): the POST answers 202 at once; the job writes
// one notification per recipient in keyset pages, and a retried job writes no second copy.
// 20,000 users on MariaDB, 2,000 on the embedded SQLite file.

const COUNT = backend === 'mysql' ? 20_000 : 2_000;
let ctx: TestContext;
const db = () => ctx.platform.database.db;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Bulk SQL users: `count` in one college, all active. */
async function bulkUsers(universityId: string, collegeId: string | null, count: number, tag: string) {
  const now = nowDb();
  const rows = Array.from({ length: count }, (_, i) => ({ id: uuidv7(), name: `${tag} ${i}`, email: `${tag}.${i}@bulk.test`, password_hash: null, university_id: universityId, college_id: collegeId, status: 'active', created_at: now, updated_at: now }));
  for (let i = 0; i < rows.length; i += 1000) await db().insertInto('users').values(rows.slice(i, i + 1000)).execute();
}
const count = async (announcementId: string, where?: (qb: ReturnType<typeof base>) => ReturnType<typeof base>) => {
  let qb = base(announcementId);
  if (where) qb = where(qb);
  return Number((await qb.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()).n);
};
const base = (announcementId: string) => db().selectFrom('notifications').innerJoin('users', 'users.id', 'notifications.user_id').where('notifications.announcement_id', '=', announcementId);

let uni: Awaited<ReturnType<typeof createUniversity>>;
let other: Awaited<ReturnType<typeof createUniversity>>;
let secondCollege: string;
beforeAll(async () => {
  ctx = await createTestContext();
  uni = await createUniversity(db());
  other = await createUniversity(db());
  secondCollege = uuidv7();
  await db().insertInto('colleges').values({ id: secondCollege, university_id: uni.id, name: 'Second', code: 'SEC', created_at: nowDb(), updated_at: nowDb() }).execute();
  await bulkUsers(uni.id, uni.collegeId, COUNT, 'a');
  await bulkUsers(uni.id, secondCollege, 50, 'b'); // same university, another college
  await bulkUsers(other.id, other.collegeId, 50, 'c'); // another tenant
}, 120_000);
afterAll(() => ctx.close());

describe('announcement fan-out', () => {
  it(`tells every user of a college exactly once (${COUNT} users), nobody else, and answers before it is done`, async () => {
    const owner = await signInAs(ctx.app, db(), 'university_owner', uni);
    const t0 = Date.now();
    const res = await ctx.app.inject({
      method: 'POST', url: '/api/v1/notifications/announcements', headers: owner.headers,
      payload: { audience: 'college', audience_id: uni.collegeId, title: 'Campus closed Friday', body: 'Storm warning.', link: '/dashboard', severity: 'warning' },
    });
    const answeredMs = Date.now() - t0;
    expect(res.statusCode).toBe(202);
    const a = res.json().data;
    // The answer was built before the job wrote anything.
    expect(a).toMatchObject({ status: 'queued', recipients: 0, audience: 'college', severity: 'warning', link: '/dashboard' });
    const atAnswer = await count(a.id);
    if (backend === 'mysql') expect(atAnswer).toBeLessThan(COUNT);
    let status = a.status as string;
    for (let i = 0; i < 1200 && status !== 'sent'; i++) {
      await sleep(50);
      status = (await db().selectFrom('announcements').select('status').where('id', '=', a.id).executeTakeFirstOrThrow()).status;
    }
    const fanoutMs = Date.now() - t0;
    expect(status).toBe('sent');
    console.log(`fan-out to ${COUNT} users (${backend}): POST answered in ${answeredMs} ms with ${atAnswer} written; all written in ${fanoutMs} ms`);

    expect(await count(a.id)).toBe(COUNT);
    expect(await count(a.id, (qb) => qb.where('users.college_id', '=', uni.collegeId))).toBe(COUNT);
    expect(await count(a.id, (qb) => qb.where('users.college_id', '!=', uni.collegeId))).toBe(0);
    const dupes = await db().selectFrom('notifications').select('user_id').where('announcement_id', '=', a.id).groupBy('user_id').having(sql`count(*)`, '>', 1).execute();
    expect(dupes).toHaveLength(0);
    const row = await db().selectFrom('announcements').selectAll().where('id', '=', a.id).executeTakeFirstOrThrow();
    expect(Number(row.recipients)).toBe(COUNT);

    // A retried job (from the start, as after a crash before its first progress) writes nothing new.
    await db().updateTable('announcements').set({ status: 'sending', resume_after: null }).where('id', '=', a.id).execute();
    await fanOutAnnouncement({ repo: new AnnouncementsRepository(db()), pubsub: ctx.platform.pubsub }, a.id, 2, 3);
    expect(await count(a.id)).toBe(COUNT);
  }, 120_000);

  it('a college admin announces only inside their college; a viewer cannot announce; links are checked', async () => {
    const admin = await signInAs(ctx.app, db(), 'college_admin', uni);
    const viewer = await signInAs(ctx.app, db(), 'viewer', uni);
    const post = (headers: Record<string, string>, payload: object) => ctx.app.inject({ method: 'POST', url: '/api/v1/notifications/announcements', headers, payload });
    const msg = { title: 'Hi', body: 'There' };
    expect((await post(viewer.headers, { audience: 'university', ...msg })).statusCode).toBe(403);
    expect((await post(admin.headers, { audience: 'university', ...msg })).statusCode).toBe(403);
    const elsewhere = await post(admin.headers, { audience: 'college', audience_id: secondCollege, ...msg });
    expect(elsewhere.statusCode).toBe(422);
    expect(elsewhere.json().errors).toHaveProperty('audience_id');
    for (const link of ['javascript:alert(1)', '//evil.example/x', 'http://plain.example', 'data:text/html,x']) {
      const bad = await post(admin.headers, { audience: 'college', audience_id: uni.collegeId, link, ...msg });
      expect(bad.statusCode, link).toBe(422);
      expect(bad.json().errors).toHaveProperty('link');
    }
    const before = await db().selectFrom('announcements').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
    expect((await post(admin.headers, { audience: 'college', audience_id: uni.collegeId, link: 'https://status.example.edu/', ...msg })).statusCode).toBe(202);
    const after = await db().selectFrom('announcements').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n) + 1);
  });

  it('God Mode tells one university: its users get it, another tenant’s do not', async () => {
    const god = await signInAs(ctx.app, db(), 'bitflow_owner');
    const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/god-mode/announcements', headers: god.headers, payload: { audience: 'university', university_id: other.id, title: 'Maintenance', body: 'Sunday 02:00 UTC.', severity: 'critical' } });
    expect(res.statusCode).toBe(202);
    const id = res.json().data.id as string;
    for (let i = 0; i < 200 && (await db().selectFrom('announcements').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status !== 'sent'; i++) await sleep(50);
    expect(await count(id, (qb) => qb.where('users.university_id', '=', other.id))).toBe(50);
    expect(await count(id, (qb) => qb.where('users.university_id', '!=', other.id))).toBe(0);
    // What a recipient sees: the severity, and no link.
    const u = await db().selectFrom('notifications').select(['user_id']).where('announcement_id', '=', id).executeTakeFirstOrThrow();
    expect(u.user_id).toBeTruthy();
  });
});
