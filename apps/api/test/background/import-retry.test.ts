import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processImport } from '../../src/modules/imports/import.job.js';
import { ImportsRepository } from '../../src/modules/imports/imports.repository.js';
import { NotificationsRepository } from '../../src/modules/notifications/notifications.repository.js';
import { NotificationsService } from '../../src/modules/notifications/notifications.service.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { createUniversity, createUser } from '../helpers/factories.js';

// An import attempt that dies part-way (a killed worker, a lost connection) is retried; the retry's
// result must read as a clean run's: rows the dead attempt created are "created", not "updated",
// nothing is written twice, and the error report still lists every bad row of the file.

let ctx: TestContext;
let uni: Awaited<ReturnType<typeof createUniversity>>;
let deptCode: string;
let userId: string;

beforeAll(async () => {
  ctx = await createTestContext();
  const db = ctx.platform.database.db;
  uni = await createUniversity(db);
  deptCode = (await db.selectFrom('departments').select('code').where('id', '=', uni.departmentId).executeTakeFirstOrThrow()).code;
  userId = (await createUser(db, { role: 'university_owner', universityId: uni.id })).id;
});
afterAll(() => ctx.close());

describe('import retry after a dead attempt', () => {
  it('counts the rows the dead attempt created as created, once, and reports every bad row', async () => {
    const db = ctx.platform.database.db;
    const lines = ['admission_number,first_name,last_name,department_code'];
    for (let i = 0; i < 1_700; i++) lines.push(`RT-${i},First${i},Last${i},${deptCode}`);
    // Bad rows before, inside and after the part the first attempt gets through.
    lines.splice(10, 0, `RT-bad-1,,Last,${deptCode}`);
    lines.splice(900, 0, 'RT-bad-2,First,Last,NOPE');
    lines.push(`RT-bad-3,First,,${deptCode}`);
    const repo = new ImportsRepository(db);
    const id = uuidv7();
    const key = `imports/${uni.id}/${id}.csv`;
    await ctx.platform.storage.put(key, Buffer.from(lines.join('\n')), 'text/csv');
    await repo.create({ id, universityId: uni.id, collegeId: null, createdBy: userId, entityType: 'students', dryRun: false, fileKey: key, originalName: 'retry.csv' });

    const deps = { repo, storage: ctx.platform.storage, cipher: ctx.platform.cipher, notifications: new NotificationsService(new NotificationsRepository(db), ctx.platform.pubsub), portalUrl: 'http://portal.test' };
    // The first attempt dies right after its second batch of 500 committed.
    let batches = 0;
    const dying = { ...deps, onChanged: async () => { if (++batches === 2) throw new Error('worker killed'); } };
    await expect(processImport(dying, id)).rejects.toThrow('worker killed');
    const midway = (await repo.byId(id))!;
    expect(midway.status).toBe('processing');
    expect(Number(midway.created_count)).toBe(1_000);

    await processImport(deps, id);
    const done = (await repo.byId(id))!;
    expect(done).toMatchObject({ status: 'completed', total_rows: 1_703, processed_rows: 1_703 });
    expect({ created: Number(done.created_count), updated: Number(done.updated_count), errors: Number(done.error_count) }).toEqual({ created: 1_700, updated: 0, errors: 3 });
    const n = await db.selectFrom('students').select((eb) => eb.fn.countAll<number>().as('n')).where('admission_number', 'like', 'RT-%').executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(1_700);
    const report = (await ctx.platform.storage.get(done.error_report_key!)).toArray();
    const rows = Buffer.concat((await report) as Buffer[]).toString().trim().split('\n').slice(1).map((l) => Number(l.split(',')[0]));
    expect(rows).toEqual([11, 901, 1_704]);
  });
});
