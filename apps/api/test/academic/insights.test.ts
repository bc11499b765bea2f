import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestContext } from '../helpers/context.js';
import { createDemoContext } from '../helpers/demo.js';
import { bearer } from '../helpers/factories.js';

// Search, dashboard and the God Mode console over the deterministic demo data.
let ctx: TestContext;
let owner: string;
let lakeside: string;
let god: string;
let collegeAdmin: string;

beforeAll(async () => {
  const demo = await createDemoContext({ owner: 'owner@northbridge.demo', lakeside: 'owner@lakeside.demo', god: 'owner@bitflow.demo', collegeAdmin: 'admin.eng@northbridge.demo' });
  ({ ctx } = demo);
  ({ owner, lakeside, god, collegeAdmin } = demo.tokens);
});
afterAll(() => ctx.close());

const get = (url: string, token: string) => ctx.app.inject({ url, headers: bearer(token) });

describe('global search', () => {
  it('finds students by admission number and courses by code, grouped, within the tenant', async () => {
    const byNumber = (await get('/api/v1/search?q=NBU-2026-000', owner)).json().data;
    expect(byNumber.groups.students.length).toBeGreaterThan(0);
    expect(byNumber.groups.students.every((s: { admission_number: string }) => s.admission_number.startsWith('NBU-'))).toBe(true);
    const courses = (await get('/api/v1/search?q=CS', owner)).json().data.groups.courses;
    expect(courses.map((c: { code: string }) => c.code)).toContain('CS101');
    // Lakeside's owner never sees Northbridge.
    const other = (await get('/api/v1/search?q=NBU-2026', lakeside)).json().data;
    expect(other.total).toBe(0);
    expect(other.groups.universities).toEqual([]);
  });

  it('answers each group’s own fields, and a person once however many columns match', async () => {
    const dept = (await get('/api/v1/departments?per_page=1', owner)).json().data.items[0];
    const body = { department_id: dept.id, admission_number: 'ZYXWA-1', first_name: 'Ann', last_name: 'Zyxwa', email: 'zyxwa@example.test' };
    const created = await ctx.app.inject({ method: 'POST', url: '/api/v1/students', headers: bearer(owner), payload: body });
    expect(created.statusCode).toBe(201);
    const id = created.json().data.id;
    try {
      // Last name, admission number and email all start with "zyxwa": one hit.
      const hits = (await get('/api/v1/search?q=zyxwa', owner)).json().data;
      expect(hits.groups.students).toEqual([{ id, first_name: 'Ann', last_name: 'Zyxwa', admission_number: 'ZYXWA-1', email: 'zyxwa@example.test', university_id: dept.university_id }]);
      expect(hits.total).toBe(1);
    } finally {
      // The dashboard tests below count the demo data as it was.
      await ctx.app.inject({ method: 'DELETE', url: `/api/v1/students/${id}/purge`, headers: bearer(god) });
    }
    const course = (await get('/api/v1/search?q=CS101', owner)).json().data.groups.courses[0];
    expect(Object.keys(course).sort()).toEqual(['code', 'id', 'term', 'title', 'university_id']);
    const uni = (await get('/api/v1/search?q=North', god)).json().data.groups.universities[0];
    expect(Object.keys(uni).sort()).toEqual(['code', 'id', 'name', 'status']);
  });

  it('keeps a college admin to their colleges, whoever searched the same way before', async () => {
    // The owner's search of the whole university runs first; the admin's (another shape: one college) after.
    const all = (await get('/api/v1/search?q=NBU-2026', owner)).json().data.groups.students as { id: string }[];
    const mine = (await get('/api/v1/search?q=NBU-2026', collegeAdmin)).json().data.groups.students as { id: string }[];
    const inCollege = (await get('/api/v1/students?per_page=100', collegeAdmin)).json().data.items.map((s: { id: string }) => s.id);
    expect(all.length).toBeGreaterThan(0);
    expect(mine.length).toBeGreaterThan(0);
    for (const s of mine) expect(inCollege).toContain(s.id);
    // Asked again (the compiled statement now serves both shapes), the same answers.
    expect((await get('/api/v1/search?q=NBU-2026', collegeAdmin)).json().data.groups.students).toEqual(mine);
    expect((await get('/api/v1/search?q=NBU-2026', owner)).json().data.groups.students).toEqual(all);
  });

  it('searches universities only in God Mode, and needs 2 characters', async () => {
    expect((await get('/api/v1/search?q=North', god)).json().data.groups.universities[0].code).toBe('NBU');
    expect((await get('/api/v1/search?q=North', owner)).json().data.groups.universities).toEqual([]);
    expect((await get('/api/v1/search?q=N', owner)).statusCode).toBe(422);
  });
});

describe('dashboard', () => {
  it('gives scoped counts and chart series', async () => {
    const d = (await get('/api/v1/dashboard', owner)).json().data;
    expect(d.counts.students).toBe(200);
    expect(d.counts.colleges).toBe(3);
    expect(d.students_by_status.reduce((n: number, s: { count: number }) => n + s.count, 0)).toBe(200);
    expect(d.enrollments_by_term.map((t: { key: string }) => t.key)).toEqual(['2026-FA', '2026-SP']);
    expect(d.platform).toBeUndefined();
    const college = (await get('/api/v1/dashboard', collegeAdmin)).json().data;
    expect(college.counts.colleges).toBe(1);
    expect(college.counts.students).toBeLessThan(200);
  });

  it('adds platform totals and per-university usage in God Mode', async () => {
    const d = (await get('/api/v1/dashboard', god)).json().data;
    expect(d.counts.students).toBe(320);
    expect(d.platform.universities).toBe(2);
    expect(d.platform.top_universities[0]).toMatchObject({ code: 'NBU', students: 200 });
  });
});

describe('God Mode console', () => {
  it('lists tenants with usage and reports platform health; tenants cannot', async () => {
    const t = (await get('/api/v1/god-mode/tenants', god)).json().data;
    expect(t.pagination.total).toBe(2);
    expect(t.items.find((u: { code: string }) => u.code === 'LIT')).toMatchObject({ students: 120, colleges: 2 });
    const h = (await get('/api/v1/god-mode/health', god)).json().data;
    expect(h.dependencies.database.status).toBe('up');
    expect(h.totals.students).toBe(320);
    expect((await get('/api/v1/god-mode/tenants', owner)).statusCode).toBe(403);
  });

  it('audits God Mode reads with the operator id', async () => {
    await get('/api/v1/students?per_page=1', god);
    const rows = await ctx.platform.database.db.selectFrom('audit_logs').select(['actor_id', 'changes']).where('action', '=', 'god_mode.read').execute();
    expect(rows.some((r) => (r.changes ?? '').includes('/api/v1/students'))).toBe(true);
  });
});
