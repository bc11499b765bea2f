import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { encodeCursor, queryFingerprint } from '../../src/modules/shared/list-query.js';
import { createUniversity, signInAs } from '../helpers/factories.js';

let ctx: TestContext;
let uni: Awaited<ReturnType<typeof createUniversity>>;
let other: Awaited<ReturnType<typeof createUniversity>>;
let owner: Awaited<ReturnType<typeof signInAs>>;
const db = () => ctx.platform.database.db;

beforeAll(async () => {
  ctx = await createTestContext();
  uni = await createUniversity(db());
  other = await createUniversity(db());
  owner = await signInAs(ctx.app, db(), 'university_owner', uni);
});
afterAll(() => ctx.close());

const call = (method: string, url: string, payload?: object, headers = owner.headers) =>
  ctx.app.inject({ method: method as never, url, headers, ...(payload ? { payload } : {}) });
const student = (over: object = {}) => ({ department_id: uni.departmentId, admission_number: `ADM-${Math.random().toString(36).slice(2, 8)}`, first_name: 'Sam', last_name: 'Stone', ...over });

describe('students CRUD', () => {
  it('creates, reads, updates and lists with the seed envelope and pagination', async () => {
    const created = await call('POST', '/api/v1/students', student({ admission_number: 'NB-0001', email: 'Sam@Example.TEST', year_of_study: 2 }));
    expect(created.statusCode).toBe(201);
    const s = created.json().data;
    expect(s).toMatchObject({ admission_number: 'NB-0001', email: 'sam@example.test', university_id: uni.id, college_id: uni.collegeId, year_of_study: 2, status: 'active' });
    expect(s.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect((await call('GET', `/api/v1/students/${s.id}`)).json().data.id).toBe(s.id);
    const upd = await call('PUT', `/api/v1/students/${s.id}`, { year_of_study: 3, status: 'inactive', phone: '+1 555 0100' });
    expect(upd.json().data).toMatchObject({ year_of_study: 3, status: 'inactive' });
    // The audit trail keeps what each changed field was and became; personal data stays masked.
    const audit = await db().selectFrom('audit_logs').select('changes').where('action', '=', 'students.updated').where('entity_id', '=', s.id).executeTakeFirstOrThrow();
    expect(JSON.parse(audit.changes!)).toEqual({ before: { year_of_study: 2, status: 'active', phone: '[masked]' }, after: { year_of_study: 3, status: 'inactive', phone: '[masked]' } });
    const list = await call('GET', '/api/v1/students?per_page=2');
    expect(list.json().data.pagination).toMatchObject({ current_page: 1, per_page: 2, from: 1 });
  });

  it('sorts, filters and searches', async () => {
    for (const [n, last, year] of [['S-A', 'Adams', 1], ['S-B', 'Brown', 4], ['S-C', 'Clark', 4]] as const) {
      await call('POST', '/api/v1/students', student({ admission_number: n, last_name: last, year_of_study: year }));
    }
    const desc = (await call('GET', '/api/v1/students?sort=-last_name&per_page=100')).json().data.items.map((x: { last_name: string }) => x.last_name);
    expect(desc).toEqual([...desc].sort().reverse());
    const y4 = (await call('GET', '/api/v1/students?year_of_study=4')).json().data;
    expect(y4.pagination.total).toBe(2);
    const q = (await call('GET', '/api/v1/students?q=Bro')).json().data.items;
    expect(q.map((x: { last_name: string }) => x.last_name)).toEqual(['Brown']);
    expect((await call('GET', '/api/v1/students?sort=password_hash')).statusCode).toBe(422);
    expect((await call('GET', '/api/v1/students?per_page=101')).statusCode).toBe(422);
  });

  it('pages by cursor: the same rows as page numbers, in order, with positions; bad cursors are 422', async () => {
    // Ties on the sort column (three Lees) must not lose or repeat a row across pages.
    for (const [n, last] of [['K-1', 'Lee'], ['K-2', 'Lee'], ['K-3', 'Lee'], ['K-4', 'Moss'], ['K-5', 'Abel']] as const) {
      await call('POST', '/api/v1/students', student({ admission_number: n, last_name: last }));
    }
    for (const sort of ['last_name', '-last_name', 'created_at', '-year_of_study']) {
      const all = (await call('GET', `/api/v1/students?sort=${sort}&per_page=100`)).json().data.items.map((x: { id: string }) => x.id);
      expect(all.length).toBeGreaterThan(6);
      const walked: string[] = [];
      let url = `/api/v1/students?sort=${sort}&per_page=2`;
      for (let page = 1; ; page++) {
        const res = await call('GET', url);
        expect(res.statusCode).toBe(200);
        const { items, pagination } = res.json().data;
        expect(pagination).toMatchObject({ current_page: page, per_page: 2, total: all.length, from: (page - 1) * 2 + 1 });
        walked.push(...items.map((x: { id: string }) => x.id));
        if (!pagination.next_cursor) break;
        url = `/api/v1/students?sort=${sort}&per_page=2&cursor=${pagination.next_cursor}`;
      }
      expect(walked).toEqual(all);
    }
    const firstPage = (await call('GET', '/api/v1/students?per_page=2')).json().data.pagination;
    const first = firstPage.next_cursor;
    // The total is of the whole list, also when it is counted on a cursor request (cache entry gone).
    await ctx.platform.cache.del(`acad-ver:${uni.id}`);
    expect((await call('GET', `/api/v1/students?per_page=2&cursor=${first}`)).json().data.pagination).toMatchObject({ total: firstPage.total, current_page: 2, from: 3 });
    const bad = await call('GET', `/api/v1/students?per_page=2&cursor=${first.slice(0, -3)}`);
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors.cursor).toBeDefined();
    // A cursor belongs to its sort, filters and page size.
    expect((await call('GET', `/api/v1/students?per_page=3&cursor=${first}`)).json().errors.cursor[0]).toMatch(/different sort, filter or page size/);
    expect((await call('GET', `/api/v1/students?per_page=2&sort=-last_name&cursor=${first}`)).statusCode).toBe(422);
    expect((await call('GET', '/api/v1/students?cursor=not%20a%20cursor')).statusCode).toBe(422);
    // A hand-made cursor with the right fingerprint but a value of the wrong type pages nowhere odd.
    for (const [sort, v] of [['created_at', 'garbage'], ['year_of_study', 'x'], ['last_name', 3]] as const) {
      const forged = encodeCursor({ v, id: '01a21273-c9b8-749f-b5b2-827bbfc2153d', o: 0, f: queryFingerprint({ page: 1, per_page: 15, sort }) });
      expect((await call('GET', `/api/v1/students?sort=${sort}&cursor=${forged}`)).statusCode, `${sort}=${v}`).toBe(200);
    }
    // Another university's user following this cursor sees only their own rows.
    const theirs = await signInAs(ctx.app, db(), 'university_owner', other);
    expect((await call('POST', '/api/v1/students', student({ department_id: other.departmentId, last_name: 'Zed' }), theirs.headers)).statusCode).toBe(201);
    const res = await call('GET', `/api/v1/students?per_page=2&cursor=${first}`, undefined, theirs.headers);
    expect(res.statusCode).toBe(200);
    expect(res.json().data.items.length).toBeGreaterThan(0);
    expect(res.json().data.items.every((x: { university_id: string }) => x.university_id === other.id)).toBe(true);
  });

  it('names the field on a duplicate admission number (409) and frees it after delete', async () => {
    const body = student({ admission_number: 'DUP-1' });
    const first = (await call('POST', '/api/v1/students', body)).json().data;
    const dup = await call('POST', '/api/v1/students', body);
    expect(dup.statusCode).toBe(409);
    expect(dup.json().errors).toHaveProperty('admission_number');
    expect((await call('DELETE', `/api/v1/students/${first.id}`)).statusCode).toBe(200);
    expect((await call('POST', '/api/v1/students', body)).statusCode).toBe(201);
    // Restoring the first would make two live rows share the number: refused.
    const restore = await call('POST', `/api/v1/students/${first.id}/restore`);
    expect(restore.statusCode).toBe(409);
  });

  it('refuses a department from another university (422) and unknown fields (422), writing nothing', async () => {
    const before = (await call('GET', '/api/v1/students?per_page=1')).json().data.pagination.total;
    const foreign = await call('POST', '/api/v1/students', student({ department_id: other.departmentId }));
    expect(foreign.statusCode).toBe(422);
    expect(foreign.json().errors).toHaveProperty('department_id');
    const extra = await call('POST', '/api/v1/students', student({ university_id: other.id }));
    expect(extra.statusCode).toBe(422);
    expect(extra.json().errors).toHaveProperty('university_id');
    expect((await call('GET', '/api/v1/students?per_page=1')).json().data.pagination.total).toBe(before);
  });
});

describe('personal data', () => {
  it('is encrypted at rest, shown to view_sensitive holders and masked for others', async () => {
    const s = (await call('POST', '/api/v1/students', student({ phone: '+1 555 0199', date_of_birth: '2004-05-06', national_id: 'X1234567' }))).json().data;
    expect(s.phone).toBe('+1 555 0199');
    const raw = await db().selectFrom('students').select(['phone_enc', 'national_id_enc']).where('id', '=', s.id).executeTakeFirstOrThrow();
    expect(raw.phone_enc).not.toContain('0199');
    expect(raw.national_id_enc).not.toContain('1234567');
    const viewer = await signInAs(ctx.app, db(), 'viewer', uni);
    const masked = (await call('GET', `/api/v1/students/${s.id}`, undefined, viewer.headers)).json().data;
    expect(masked.phone).toMatch(/•+0199$/);
    expect(masked.date_of_birth).toBe('••••-••-••');
    expect(masked.national_id).toBe('••••4567');
    expect(masked.personal_data_masked).toBe(true);
  });
});

describe('soft delete cascade', () => {
  it('deleting a college hides what sits under it; restoring brings it back', async () => {
    const c = (await call('POST', '/api/v1/colleges', { name: 'Temp College', code: 'TMP' })).json().data;
    const d = (await call('POST', '/api/v1/departments', { college_id: c.id, name: 'Temp Dept', code: 'TMPD' })).json().data;
    const s = (await call('POST', '/api/v1/students', student({ department_id: d.id }))).json().data;
    expect((await call('DELETE', `/api/v1/colleges/${c.id}`)).statusCode).toBe(200);
    expect((await call('GET', `/api/v1/students/${s.id}`)).statusCode).toBe(404);
    expect((await call('GET', `/api/v1/departments/${d.id}`)).statusCode).toBe(404);
    const trash = (await call('GET', '/api/v1/colleges?trashed=only')).json().data.items;
    expect(trash.map((x: { id: string }) => x.id)).toContain(c.id);
    expect((await call('POST', `/api/v1/colleges/${c.id}/restore`)).statusCode).toBe(200);
    expect((await call('GET', `/api/v1/students/${s.id}`)).statusCode).toBe(200);
    expect((await call('GET', `/api/v1/departments/${d.id}`)).statusCode).toBe(200);
  });

  it('purge is God Mode only', async () => {
    const c = (await call('POST', '/api/v1/colleges', { name: 'Purge Me', code: 'PRG' })).json().data;
    expect((await call('DELETE', `/api/v1/colleges/${c.id}/purge`)).statusCode).toBe(403);
    const god = await signInAs(ctx.app, db(), 'bitflow_owner');
    expect((await call('DELETE', `/api/v1/colleges/${c.id}/purge`, undefined, god.headers)).statusCode).toBe(200);
    expect(await db().selectFrom('colleges').select('id').where('id', '=', c.id).executeTakeFirst()).toBeUndefined();
    const audit = await db().selectFrom('audit_logs').select('actor_id').where('action', '=', 'colleges.purged').where('entity_id', '=', c.id).executeTakeFirst();
    expect(audit?.actor_id).toBe(god.id);
  });
});

describe('enrolment rules', () => {
  const newCourse = async (capacity: number, code = `C${Math.random().toString(36).slice(2, 7)}`) =>
    (await call('POST', '/api/v1/courses', { college_id: uni.collegeId, department_id: uni.departmentId, code, title: 'Course', term: '2026-FA', capacity })).json().data;

  it('enrolling twice in a term is 409; a full course is 409', async () => {
    const course = await newCourse(1);
    const a = (await call('POST', '/api/v1/students', student())).json().data;
    const b = (await call('POST', '/api/v1/students', student())).json().data;
    expect((await call('POST', `/api/v1/students/${a.id}/enrollments`, { course_id: course.id })).statusCode).toBe(201);
    const twice = await call('POST', `/api/v1/students/${a.id}/enrollments`, { course_id: course.id });
    expect(twice.statusCode).toBe(409);
    const full = await call('POST', `/api/v1/students/${b.id}/enrollments`, { course_id: course.id });
    expect(full.statusCode).toBe(409);
    expect(full.json().message).toMatch(/full/);
  });

  it('a course department from another college is 422', async () => {
    const c2 = (await call('POST', '/api/v1/colleges', { name: 'Second', code: `S${Date.now() % 10000}` })).json().data;
    const res = await call('POST', '/api/v1/courses', { college_id: c2.id, department_id: uni.departmentId, code: 'XC1', title: 'X', term: '2026-FA' });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toHaveProperty('department_id');
  });

  it('200 concurrent enrolments into a course of capacity 30 give exactly 30', async () => {
    const course = await newCourse(30);
    const ids: string[] = [];
    for (let i = 0; i < 200; i++) ids.push((await call('POST', '/api/v1/students', student({ admission_number: `RACE-${i}` }))).json().data.id);
    const results = await Promise.all(ids.map((id) => call('POST', `/api/v1/students/${id}/enrollments`, { course_id: course.id })));
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(30);
    expect(results.filter((r) => r.statusCode === 409)).toHaveLength(170);
    expect(results.filter((r) => r.statusCode >= 500)).toHaveLength(0);
    const after = (await call('GET', `/api/v1/courses/${course.id}`)).json().data;
    expect(after).toMatchObject({ enrolled_count: 30, seats_left: 0 });
    const roster = (await call('GET', `/api/v1/courses/${course.id}/enrollments?per_page=100`)).json().data;
    expect(roster.pagination.total).toBe(30);
  });

  it('dropping frees a seat; deleting a student frees theirs', async () => {
    const course = await newCourse(1);
    const a = (await call('POST', '/api/v1/students', student())).json().data;
    const b = (await call('POST', '/api/v1/students', student())).json().data;
    const e = (await call('POST', `/api/v1/students/${a.id}/enrollments`, { course_id: course.id })).json().data;
    expect((await call('PUT', `/api/v1/enrollments/${e.id}`, { status: 'dropped' })).statusCode).toBe(200);
    const eb = await call('POST', `/api/v1/students/${b.id}/enrollments`, { course_id: course.id });
    expect(eb.statusCode).toBe(201);
    await call('DELETE', `/api/v1/students/${b.id}`);
    expect((await call('GET', `/api/v1/courses/${course.id}`)).json().data.enrolled_count).toBe(0);
  });
});

describe('universities (God Mode)', () => {
  it('only God Mode creates and suspends; suspension locks the tenant out at once', async () => {
    const god = await signInAs(ctx.app, db(), 'bitflow_owner');
    expect((await call('POST', '/api/v1/universities', { name: 'Nope U', code: 'NOPE' })).statusCode).toBe(403);
    const u = await call('POST', '/api/v1/universities', { name: 'Fresh University', code: 'FRESH' }, god.headers);
    expect(u.statusCode).toBe(201);
    const dup = await call('POST', '/api/v1/universities', { name: 'Again', code: 'FRESH' }, god.headers);
    expect(dup.statusCode).toBe(409);
    // God Mode acting inside a tenant must name it.
    expect((await call('POST', '/api/v1/colleges', { name: 'X', code: 'X' }, god.headers)).statusCode).toBe(422);
    expect((await call('POST', '/api/v1/colleges', { name: 'X', code: 'X', university_id: u.json().data.id }, god.headers)).statusCode).toBe(201);

    const victim = await createUniversity(db());
    const tenant = await signInAs(ctx.app, db(), 'university_owner', victim);
    expect((await call('GET', '/api/v1/students', undefined, tenant.headers)).statusCode).toBe(200);
    const s = await call('POST', `/api/v1/universities/${victim.id}/suspend`, { reason: 'Unpaid invoices' }, god.headers);
    expect(s.json().data.status).toBe('suspended');
    const locked = await call('GET', '/api/v1/students', undefined, tenant.headers);
    expect(locked.statusCode).toBe(403);
    expect(locked.json().message).toMatch(/suspended/);
    await call('POST', `/api/v1/universities/${victim.id}/reactivate`, undefined, god.headers);
    expect((await call('GET', '/api/v1/students', undefined, tenant.headers)).statusCode).toBe(200);
  });

  it('a university owner sees and updates only their own university', async () => {
    const list = (await call('GET', '/api/v1/universities')).json().data.items;
    expect(list.map((u: { id: string }) => u.id)).toEqual([uni.id]);
    expect((await call('PUT', `/api/v1/universities/${uni.id}`, { website: 'https://example.edu' })).json().data.website).toBe('https://example.edu');
  });
});

describe('cached lookup lists', () => {
  it('show a change at once: create, rename and delete of departments and course seats', async () => {
    const list = async () => (await call('GET', '/api/v1/departments?per_page=100')).json().data.items.map((d: { name: string }) => d.name);
    const before = await list();
    expect(await list()).toEqual(before); // second read served from cache
    const d = (await call('POST', '/api/v1/departments', { college_id: uni.collegeId, name: 'Cache Dept', code: 'CACHE' })).json().data;
    expect(await list()).toContain('Cache Dept');
    await call('PUT', `/api/v1/departments/${d.id}`, { name: 'Cache Dept Renamed' });
    expect(await list()).toContain('Cache Dept Renamed');
    await call('DELETE', `/api/v1/colleges/${uni.collegeId}`);
    expect(await list()).not.toContain('Cache Dept Renamed');
    await call('POST', `/api/v1/colleges/${uni.collegeId}/restore`);
    expect(await list()).toContain('Cache Dept Renamed');

    const course = (await call('POST', '/api/v1/courses', { college_id: uni.collegeId, code: 'SEAT1', title: 'Seats', term: '2026-FA', capacity: 5 })).json().data;
    const seats = async () => (await call('GET', '/api/v1/courses?q=SEAT1')).json().data.items[0].seats_left;
    expect(await seats()).toBe(5);
    const s = (await call('POST', '/api/v1/students', student())).json().data;
    await call('POST', `/api/v1/students/${s.id}/enrollments`, { course_id: course.id });
    expect(await seats()).toBe(4);
  });
});
