import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../src/db/migrate.js';
import { syncCatalogue } from '../../src/db/seed/catalogue.js';
import { startWorker } from '../../src/jobs/handlers.js';
import { ReportsRepository } from '../../src/modules/reports/reports.repository.js';
import { openPlatform, type Platform } from '../../src/platform/index.js';
import { createTestDatabase } from '../helpers/context.js';
import { createUniversity, createUser } from '../helpers/factories.js';

// A worker killed while writing a report leaves a half-written temp object in storage. The next
// attempt of that report discards it before writing; a worker starting up sweeps any partial write
// nobody has touched for a whole lock period; and a write that fails removes its own temp file.

let t: Awaited<ReturnType<typeof createTestDatabase>>;
let platform: Platform;
let root: string;
const LOCK_MS = 2_000;

beforeAll(async () => {
  t = await createTestDatabase({ WORKER_LOCK_MS: String(LOCK_MS) });
  platform = await openPlatform(t.config);
  await migrateToLatest(platform.database.db);
  await syncCatalogue(platform.database.db);
  root = path.join(t.config.dataDir, 'storage');
});
afterAll(async () => {
  await platform?.close();
  await t?.drop();
});

const litter = (rel: string, ageMs: number) => {
  const file = path.join(root, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, 'half a report');
  const when = new Date(Date.now() - ageMs);
  fs.utimesSync(file, when, when);
  return file;
};

const waitFor = async (what: string, fn: () => Promise<boolean>, ms = 30_000) => {
  const end = Date.now() + ms;
  while (!(await fn())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe('partial writes in storage', () => {
  it('sweeps stale temp files when a worker starts, keeps fresh ones, and the retried report leaves only its object', async () => {
    const stale = litter('imports/u1/abc-errors.csv.4242.tmp', 10 * LOCK_MS);
    const fresh = litter('imports/u1/def-errors.csv.4343.tmp', 0);
    const kept = litter('uploads/u1/photo.png', 10 * LOCK_MS);

    // A report whose previous attempt died mid-write, a moment ago (not yet stale).
    const uni = await createUniversity(platform.database.db);
    const user = await createUser(platform.database.db, { role: 'university_owner', universityId: uni.id });
    const repo = new ReportsRepository(platform.database.db);
    const id = await repo.create({ universityId: uni.id, collegeId: null, requestedBy: user.id, type: 'department_statistics', format: 'csv', parameters: {} });
    const killed = litter(`reports/${uni.id}/${id}.csv.31337.tmp`, 0);

    await startWorker(platform, { scheduler: false });
    expect(fs.existsSync(stale)).toBe(false);
    expect(fs.existsSync(fresh)).toBe(true);
    expect(fs.existsSync(kept)).toBe(true);

    // Embedded: startWorker re-queued the report from its row; MariaDB + Redis: queue it here.
    if (platform.queue.kind !== 'memory') await platform.queue.enqueue('report.generate', { report_id: id }, { jobId: `report-${id}` });
    await waitFor('the report', async () => (await repo.byId(id))!.status === 'completed');
    expect(fs.existsSync(killed)).toBe(false);
    expect(fs.readdirSync(path.join(root, 'reports', uni.id))).toEqual([`${id}.csv`]);
  });

  it('removes its own temp file when a write fails', async () => {
    const failing = new Readable({
      read() {
        this.push(Buffer.alloc(1024, 1));
        this.destroy(new Error('the database went away mid-report'));
      },
    });
    await expect(platform.storage.put('reports/failing/x.csv', failing, 'text/csv')).rejects.toThrow(/went away/);
    expect(fs.readdirSync(path.join(root, 'reports/failing'))).toEqual([]);
  });
});
