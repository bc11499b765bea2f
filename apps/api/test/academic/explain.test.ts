import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nowDb } from '../../src/db/time.js';
import { backend, createTestContext, type TestContext } from '../helpers/context.js';
import { createUniversity, signInAs } from '../helpers/factories.js';

// Query plans on MariaDB: the main list and search queries must use a tenant-first index, never a
// full scan. (SQLite has no comparable planner contract, so this suite runs on MariaDB only.)
const queries: { sql: string; parameters: readonly unknown[] }[] = [];
let ctx: TestContext;
let headers: Record<string, string>;
let collegeHeaders: Record<string, string>;
let godHeaders: Record<string, string>;

describe.skipIf(backend !== 'mysql')('query plans (MariaDB)', () => {
  beforeAll(async () => {
    ctx = await createTestContext({}, undefined, (e) => {
      if (e.level === 'query') queries.push({ sql: e.query.sql, parameters: e.query.parameters });
    });
    const db = ctx.platform.database.db;
    // Enough tenants and rows that the optimizer has a real choice to make.
    const unis = [];
    for (let i = 0; i < 8; i++) unis.push(await createUniversity(db));
    for (const u of unis) {
      const rows = Array.from({ length: 400 }, (_, i) => ({
        id: uuidv7(), university_id: u.id, college_id: u.collegeId, department_id: u.departmentId, admission_number: `P-${i}`,
        first_name: `F${i}`, last_name: `L${String(i).padStart(4, '0')}`, email: `s${i}@x.test`, created_at: nowDb(), updated_at: nowDb(),
      }));
      await db.insertInto('students').values(rows).execute();
      await db.insertInto('faculty').values(rows.map(({ admission_number, ...r }) => ({ ...r, id: uuidv7(), employee_id: admission_number }))).execute();
    }
    // An audit log of a few thousand rows across the tenants' chains.
    const audit = unis.flatMap((u) => Array.from({ length: 400 }, (_, i) => ({
      id: uuidv7(), chain_key: u.id, seq: i + 1, university_id: u.id, action: 'bulk.row', created_at: nowDb(), prev_hash: 'x', hash: `h${i}`,
    })));
    for (let i = 0; i < audit.length; i += 500) await db.insertInto('audit_logs').values(audit.slice(i, i + 500)).execute();
    await sql`ANALYZE TABLE students, faculty, audit_logs`.execute(db);
    headers = (await signInAs(ctx.app, db, 'university_owner', unis[3]!)).headers;
    collegeHeaders = (await signInAs(ctx.app, db, 'college_admin', unis[3]!)).headers;
    godHeaders = (await signInAs(ctx.app, db, 'bitflow_owner')).headers;
  });
  afterAll(() => ctx?.close());

  async function plansOf(url: string) {
    queries.length = 0;
    const res = await ctx.app.inject({ url, headers });
    expect(res.statusCode).toBe(200);
    const plans = [];
    for (const q of queries.filter((x) => /^select/i.test(x.sql) && /`students`/.test(x.sql))) {
      const raw = await sql.raw(`EXPLAIN ${q.sql}`).compile(ctx.platform.database.db);
      const res = await ctx.platform.database.db.executeQuery({ ...raw, parameters: q.parameters });
      plans.push(...(res.rows as { table: string; type: string; key: string | null }[]).filter((r) => r.table === 'students'));
    }
    return plans;
  }

  it.each([
    '/api/v1/students?sort=last_name',
    '/api/v1/students?sort=-created_at&page=5',
    '/api/v1/students?q=L01',
    '/api/v1/search?q=L02',
  ])('%s uses a tenant-first index', async (url) => {
    const plans = await plansOf(url);
    expect(plans.length).toBeGreaterThan(0);
    for (const p of plans) {
      expect(p.type, JSON.stringify(p)).not.toBe('ALL');
      expect(p.key, JSON.stringify(p)).toBeTruthy();
    }
  });

  it('God Mode’s audit log of every chain walks an index, not the whole table, at any depth', async () => {
    // The page's ids come from the (created_at, id) index alone (the deferred join of
    // paginateDeferred); only the page's own rows are then read by primary key and ordered.
    const planOf = async (url: string) => {
      queries.length = 0;
      const res = await ctx.app.inject({ url, headers: godHeaders });
      expect(res.statusCode).toBe(200);
      const page = queries.find((q) => /`audit_logs`/.test(q.sql) && /order by/.test(q.sql))!;
      const raw = await sql.raw(`EXPLAIN ${page.sql}`).compile(ctx.platform.database.db);
      const plan = (await ctx.platform.database.db.executeQuery({ ...raw, parameters: page.parameters })).rows as { select_type: string; table: string; type: string; key: string | null; Extra: string }[];
      return { plan, next: res.json().data.pagination.next_cursor as string };
    };
    const first = await planOf('/api/v1/audit-logs?per_page=25');
    const ids = first.plan.find((r) => r.select_type === 'DERIVED' && r.table === 'audit_logs');
    expect(ids, JSON.stringify(first.plan)).toMatchObject({ key: 'audit_logs_created_idx' });
    expect(ids!.Extra ?? '').not.toMatch(/filesort/);
    expect(first.plan.find((r) => r.select_type === 'PRIMARY' && r.table === 'audit_logs'), JSON.stringify(first.plan)).toMatchObject({ type: 'eq_ref', key: 'PRIMARY' });
    // The next page by cursor starts at the cursor: a range on the same index.
    expect(first.next).toBeTruthy();
    const second = await planOf(`/api/v1/audit-logs?per_page=25&cursor=${first.next}`);
    const range = second.plan.find((r) => r.select_type === 'DERIVED' && r.table === 'audit_logs');
    expect(range, JSON.stringify(second.plan)).toMatchObject({ type: 'range', key: 'audit_logs_created_idx' });
    expect(range!.Extra ?? '').not.toMatch(/filesort/);
  });

  // Index entries MariaDB reads for the page's ids query (session Handler_read_next), not a timing.
  async function indexReadsOf(url: string, as = headers, table = 'students') {
    queries.length = 0;
    const res = await ctx.app.inject({ url, headers: as });
    expect(res.statusCode).toBe(200);
    const ids = queries.find((q) => /^select/.test(q.sql) && q.sql.includes(`\`${table}\``) && /limit \?/.test(q.sql))!;
    return ctx.platform.database.db.connection().execute(async (c) => {
      await sql`FLUSH STATUS`.execute(c);
      await c.executeQuery({ ...sql.raw(ids.sql).compile(c), parameters: ids.parameters });
      const { rows } = await sql<{ Value: string }>`SHOW SESSION STATUS LIKE 'Handler_read_next'`.execute(c);
      return { reads: Number(rows[0]!.Value), next: res.json().data.pagination.next_cursor as string };
    });
  }

  // MariaDB picks among the tenant's indexes by sampled estimates, and at 1M students it got the
  // default list wrong for mid-size tenants (sorting the whole tenant, or walking the platform-wide
  // index): the list names the index made for its shape (ForceIndex).
  it.each(
    ['students', 'faculty'].flatMap((table) => [
      [table, 'a university', () => headers],
      [table, 'one college', () => collegeHeaders],
      [table, 'the platform (God Mode)', () => godHeaders],
    ] as const),
  )('the default %s list of %s reads one page of its own index', async (table, _who, who) => {
    const first = await indexReadsOf(`/api/v1/${table}?per_page=15`, who(), table);
    expect(first.reads).toBeLessThanOrEqual(20);
    const next = await indexReadsOf(`/api/v1/${table}?per_page=15&cursor=${first.next}`, who(), table);
    expect(next.reads).toBeLessThanOrEqual(20);
  });

  it('a page reached by cursor reads about one page of index entries, however deep', async () => {
    const byNumber = await indexReadsOf('/api/v1/students?page=20&per_page=15');
    expect(byNumber.reads).toBeGreaterThan(280); // OFFSET 285 walks every row before the page
    const byCursor = await indexReadsOf(`/api/v1/students?per_page=15&cursor=${byNumber.next}`);
    expect(byCursor.reads).toBeLessThanOrEqual(20);
  });
});
