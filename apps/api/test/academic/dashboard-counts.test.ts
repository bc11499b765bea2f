import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestContext } from '../helpers/context.js';
import { createDemoContext } from '../helpers/demo.js';
import { bearer } from '../helpers/factories.js';

// Issue #22 item 4: the dashboard reads maintained counters (dashboard_counts, migration 015), kept
// in each write's transaction. After creates, moves, status changes, deletes with their cascades,
// restores, a purge and an import, every scope's dashboard must equal a recount of the rows by COUNT(*).

let ctx: TestContext;
let t: Record<'owner' | 'collegeAdmin' | 'god' | 'lakeside', string>;

beforeAll(async () => {
  const demo = await createDemoContext({ owner: 'owner@northbridge.demo', collegeAdmin: 'admin.eng@northbridge.demo', god: 'owner@bitflow.demo', lakeside: 'owner@lakeside.demo' });
  ({ ctx } = demo);
  t = demo.tokens;
});
afterAll(() => ctx.close());

const db = () => ctx.platform.database.db;
async function call(token: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) {
  const res = await ctx.app.inject({ method, url, headers: bearer(token), payload: payload as never });
  expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
  return res.json().data;
}

type Scope = { university?: string; colleges?: string[] };
type Bucket = { key: string; count: number };

/** The dashboard's figures counted from the rows themselves, as the aggregates did before the counters. */
async function recount(scope: Scope) {
  const where = (table: string, collegeCol = 'college_id') => {
    const parts = [sql`${sql.ref(`${table}.deleted_at`)} IS NULL`];
    if (scope.university) parts.push(sql`${sql.ref(`${table}.university_id`)} = ${scope.university}`);
    if (scope.colleges) parts.push(sql`${sql.ref(`${table}.${collegeCol}`)} IN (${sql.join(scope.colleges)})`);
    return sql.join(parts, sql` AND `);
  };
  const one = async (table: string, collegeCol?: string) =>
    Number((await sql<{ n: number }>`SELECT COUNT(*) AS n FROM ${sql.table(table)} WHERE ${where(table, collegeCol)}`.execute(db())).rows[0]!.n);
  const grouped = async (table: string, key: string) =>
    (await sql<Bucket>`SELECT ${sql.raw(key)} AS ${sql.ref('key')}, COUNT(*) AS ${sql.ref('count')} FROM ${sql.table(table)} WHERE ${where(table)} GROUP BY ${sql.raw(key)}`.execute(db())).rows
      .map((r) => ({ key: String(r.key), count: Number(r.count) }))
      .sort((a, b) => (a.key < b.key ? -1 : 1));
  return {
    counts: {
      colleges: await one('colleges', 'id'), departments: await one('departments'), courses: await one('courses'),
      students: await one('students'), faculty: await one('faculty'), enrollments: await one('enrollments'),
    },
    byStatus: await grouped('students', 'status'),
    byDepartment: await grouped('students', 'department_id'),
    byTerm: await grouped('enrollments', 'term'),
    byMonth: await grouped('enrollments', 'SUBSTR(enrolled_at, 1, 7)'),
  };
}

async function expectExact(token: string, scope: Scope) {
  const d = await call(token, 'GET', '/api/v1/dashboard');
  const want = await recount(scope);
  const byKey = (xs: Bucket[]) => [...xs].sort((a, b) => (a.key < b.key ? -1 : 1));
  expect(d.counts).toEqual(want.counts);
  expect(byKey(d.students_by_status)).toEqual(want.byStatus);
  expect(d.enrollments_by_term).toEqual(want.byTerm);
  // The demo's enrolments are all of this month: inside the 12-month window.
  expect(d.enrollments_by_month).toEqual(want.byMonth);
  // The ten largest departments: each with its recounted figure, the largest first.
  const depts = new Map(want.byDepartment.map((b) => [b.key, b.count]));
  expect(d.students_by_department.length).toBe(Math.min(10, depts.size));
  for (const x of d.students_by_department) expect(x.count, x.name).toBe(depts.get(x.id));
  const top = [...depts.values()].sort((a, b) => b - a).slice(0, 10);
  expect(d.students_by_department.map((x: { count: number }) => x.count)).toEqual(top);
  return d;
}

function multipart(csv: string) {
  const boundary = `----bf${Math.random().toString(16).slice(2)}`;
  const body = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="students.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n--${boundary}--\r\n`;
  return { payload: body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe('dashboard counters', () => {
  it('equal a recount by COUNT(*) in every scope after creates, moves, deletes, restores, a purge and an import', async () => {
    const me = await call(t.owner, 'GET', '/api/v1/auth/me');
    const uni: string = me.university_id ?? me.user?.university_id;
    const admin = await call(t.collegeAdmin, 'GET', '/api/v1/auth/me');
    const adminColleges: string[] = (await call(t.collegeAdmin, 'GET', '/api/v1/colleges?per_page=100')).items.map((c: { id: string }) => c.id);
    expect(admin).toBeTruthy();
    const depts: { id: string; college_id: string; code: string }[] = (await call(t.owner, 'GET', '/api/v1/departments?per_page=100')).items;
    const [d1, d2] = [depts.find((d) => adminColleges.includes(d.college_id))!, depts.find((d) => !adminColleges.includes(d.college_id))!];

    // Creates: a college with a department, a course and faculty; students; enrolments.
    const college = await call(t.owner, 'POST', '/api/v1/colleges', { name: 'Counting College', code: 'CNT' });
    const dept = await call(t.owner, 'POST', '/api/v1/departments', { college_id: college.id, name: 'Counting', code: 'CNTD' });
    const course = await call(t.owner, 'POST', '/api/v1/courses', { college_id: d1.college_id, code: 'CNT101', title: 'Counting', term: '2027-SP', capacity: 50 });
    await call(t.owner, 'POST', '/api/v1/faculty', { department_id: dept.id, employee_id: 'CNT-F1', first_name: 'Fay', last_name: 'Count' });
    const s: string[] = [];
    for (let i = 0; i < 4; i++) s.push((await call(t.owner, 'POST', '/api/v1/students', { department_id: i < 2 ? d1.id : dept.id, admission_number: `CNT-${i}`, first_name: 'S', last_name: `Count${i}`, status: i === 3 ? 'inactive' : 'active' })).id);
    const e0 = await call(t.owner, 'POST', `/api/v1/students/${s[0]}/enrollments`, { course_id: course.id });
    await call(t.owner, 'POST', `/api/v1/students/${s[1]}/enrollments`, { course_id: course.id });
    await call(t.owner, 'POST', `/api/v1/students/${s[2]}/enrollments`, { course_id: course.id });
    await expectExact(t.owner, { university: uni });

    // A status change, a move to another college's department, an enrolment removed.
    await call(t.owner, 'PUT', `/api/v1/students/${s[0]}`, { status: 'graduated' });
    await call(t.owner, 'PUT', `/api/v1/students/${s[1]}`, { department_id: d2.id });
    await call(t.owner, 'DELETE', `/api/v1/enrollments/${e0.id}`);
    // Deletes with their cascades (a student's enrolments; a department's people; a college's everything), restores.
    await call(t.owner, 'DELETE', `/api/v1/students/${s[2]}`);
    await expectExact(t.owner, { university: uni });
    await call(t.owner, 'POST', `/api/v1/students/${s[2]}/restore`);
    await call(t.owner, 'DELETE', `/api/v1/departments/${d1.id}`);
    await expectExact(t.collegeAdmin, { university: uni, colleges: adminColleges });
    await call(t.owner, 'POST', `/api/v1/departments/${d1.id}/restore`);
    await call(t.owner, 'DELETE', `/api/v1/colleges/${college.id}`);
    await expectExact(t.owner, { university: uni });
    await call(t.owner, 'POST', `/api/v1/colleges/${college.id}/restore`);
    // God Mode purges a live student: the foreign keys take their enrolments with them.
    await call(t.god, 'DELETE', `/api/v1/students/${s[1]}/purge`);

    // An import: three new students and one existing one updated to another status.
    const csv = ['admission_number,first_name,last_name,department_code,status', `CNT-I1,I,One,${dept.code},active`, `CNT-I2,I,Two,${dept.code},suspended`, `CNT-I3,I,Three,${d1.code},active`, `CNT-3,S,Count3,${dept.code},withdrawn`].join('\n');
    const m = multipart(csv);
    const started = await ctx.app.inject({ method: 'POST', url: '/api/v1/imports?entity_type=students', payload: m.payload, headers: { ...m.headers, ...bearer(t.owner) } });
    expect(started.statusCode, started.body).toBe(202);
    let done;
    for (let i = 0; i < 200 && !['completed', 'failed'].includes(done?.status); i++) {
      await new Promise((r) => setTimeout(r, 50));
      done = await call(t.owner, 'GET', `/api/v1/imports/${started.json().data.id}`);
    }
    expect(done).toMatchObject({ status: 'completed', created_count: 3, updated_count: 1, error_count: 0 });

    const owner = await expectExact(t.owner, { university: uni });
    expect(owner.counts.students).toBeGreaterThan(200);
    await expectExact(t.collegeAdmin, { university: uni, colleges: adminColleges });
    // The other tenant saw none of it; God Mode sees every tenant, and the largest by its counters.
    const lakesideUni = (await call(t.lakeside, 'GET', '/api/v1/auth/me'));
    await expectExact(t.lakeside, { university: lakesideUni.university_id ?? lakesideUni.user?.university_id });
    // A purged university's counter rows go with it (their foreign key); the purge itself succeeds.
    const gone = await call(t.god, 'POST', '/api/v1/universities', { name: 'Counted Away', code: 'CNTAWAY' });
    await call(t.god, 'POST', '/api/v1/colleges', { name: 'Away College', code: 'AWC', university_id: gone.id });
    await call(t.god, 'DELETE', `/api/v1/universities/${gone.id}/purge`);
    const god = await expectExact(t.god, {});
    expect(god.platform.top_universities[0]).toMatchObject({ id: uni, students: owner.counts.students });
  });
});
