import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { expect } from 'vitest';
import type { DB } from '../../src/db/types.js';
import { bearer, login, PASSWORD } from './factories.js';

// A realistic tenant for scope tests, built through the API the way an operator and a university
// owner would: a university with two colleges, each holding one of every id-based resource. Objects
// whose college comes from their creator (reports, imports, scheduled reports) are made by that
// college's admin; the rest by the owner.

export interface Signed {
  id: string;
  email: string;
  headers: Record<string, string>;
}

export interface CollegeFixture {
  id: string;
  code: string;
  departmentId: string;
  departmentCode: string;
  courseId: string;
  studentId: string;
  facultyId: string;
  enrollmentId: string;
  /** An invited (not yet registered) college admin of this college. */
  userId: string;
  reportId: string;
  importId: string;
  uploadId: string;
  scheduleId: string;
  /** The college admin who made the college-bound objects. */
  admin: Signed;
}

export interface TenantFixture {
  id: string;
  code: string;
  /** The owner who built the tenant; tests use it to make throwaway objects, not as an actor. */
  builder: Signed;
  colleges: [CollegeFixture, CollegeFixture];
  /** A custom role of the university (nobody holds it). */
  roleId: string;
}

let n = 0;
/** A distinct source address per sign-in, so the per-IP limits of /auth/login never count them together. */
const nextIp = () => `10.77.${Math.floor(++n / 250)}.${n % 250}`;
export const unique = (prefix: string) => `${prefix}${Date.now().toString(36)}${(++n).toString(36)}`;

export async function signIn(app: FastifyInstance, email: string, password = PASSWORD): Promise<Signed & { token: string }> {
  const t = await login(app, email, password, nextIp());
  return { id: t.user.id, email, token: t.access_token, headers: bearer(t.access_token) };
}

/** POST (or PUT) that must succeed; returns `data`. */
export async function send(app: FastifyInstance, who: Signed, method: 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) {
  const res = await app.inject({ method, url, headers: who.headers, ...(payload ? { payload } : {}) });
  expect(res.statusCode, `${method} ${url} → ${res.body}`).toBeLessThan(300);
  return res.json().data as Record<string, unknown> & { id: string };
}

export function multipart(field: string, filename: string, type: string, content: Buffer | string) {
  const boundary = `----bf${unique('')}`;
  return {
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`),
      Buffer.from(content),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
  };
}

/** A real 1×1 PNG: uploads are typed by their whole structure, not only the magic bytes. */
export const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
/** A students CSV for a department: one good row and one with an unknown department (an error report). */
export const studentsCsv = (departmentCode: string) =>
  `admission_number,first_name,last_name,department_code\n${unique('IMP-')},Ima,Mxstudent,${departmentCode}\n${unique('BAD-')},Bad,Row,NOPE\n`;

/** A user placed by `who` through POST /users, signed in when it has a password. */
export async function createUserVia(app: FastifyInstance, who: Signed, body: { roles: string[]; university_id?: string; college_id?: string | null; invited?: boolean }) {
  const email = `${unique('u')}@example.test`.toLowerCase();
  const { invited, ...rest } = body;
  const user = await send(app, who, 'POST', '/api/v1/users', { name: `User ${email.slice(0, 8)}`, email, ...rest, ...(invited ? {} : { password: PASSWORD }) });
  return invited ? { id: user.id, email, headers: {} } : { ...(await signIn(app, email)), id: user.id };
}

async function buildCollege(app: FastifyInstance, owner: Signed, label: string): Promise<CollegeFixture> {
  const code = unique(`${label}-`);
  const id = (await send(app, owner, 'POST', '/api/v1/colleges', { name: `College ${code}`, code })).id;
  const departmentCode = unique('D');
  const departmentId = (await send(app, owner, 'POST', '/api/v1/departments', { college_id: id, name: `Mx department ${departmentCode}`, code: departmentCode })).id;
  const courseId = (await send(app, owner, 'POST', '/api/v1/courses', { college_id: id, department_id: departmentId, code: unique('C'), title: 'Mx course', term: '2026-FA' })).id;
  const studentId = (await send(app, owner, 'POST', '/api/v1/students', { department_id: departmentId, admission_number: unique('S-'), first_name: 'Stu', last_name: 'Mxstudent', phone: '+1 555 0100' })).id;
  const facultyId = (await send(app, owner, 'POST', '/api/v1/faculty', { department_id: departmentId, employee_id: unique('E-'), first_name: 'Fay', last_name: 'Mxfaculty' })).id;
  const enrollmentId = (await send(app, owner, 'POST', `/api/v1/students/${studentId}/enrollments`, { course_id: courseId })).id;
  const userId = (await createUserVia(app, owner, { roles: ['college_admin'], college_id: id, invited: true })).id;
  const admin = await createUserVia(app, owner, { roles: ['college_admin'], college_id: id });
  const reportId = (await send(app, admin, 'POST', '/api/v1/reports/generate', { type: 'student_roster', format: 'csv' })).id;
  const csv = multipart('file', 'students.csv', 'text/csv', studentsCsv(departmentCode));
  const imp = await app.inject({ method: 'POST', url: '/api/v1/imports?entity_type=students', headers: { ...admin.headers, ...csv.headers }, payload: csv.payload });
  expect(imp.statusCode, imp.body).toBe(202);
  const png = multipart('file', 'photo.png', 'image/png', PNG);
  const upload = await app.inject({ method: 'POST', url: `/api/v1/uploads?entity_type=student&entity_id=${studentId}`, headers: { ...owner.headers, ...png.headers }, payload: png.payload });
  expect(upload.statusCode, upload.body).toBe(201);
  const scheduleId = (await send(app, admin, 'POST', '/api/v1/scheduled-reports', { name: 'Weekly roster', type: 'student_roster', cron: '0 7 * * 1', recipients: [admin.email] })).id;
  return { id, code, departmentId, departmentCode, courseId, studentId, facultyId, enrollmentId, userId, reportId, importId: imp.json().data.id, uploadId: upload.json().data.id, scheduleId, admin };
}

/** A university made by the platform operator, with its owner and two colleges. */
export async function buildTenant(app: FastifyInstance, operator: Signed, label: string): Promise<TenantFixture> {
  const code = unique(`${label}-`);
  const id = (await send(app, operator, 'POST', '/api/v1/universities', { name: `University ${code}`, code })).id;
  const builder = await createUserVia(app, operator, { roles: ['university_owner'], university_id: id });
  const c1 = await buildCollege(app, builder, `${label}1`);
  const c2 = await buildCollege(app, builder, `${label}2`);
  const roleId = (await send(app, builder, 'POST', '/api/v1/roles', { name: unique('fixture_'), display_name: 'Fixture role', permissions: ['courses.view'] })).id;
  return { id, code, builder, colleges: [c1, c2], roleId };
}

/** Waits until no report, import or tenant export is still being worked on (the jobs run in-process). */
export async function jobsSettled(db: Kysely<DB>, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [r, i, e] = await Promise.all([
      db.selectFrom('reports').select('id').where('status', '=', 'generating').execute(),
      db.selectFrom('imports').select('id').where('status', 'in', ['queued', 'processing']).execute(),
      db.selectFrom('tenant_exports').select('id').where('status', 'in', ['queued', 'generating', 'processing']).execute(),
    ]);
    if (!r.length && !i.length && !e.length) return;
    if (Date.now() > deadline) throw new Error(`jobs still running: ${r.length} reports, ${i.length} imports, ${e.length} exports`);
    await new Promise((res) => setTimeout(res, 50));
  }
}
