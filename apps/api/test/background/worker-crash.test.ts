import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Queue } from 'bullmq';
import { build } from 'esbuild';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../src/db/migrate.js';
import { syncCatalogue } from '../../src/db/seed/catalogue.js';
import { nowDb } from '../../src/db/time.js';
import { startWorker } from '../../src/jobs/handlers.js';
import { ImportsRepository } from '../../src/modules/imports/imports.repository.js';
import { ReportsRepository } from '../../src/modules/reports/reports.repository.js';
import { openPlatform, type Platform } from '../../src/platform/index.js';
import { backend, createTestDatabase } from '../helpers/context.js';
import { createUniversity, createUser } from '../helpers/factories.js';

// A job survives a worker crash and has its visible effect exactly once. On MariaDB + Redis a real
// worker process is killed with SIGKILL in the middle of a large report; on the embedded default the
// in-process queue loses its jobs on a crash, and the next start recovers them from the rows.

async function setup(extraEnv: Record<string, string> = {}) {
  const t = await createTestDatabase({ WORKER_LOCK_MS: '2000', ...extraEnv });
  const platform = await openPlatform(t.config);
  await migrateToLatest(platform.database.db);
  await syncCatalogue(platform.database.db);
  const created = await createUniversity(platform.database.db);
  const dept = await platform.database.db.selectFrom('departments').select('code').where('id', '=', created.departmentId).executeTakeFirstOrThrow();
  const uni = { ...created, departmentCode: dept.code };
  const user = await createUser(platform.database.db, { role: 'university_owner', universityId: uni.id });
  return { ...t, platform, uni, user };
}

async function bulkStudents(platform: Platform, uni: { id: string; collegeId: string; departmentId: string }, n: number) {
  for (let i = 0; i < n; i += 2000) {
    const rows = Array.from({ length: Math.min(2000, n - i) }, (_, j) => ({
      id: uuidv7(), university_id: uni.id, college_id: uni.collegeId, department_id: uni.departmentId, admission_number: `K-${i + j}`,
      first_name: `F${i + j}`, last_name: `L${i + j}`, created_at: nowDb(), updated_at: nowDb(),
    }));
    await platform.database.db.insertInto('students').values(rows).execute();
  }
}

const waitFor = async (what: string, fn: () => Promise<boolean>, ms = 60_000) => {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await fn()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
};

describe.skipIf(backend !== 'mysql')('worker crash (MariaDB + Redis, real worker process)', () => {
  let ctx: Awaited<ReturnType<typeof setup>>;
  let bundle: string;
  const children: ChildProcess[] = [];
  beforeAll(async () => {
    ctx = await setup();
    bundle = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bf-worker-')), 'worker.mjs');
    await build({
      entryPoints: [path.resolve(__dirname, '../../src/worker.ts')], outfile: bundle, bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'error',
      plugins: [{ name: 'ext', setup: (b) => b.onResolve({ filter: /^[^./]/ }, (a) => (a.path.startsWith('@bitflow/') ? undefined : { path: a.path, external: true })) }],
      nodePaths: [path.resolve(__dirname, '../../../../node_modules')],
    });
    fs.symlinkSync(path.resolve(__dirname, '../../../../node_modules'), path.join(path.dirname(bundle), 'node_modules'));
  }, 120_000);
  afterAll(async () => {
    for (const c of children) c.kill('SIGKILL');
    await ctx.platform.close();
    await ctx.drop();
  });

  const startChild = () => {
    const child = spawn(process.execPath, [bundle], {
      env: {
        ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: ctx.config.dataDir, DATABASE_URL: ctx.config.database.url, REDIS_URL: ctx.config.redisUrl,
        REDIS_PREFIX: ctx.config.redisPrefix, ENCRYPTION_KEYS: `test:${Buffer.alloc(32, 7).toString('base64')}`, JWT_KEYS_DIR: ctx.config.jwt.keysDir,
        WORKER_LOCK_MS: '2000', BITFLOW_DEMO: 'false',
      },
      stdio: 'ignore',
    });
    children.push(child);
    return child;
  };

  it('finishes a report once after the worker is killed mid-job', async () => {
    await bulkStudents(ctx.platform, ctx.uni, 40_000);
    const repo = new ReportsRepository(ctx.platform.database.db);
    const id = await repo.create({ universityId: ctx.uni.id, collegeId: null, requestedBy: ctx.user.id, type: 'student_roster', format: 'pdf', parameters: {} });
    await ctx.platform.queue.enqueue('report.generate', { report_id: id }, { jobId: `report-${id}` });
    const first = startChild();
    await waitFor('the job to become active', async () => ((await ctx.platform.queue.counts()).active ?? 0) > 0);
    await new Promise((r) => setTimeout(r, 700));
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    expect((await repo.byId(id))!.status).toBe('generating');
    startChild();
    await waitFor('the report to complete', async () => (await repo.byId(id))!.status === 'completed', 90_000);
    const done = (await repo.byId(id))!;
    expect(done.row_count).toBe(40_000);
    // The notice follows the status change; wait for it, then make sure it came exactly once.
    const notesFor = async () => (await ctx.platform.database.db.selectFrom('notifications').select('data').where('type', '=', 'report.ready').execute()).filter((n) => (n.data ?? '').includes(id));
    await waitFor('the notification', async () => (await notesFor()).length > 0, 10_000);
    await new Promise((r) => setTimeout(r, 500));
    expect(await notesFor()).toHaveLength(1);
    // The object exists once, and the killed attempt's temp file went with the retry.
    expect(fs.readdirSync(path.join(ctx.config.dataDir, 'storage/reports', ctx.uni.id))).toEqual([`${id}.pdf`]);
  }, 180_000);

  it('finishes an import once after the worker is killed mid-import', async () => {
    const rows = ['admission_number,first_name,last_name,department_code'];
    for (let i = 0; i < 30_000; i++) rows.push(`CR-${i},First${i},Last${i},${ctx.uni.departmentCode}`);
    const imports = new ImportsRepository(ctx.platform.database.db);
    const id = uuidv7();
    const key = `imports/${ctx.uni.id}/${id}.csv`;
    await ctx.platform.storage.put(key, Buffer.from(rows.join('\n')), 'text/csv');
    await imports.create({ id, universityId: ctx.uni.id, collegeId: null, createdBy: ctx.user.id, entityType: 'students', dryRun: false, fileKey: key, originalName: 'big.csv' });
    // Only this test's workers: the one killed must be the one holding the job.
    for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) await new Promise((r) => c.once('exit', r).kill('SIGKILL'));
    await ctx.platform.queue.enqueue('import.process', { import_id: id }, { jobId: `import-${id}` });
    const first = startChild();
    // Kill it once some batches are in: the rerun must upsert over them, not duplicate them.
    await waitFor('the import to be part-way', async () => Number((await imports.byId(id))!.processed_rows) >= 1000);
    // A second worker stands by, as in production, so the time measured is the queue's recovery.
    startChild();
    await new Promise((r) => setTimeout(r, 1_500));
    first.kill('SIGKILL');
    const killedAt = Date.now();
    await new Promise((r) => first.once('exit', r));
    expect((await imports.byId(id))!.status).toBe('processing');
    // Recovered when the standby worker starts the job's second attempt.
    const redis = new URL(ctx.config.redisUrl!);
    const jobs = new Queue('jobs', { connection: { host: redis.hostname, port: Number(redis.port || 6379) }, prefix: `${ctx.config.redisPrefix}bull` });
    try {
      await waitFor('the retry to start', async () => ((await jobs.getJob(`import-${id}`))?.attemptsStarted ?? 0) >= 2, 20_000).catch(async (err: unknown) => {
        const job = await jobs.getJob(`import-${id}`);
        throw new Error(`${String(err)}: job ${await job?.getState()}, started ${job?.attemptsStarted}, stalled ${job?.stalledCounter}, ${job?.failedReason ?? ''}`);
      });
    } finally {
      await jobs.close();
    }
    const recoveryMs = Date.now() - killedAt;
    await waitFor('the import to complete', async () => (await imports.byId(id))!.status === 'completed', 120_000);
    const live = await ctx.platform.database.db.selectFrom('students').select((eb) => eb.fn.countAll<number>().as('n')).where('admission_number', 'like', 'CR-%').executeTakeFirstOrThrow();
    expect(Number(live.n)).toBe(30_000);
    // Counted as a clean run would: every row created once, none "updated" by the retry.
    const done = (await imports.byId(id))!;
    expect({ created: Number(done.created_count), updated: Number(done.updated_count), errors: Number(done.error_count) }).toEqual({ created: 30_000, updated: 0, errors: 0 });
    // Back within about one lock period (WORKER_LOCK_MS = 2 s), not two: generous for a busy box.
    expect(recoveryMs, `recovered after ${recoveryMs} ms`).toBeLessThan(2_000 * 1.6);
    const notesFor = async () => (await ctx.platform.database.db.selectFrom('notifications').select('data').where('type', '=', 'import.finished').execute()).filter((n) => (n.data ?? '').includes(id));
    await waitFor('the notification', async () => (await notesFor()).length > 0, 10_000);
    await new Promise((r) => setTimeout(r, 500));
    expect(await notesFor()).toHaveLength(1);
  }, 180_000);
});

describe.skipIf(backend !== 'sqlite')('embedded restart recovery', () => {
  it('re-queues reports that were generating when the process died', async () => {
    const ctx = await setup();
    try {
      const repo = new ReportsRepository(ctx.platform.database.db);
      // A report row whose in-memory job died with the previous process.
      const id = await repo.create({ universityId: ctx.uni.id, collegeId: null, requestedBy: ctx.user.id, type: 'department_statistics', format: 'csv', parameters: {} });
      // startWorker recovers interrupted rows, as a restarted `npm start` does.
      await startWorker(ctx.platform, { scheduler: false });
      await waitFor('recovery', async () => (await repo.byId(id))!.status === 'completed', 20_000);
    } finally {
      await ctx.platform.close();
      await ctx.drop();
    }
  });
});
