import { BUILT_IN_ROLES } from '@bitflow/contracts';
import { parse } from 'csv-parse/sync';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/core/app-error.js';
import { NotificationsRepository } from '../../src/modules/notifications/notifications.repository.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { createUser, PASSWORD } from '../helpers/factories.js';
import {
  buildTenant, createUserVia, jobsSettled, multipart, PNG, send, signIn, studentsCsv, unique, type CollegeFixture, type Signed, type TenantFixture,
} from '../helpers/tenant-fixture.js';

// The route × role matrix (issue #19 item 5): every /api/v1 route of the route table, called by every
// built-in role, a custom role and the platform owner, on an object of the caller's own college, of
// another college and of another university. The expected answer comes only from the route's declared
// permission and the declared scope of what it acts on:
//   - the caller lacks the permission                → 403;
//   - the object is outside the caller's scope       → exactly what a missing id gets (404 for an id in
//     the path; for an id named in the body, the same 422 as an unknown id);
//   - otherwise                                      → allowed: the write happens (2xx), and a list
//     holds only rows in scope.
// The table below declares, per route, what its id (or the id its body names) points at; a route in
// the route table without a declaration, or without a permission that is not public or self-service,
// fails the first test by name. After the matrix: updates that move a row by naming a foreign id, and
// lists filtered by another college or university, obey the same rule.

/** Routes any signed-in user may call without a permission: they act on the caller's own account. */
const SELF_SERVICE = new Set([
  'POST /api/v1/auth/logout', // ends the caller's own session
  'POST /api/v1/auth/logout-all', // ends all of the caller's sessions
  'GET /api/v1/auth/me', // who am I, my roles and permissions
  'GET /api/v1/auth/sessions', // my sessions
  'DELETE /api/v1/auth/sessions/:id', // revoke one of my sessions (another user's is a 404)
  'PUT /api/v1/auth/password', // change my password
  'POST /api/v1/auth/mfa/disable', // turn off my own two-factor sign-in
  'GET /api/v1/notifications', // my notifications
  'GET /api/v1/notifications/unread-count',
  'PUT /api/v1/notifications/:id/read', // another user's notification is a 404
  'POST /api/v1/notifications/read-all',
  'GET /api/v1/notifications/stream', // my live notifications
  'POST /api/v1/god-mode/impersonation/end', // ends the impersonation the caller's session is
  'GET /api/v1/search', // each result group is filtered by its own view permission (checked below)
]);

/** Routes the matrix does not call, and why. */
const NOT_CALLED: Record<string, string> = {
  'GET /api/v1/notifications/stream': 'an event stream never ends under app.inject; it is per user by construction (streams tests)',
};

// --- what a route acts on ---------------------------------------------------------------------------

type Kind =
  | 'universities' | 'colleges' | 'departments' | 'courses' | 'students' | 'faculty' | 'enrollments' | 'users' | 'roles'
  | 'reports' | 'imports' | 'uploads' | 'scheduled-reports' | 'exports' | 'sessions' | 'notifications';

/** Where rows of each kind live: a college-owned row is visible to a college-level caller only in their colleges. */
const KINDS: Record<Kind, { table: string; level: 'college' | 'university' | 'user' }> = {
  universities: { table: 'universities', level: 'university' },
  colleges: { table: 'colleges', level: 'college' },
  departments: { table: 'departments', level: 'college' },
  courses: { table: 'courses', level: 'college' },
  students: { table: 'students', level: 'college' },
  faculty: { table: 'faculty', level: 'college' },
  enrollments: { table: 'enrollments', level: 'college' },
  users: { table: 'users', level: 'college' },
  roles: { table: 'roles', level: 'university' },
  reports: { table: 'reports', level: 'college' },
  imports: { table: 'imports', level: 'college' },
  uploads: { table: 'files', level: 'college' },
  'scheduled-reports': { table: 'scheduled_reports', level: 'college' },
  exports: { table: 'tenant_exports', level: 'university' },
  sessions: { table: 'sessions', level: 'user' },
  notifications: { table: 'notifications', level: 'user' },
};

/** One object of each kind, plus the names a body needs. */
type Ids = Record<Kind, string> & { departmentCode: string; activeUser: string };

interface Target {
  name: string;
  uni: string;
  college: string | null;
  /** For per-user kinds: whose object it is. */
  user?: string;
  ids: Ids;
  /** Who makes throwaway objects here: the university's builder, and the college's admin. */
  builder?: Signed;
  admin?: Signed;
}

interface Spec {
  /** What the :id in the path, or the id the body/query names, points at; 'none' for a plain collection. */
  on: Kind | 'none';
  body?: (t: Target) => object;
  query?: (t: Target | null) => string;
  upload?: (t: Target) => { name: string; type: string; content: Buffer | string };
  /** Objects made for this call when it is allowed (a delete gets its own row to delete). */
  fresh?: (t: Target) => Promise<Partial<Ids>>;
  /** The answer lists rows of this kind: each must be in the caller's scope. */
  list?: Kind | 'audit';
  /** The answer when allowed, if not 200/201. */
  status?: number;
  /** Changes the caller's own account: called as a fresh user of the same role ('user') or a fresh session ('session'). */
  account?: 'user' | 'session';
  /** The answer is a CSV of audit rows. */
  auditCsv?: boolean;
  search?: boolean;
  /** The dashboard: its figures count only rows in scope, and its recent activity follows the audit rule. */
  dashboard?: boolean;
  /** Only callers of these levels may use it, whatever they hold (a 403 for the others). */
  levels?: MatrixActor['level'][];
}

let ctx: TestContext;
const db = () => ctx.platform.database.db;
let operator: Signed;
let U: TenantFixture;
let V: TenantFixture;
let exports: Record<string, string>;

// Throwaway objects, made by the owner (or college admin) of the target, for calls that consume one.
const make = {
  university: async () => (await send(ctx.app, operator, 'POST', '/api/v1/universities', { name: 'Throwaway', code: unique('TU-') })).id,
  college: async (t: Target) => (await send(ctx.app, t.builder!, 'POST', '/api/v1/colleges', { name: 'Throwaway', code: unique('TC-') })).id,
  department: async (t: Target) => (await send(ctx.app, t.builder!, 'POST', '/api/v1/departments', { college_id: t.college, name: 'Throwaway', code: unique('TD-') })).id,
  course: async (t: Target) => (await send(ctx.app, t.builder!, 'POST', '/api/v1/courses', { college_id: t.college, department_id: t.ids.departments, code: unique('TK-'), title: 'Throwaway', term: '2026-FA' })).id,
  student: async (t: Target) => (await send(ctx.app, t.builder!, 'POST', '/api/v1/students', { department_id: t.ids.departments, admission_number: unique('TS-'), first_name: 'Tom', last_name: 'Throwaway' })).id,
  faculty: async (t: Target) => (await send(ctx.app, t.builder!, 'POST', '/api/v1/faculty', { department_id: t.ids.departments, employee_id: unique('TF-'), first_name: 'Tia', last_name: 'Throwaway' })).id,
  enrollment: async (t: Target) => (await send(ctx.app, t.builder!, 'POST', `/api/v1/students/${t.ids.students}/enrollments`, { course_id: await make.course(t) })).id,
  user: async (t: Target) => (await createUserVia(ctx.app, t.builder!, { roles: ['college_admin'], college_id: t.college, invited: true })).id,
  role: async (t: Target) => (await send(ctx.app, t.builder!, 'POST', '/api/v1/roles', { name: unique('throwaway_'), display_name: 'Throwaway', permissions: ['courses.view'] })).id,
  upload: async (t: Target) => {
    const png = multipart('file', 'p.png', 'image/png', PNG);
    const res = await ctx.app.inject({ method: 'POST', url: `/api/v1/uploads?entity_type=student&entity_id=${t.ids.students}`, headers: { ...t.builder!.headers, ...png.headers }, payload: png.payload });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().data.id as string;
  },
  schedule: async (t: Target) => (await send(ctx.app, t.admin!, 'POST', '/api/v1/scheduled-reports', { name: 'Throwaway', type: 'student_roster', cron: '0 7 * * 1', recipients: [t.admin!.email] })).id,
};
/** A completed access-review report of the target's university, by its owner. */
async function accessReviewReport(t: Target) {
  const id = (await send(ctx.app, t.builder!, 'POST', '/api/v1/reports/generate', { type: 'access_review', format: 'csv' })).id;
  for (let i = 0; i < 200; i++) {
    const r = await db().selectFrom('reports').select('status').where('id', '=', id).executeTakeFirstOrThrow();
    if (r.status !== 'generating') return id;
    await new Promise((res) => setTimeout(res, 25));
  }
  throw new Error('access review did not finish');
}
/** A throwaway made and then deleted by its owner, for restore. */
const deleted = (path: string, mk: (t: Target) => Promise<string>, by: 'builder' | 'operator' = 'builder') => async (t: Target) => {
  const id = await mk(t);
  await send(ctx.app, by === 'operator' ? operator : t.builder!, 'DELETE', `${path}/${id}`);
  return id;
};

/** The seven routes every academic resource has (tenant-resource.routes.ts). */
function resource(path: string, kind: Kind, o: { create: Spec; update: object; mk: (t: Target) => Promise<string>; operatorDeletes?: boolean }): Record<string, Spec> {
  const by = o.operatorDeletes ? 'operator' : 'builder';
  return {
    [`GET ${path}`]: { on: 'none', list: kind, query: () => 'per_page=100' },
    [`POST ${path}`]: o.create,
    [`GET ${path}/:id`]: { on: kind },
    [`PUT ${path}/:id`]: { on: kind, body: () => o.update },
    [`DELETE ${path}/:id`]: { on: kind, fresh: async (t) => ({ [kind]: await o.mk(t) }) },
    [`POST ${path}/:id/restore`]: { on: kind, fresh: async (t) => ({ [kind]: await deleted(path, o.mk, by)(t) }) },
    [`DELETE ${path}/:id/purge`]: { on: kind, fresh: async (t) => ({ [kind]: await o.mk(t) }) },
  };
}

const personal = { first_name: 'Renamed' };

/** The declared scope of every non-public /api/v1 route. */
const ROUTES: Record<string, Spec> = {
  // Self-service (SELF_SERVICE above): the caller's own account, sessions and notifications.
  'POST /api/v1/auth/logout': { on: 'none', account: 'session' },
  'POST /api/v1/auth/logout-all': { on: 'none', account: 'user' },
  'GET /api/v1/auth/me': { on: 'none' },
  'GET /api/v1/auth/sessions': { on: 'none', list: 'sessions' },
  'DELETE /api/v1/auth/sessions/:id': { on: 'sessions', fresh: async (t) => ({ sessions: await freshSession(t.user!) }) },
  'PUT /api/v1/auth/password': { on: 'none', account: 'user', body: () => ({ current_password: PASSWORD, new_password: 'Another-Horse-Battery-7' }) },
  // Nobody here has two-factor sign-in on: the right password is accepted and it stays off.
  'POST /api/v1/auth/mfa/disable': { on: 'none', account: 'user', body: () => ({ password: PASSWORD }) },
  'GET /api/v1/notifications': { on: 'none', list: 'notifications', query: () => 'per_page=100' },
  'GET /api/v1/notifications/unread-count': { on: 'none' },
  'PUT /api/v1/notifications/:id/read': { on: 'notifications' },
  'POST /api/v1/notifications/read-all': { on: 'none' },
  'GET /api/v1/notifications/stream': { on: 'none' },
  'GET /api/v1/search': { on: 'none', query: () => 'q=Mx', search: true },
  // Not an impersonation session: a conflict for everyone, never a 401/403.
  'POST /api/v1/god-mode/impersonation/end': { on: 'none', status: 409 },

  // Platform (god_mode.*): only the platform owner holds these permissions.
  'POST /api/v1/god-mode/impersonate': { on: 'users', body: (t) => ({ user_id: t.ids.activeUser, reason: 'Route matrix: support ticket', duration_minutes: 1 }), status: 201 },
  'GET /api/v1/god-mode/tenants': { on: 'none', list: 'universities', query: () => 'per_page=100' },
  'GET /api/v1/god-mode/jobs': { on: 'none' },
  'GET /api/v1/god-mode/health': { on: 'none' },
  'POST /api/v1/god-mode/universities/:id/export': { on: 'universities', status: 202 },
  'GET /api/v1/god-mode/exports/:id': { on: 'exports' },
  'GET /api/v1/god-mode/exports/:id/download': { on: 'exports' },

  // Roles belong to a university (built-in roles to everyone).
  'GET /api/v1/permissions': { on: 'none' },
  'GET /api/v1/roles': { on: 'none', list: 'roles' },
  'GET /api/v1/roles/grantable': { on: 'none', list: 'roles' },
  'GET /api/v1/roles/:id': { on: 'roles' },
  'POST /api/v1/roles': { on: 'universities', body: (t) => ({ name: unique('matrix_'), display_name: 'Matrix', level: 'college', permissions: ['courses.view'], university_id: t.uni }), status: 201 },
  'PUT /api/v1/roles/:id': { on: 'roles', body: () => ({ display_name: 'Renamed by the matrix' }) },
  'DELETE /api/v1/roles/:id': { on: 'roles', fresh: async (t) => ({ roles: await make.role(t) }) },

  // The audit trail of the caller's scope (a college admin: their college's objects and their own actions).
  'GET /api/v1/audit-logs': { on: 'none', list: 'audit', query: () => 'per_page=100' },
  'GET /api/v1/audit-logs/export': { on: 'none', auditCsv: true },
  // God Mode's own reads, grouped: platform only.
  'GET /api/v1/audit-logs/god-mode-reads': { on: 'none' },
  // The chain is the whole university's: a college admin's view of it is partial, so only
  // university-level callers (and God Mode) verify it.
  'GET /api/v1/audit-logs/verify': { on: 'universities', query: (t) => `university_id=${t!.uni}`, levels: ['platform', 'university'] },
  'GET /api/v1/dashboard': { on: 'none', dashboard: true },

  // College-bound work: the college is the creator's (reports, imports, schedules) or the student's (uploads).
  'POST /api/v1/imports': { on: 'universities', query: (t) => `entity_type=students&university_id=${t!.uni}`, upload: (t) => ({ name: 's.csv', type: 'text/csv', content: studentsCsv(t.ids.departmentCode) }), status: 202 },
  'GET /api/v1/imports': { on: 'none', list: 'imports', query: () => 'per_page=100' },
  'GET /api/v1/imports/:id': { on: 'imports' },
  'GET /api/v1/imports/:id/errors': { on: 'imports' },
  'POST /api/v1/uploads': { on: 'students', query: (t) => `entity_type=student&entity_id=${t!.ids.students}`, upload: () => ({ name: 'p.png', type: 'image/png', content: PNG }), status: 201 },
  'GET /api/v1/uploads': { on: 'none', list: 'uploads', query: () => 'per_page=100' },
  'GET /api/v1/uploads/:id': { on: 'uploads' },
  'GET /api/v1/uploads/:id/download': { on: 'uploads' },
  'GET /api/v1/uploads/:id/thumbnail': { on: 'uploads' },
  'DELETE /api/v1/uploads/:id': { on: 'uploads', fresh: async (t) => ({ uploads: await make.upload(t) }) },
  'GET /api/v1/scheduled-reports': { on: 'none', list: 'scheduled-reports', query: () => 'per_page=100' },
  'POST /api/v1/scheduled-reports': { on: 'universities', body: (t) => ({ name: 'Matrix', type: 'student_roster', cron: '0 7 * * 1', recipients: [t.admin!.email], university_id: t.uni }), status: 201 },
  'GET /api/v1/scheduled-reports/:id': { on: 'scheduled-reports' },
  'PUT /api/v1/scheduled-reports/:id': { on: 'scheduled-reports', body: () => ({ name: 'Renamed by the matrix' }) },
  'POST /api/v1/scheduled-reports/:id/pause': { on: 'scheduled-reports' },
  'POST /api/v1/scheduled-reports/:id/resume': { on: 'scheduled-reports' },
  'DELETE /api/v1/scheduled-reports/:id': { on: 'scheduled-reports', fresh: async (t) => ({ 'scheduled-reports': await make.schedule(t) }) },
  // Platform owners announce from God Mode, naming the university (the next route).
  'POST /api/v1/notifications/announcements': { on: 'colleges', body: (t) => ({ audience: 'college', audience_id: t.ids.colleges, title: 'Route matrix', body: 'Hello.' }), status: 202, levels: ['university', 'college'] },
  'POST /api/v1/god-mode/announcements': { on: 'none', body: () => ({ audience: 'platform', title: 'Route matrix', body: 'Hello.' }), status: 202 },
  'POST /api/v1/reports/generate': { on: 'colleges', body: (t) => ({ type: 'student_roster', format: 'csv', university_id: t.uni, parameters: { college_ids: [t.ids.colleges] } }), status: 202 },
  'GET /api/v1/reports': { on: 'none', list: 'reports', query: () => 'per_page=100' },
  'GET /api/v1/reports/:id': { on: 'reports' },
  'GET /api/v1/reports/:id/status': { on: 'reports' },
  'GET /api/v1/reports/:id/download': { on: 'reports' },
  // Access reviews (compliance.*: owners only). Recording names an access-review report of the target,
  // made fresh by its university's owner; it is the university's own attestation, so not God Mode's.
  'GET /api/v1/compliance/access-reviews': { on: 'none' },
  'POST /api/v1/compliance/access-reviews': {
    on: 'reports', body: (t) => ({ report_id: t.ids.reports, note: 'Reviewed by the matrix' }), status: 201, levels: ['university'],
    fresh: async (t) => ({ reports: await accessReviewReport(t) }),
  },

  // Tenants: creating, suspending, deleting and purging are platform permissions.
  ...resource('/api/v1/universities', 'universities', {
    create: { on: 'none', body: () => ({ name: 'Matrix university', code: unique('MU-') }), status: 201 },
    update: { name: 'Renamed by the matrix' },
    mk: () => make.university(),
    operatorDeletes: true,
  }),
  'POST /api/v1/universities/:id/suspend': { on: 'universities', body: () => ({ reason: 'Route matrix suspends a throwaway' }), fresh: async () => ({ universities: await make.university() }) },
  'POST /api/v1/universities/:id/reactivate': {
    on: 'universities',
    fresh: async () => {
      const id = await make.university();
      await send(ctx.app, operator, 'POST', `/api/v1/universities/${id}/suspend`, { reason: 'Route matrix reactivates it' });
      return { universities: id };
    },
  },
  ...resource('/api/v1/colleges', 'colleges', {
    create: { on: 'universities', body: (t) => ({ name: 'Matrix college', code: unique('MC-'), university_id: t.uni }), status: 201 },
    update: { name: 'Renamed by the matrix' },
    mk: (t) => make.college(t),
  }),
  ...resource('/api/v1/departments', 'departments', {
    create: { on: 'colleges', body: (t) => ({ college_id: t.ids.colleges, name: 'Matrix department', code: unique('MD-') }), status: 201 },
    update: { name: 'Renamed by the matrix' },
    mk: (t) => make.department(t),
  }),
  ...resource('/api/v1/courses', 'courses', {
    create: { on: 'colleges', body: (t) => ({ college_id: t.ids.colleges, department_id: t.ids.departments, code: unique('MK-'), title: 'Matrix course', term: '2026-FA' }), status: 201 },
    update: { title: 'Renamed by the matrix' },
    mk: (t) => make.course(t),
  }),
  ...resource('/api/v1/students', 'students', {
    create: { on: 'departments', body: (t) => ({ department_id: t.ids.departments, admission_number: unique('MS-'), first_name: 'Max', last_name: 'Matrix' }), status: 201 },
    update: personal,
    mk: (t) => make.student(t),
  }),
  ...resource('/api/v1/faculty', 'faculty', {
    create: { on: 'departments', body: (t) => ({ department_id: t.ids.departments, employee_id: unique('MF-'), first_name: 'Mia', last_name: 'Matrix' }), status: 201 },
    update: personal,
    mk: (t) => make.faculty(t),
  }),
  'GET /api/v1/students/:id/enrollments': { on: 'students', list: 'enrollments' },
  // A course of the student's college that the student is not in yet, so the enrolment really happens.
  'POST /api/v1/students/:id/enrollments': { on: 'students', body: (t) => ({ course_id: t.ids.courses }), fresh: async (t) => ({ courses: await make.course(t) }), status: 201 },
  'GET /api/v1/courses/:id/enrollments': { on: 'courses', list: 'enrollments' },
  'PUT /api/v1/enrollments/:id': { on: 'enrollments', body: () => ({ grade: 'A' }) },
  'DELETE /api/v1/enrollments/:id': { on: 'enrollments', fresh: async (t) => ({ enrollments: await make.enrollment(t) }) },

  // Users: placed in a college (an invited college admin is what every user manager may manage).
  'GET /api/v1/users': { on: 'none', list: 'users', query: () => 'per_page=100' },
  'GET /api/v1/users/:id': { on: 'users' },
  'POST /api/v1/users': { on: 'colleges', body: (t) => ({ name: 'Matrix user', email: `${unique('m')}@example.test`, roles: ['college_admin'], university_id: t.uni, college_id: t.ids.colleges, password: PASSWORD }), status: 201 },
  'PUT /api/v1/users/:id': { on: 'users', body: () => ({ name: 'Renamed by the matrix' }) },
  'DELETE /api/v1/users/:id': { on: 'users', fresh: async (t) => ({ users: await make.user(t) }) },
  'POST /api/v1/users/:id/restore': { on: 'users', fresh: async (t) => ({ users: await deleted('/api/v1/users', make.user)(t) }) },
  'POST /api/v1/users/:id/invitation': { on: 'users' },
};

/**
 * Known contradictions of the rule, one line each: `route | role | target` (target `*` = every
 * target). Each is asserted below with `it.fails`, so fixing the route makes that test fail until its
 * line is removed here.
 */
const TODO: Record<string, string> = {};

// --- actors -------------------------------------------------------------------------------------------

interface MatrixActor {
  role: string;
  level: 'platform' | 'university' | 'college';
  permissions: Set<string>;
  uni: string | null;
  colleges: string[];
  /** Two users of the role, taking turns by route, so no user meets the per-user rate limit. */
  users: (Signed & { notification: string })[];
}

const CUSTOM = { name: 'matrix_clerk', level: 'college' as const, permissions: ['students.view', 'students.update', 'courses.view', 'enrollments.view', 'enrollments.create', 'uploads.view', 'reports.view', 'reports.create', 'dashboard.view'] };
let actors: MatrixActor[];
const sidOf = (headers: Record<string, string>) => JSON.parse(Buffer.from(headers.authorization!.split('.')[1]!, 'base64url').toString()).sid as string;
async function freshSession(userId: string) {
  const u = await db().selectFrom('users').select('email').where('id', '=', userId).executeTakeFirstOrThrow();
  return sidOf((await signIn(ctx.app, u.email)).headers);
}

async function notify(userId: string, universityId: string | null) {
  const [row] = await new NotificationsRepository(db()).insert({ userIds: [userId], universityId, type: 'matrix.test', title: 'For the route matrix' });
  return row!.id;
}

// --- targets ------------------------------------------------------------------------------------------

function collegeTarget(name: string, t: TenantFixture, c: CollegeFixture): Target {
  return {
    name, uni: t.id, college: c.id, builder: t.builder, admin: c.admin,
    ids: {
      universities: t.id, colleges: c.id, departments: c.departmentId, courses: c.courseId, students: c.studentId, faculty: c.facultyId, enrollments: c.enrollmentId,
      users: c.userId, roles: t.roleId, reports: c.reportId, imports: c.importId, uploads: c.uploadId, 'scheduled-reports': c.scheduleId, exports: exports[t.id]!,
      sessions: '', notifications: '', departmentCode: c.departmentCode, activeUser: c.admin.id,
    },
  };
}
const missingTarget = (): Target => ({
  name: 'missing', uni: randomUUID(), college: randomUUID(),
  ids: Object.fromEntries([...Object.keys(KINDS), 'activeUser'].map((k) => [k, randomUUID()]).concat([['departmentCode', 'NOPE']])) as Ids,
});
let others: { u: { session: string; notification: string; user: string }; v: { session: string; notification: string; user: string } };

/** The targets of a route for one user: own college, other college, other university (or own/other users' objects). */
function targetsFor(spec: Spec, user: MatrixActor['users'][number]): Target[] {
  if (spec.on === 'none') return [];
  const [u1, u2] = U.colleges;
  const base = [collegeTarget('C1', U, u1), collegeTarget('C2', U, u2), collegeTarget('V', V, V.colleges[0])];
  if (KINDS[spec.on].level === 'user') {
    const withSelf = (t: Target, o: { session: string; notification: string; user: string }, name: string): Target => ({ ...t, name, user: o.user, ids: { ...t.ids, sessions: o.session, notifications: o.notification } });
    return [
      withSelf(base[0]!, { session: '', notification: user.notification, user: user.id }, 'own'),
      withSelf(base[0]!, others.u, 'other user of U'),
      withSelf(base[2]!, others.v, 'user of V'),
    ];
  }
  // A university-level object is the same for both colleges of U.
  return KINDS[spec.on].level === 'university' ? [{ ...base[0]!, name: 'U' }, base[2]!] : base;
}

function inScope(actor: MatrixActor, user: Signed, kind: Kind, loc: { uni: string | null; college: string | null; user?: string | null }) {
  if (KINDS[kind].level === 'user') return loc.user === user.id;
  if (actor.level === 'platform') return true;
  // Built-in roles belong to no university and are everyone's to see.
  if (kind === 'roles' && loc.uni === null) return true;
  if (loc.uni !== actor.uni) return false;
  return actor.level === 'university' || KINDS[kind].level === 'university' || (loc.college !== null && actor.colleges.includes(loc.college));
}

type Loc = { uni: string | null; college: string | null; user: string | null };

/** Where rows of a kind live, read from the database in one query (presenters do not all answer college_id). */
async function locateAll(kind: Kind, ids: string[]): Promise<Map<string, Loc>> {
  const out = new Map<string, Loc>();
  if (!ids.length) return out;
  const rows = (await db().selectFrom(KINDS[kind].table as never).selectAll().where('id' as never, 'in', [...new Set(ids)] as never).execute()) as Record<string, string | null>[];
  for (const row of rows) {
    out.set(row.id!, { uni: kind === 'universities' ? row.id! : (row.university_id ?? null), college: kind === 'colleges' ? row.id! : (row.college_id ?? null), user: row.user_id ?? null });
  }
  return out;
}

/** The rows of `ids` a caller may not see (or that do not exist), as messages. */
async function outOfScope(actor: MatrixActor, user: Signed, kind: Kind, ids: string[]) {
  const locs = await locateAll(kind, ids);
  return ids.filter((id) => !locs.has(id) || !inScope(actor, user, kind, locs.get(id)!)).map((id) => `${kind} ${id} ${JSON.stringify(locs.get(id) ?? 'missing')}`);
}

// --- the rule for the audit trail ------------------------------------------------------------------------

const ENTITY_KIND: Record<string, Kind> = {
  university: 'universities', college: 'colleges', department: 'departments', course: 'courses', student: 'students', faculty: 'faculty',
  enrollment: 'enrollments', user: 'users', role: 'roles', report: 'reports', import: 'imports', file: 'uploads', scheduled_report: 'scheduled-reports',
};

type AuditRow = { id: string; university_id: string | null; college_id?: string | null; actor_id: string | null; action: string; entity_type: string | null; entity_id: string | null };

/** The audit rows this caller must not be shown, each with why. */
async function auditProblems(actor: MatrixActor, user: Signed, rows: AuditRow[]) {
  const problems: string[] = [];
  const about: AuditRow[] = [];
  for (const row of rows) {
    const why = (() => {
      if (actor.level === 'platform') return null;
      if (row.university_id !== actor.uni) return 'another university';
      if (actor.level === 'university') return null;
      const own = row.actor_id === user.id;
      if (row.action.startsWith('god_mode.') || row.action.startsWith('tenant.')) return 'a God Mode row';
      if (row.action.startsWith('auth.') && !own) return 'another user’s account event';
      if (own) return null;
      // Not their own action: it must be about an object of one of their colleges (a university-level
      // object such as the university itself or a role is not).
      const kind = row.entity_type ? ENTITY_KIND[row.entity_type] : undefined;
      if (!kind || !row.entity_id || KINDS[kind].level !== 'college') return 'not about an object of their college';
      about.push(row);
      return null;
    })();
    if (why) problems.push(`${row.action} ${row.entity_type ?? ''} ${row.entity_id ?? ''}: ${why}`);
  }
  const byKind = new Map<Kind, AuditRow[]>();
  for (const row of about) byKind.set(ENTITY_KIND[row.entity_type!]!, [...(byKind.get(ENTITY_KIND[row.entity_type!]!) ?? []), row]);
  for (const [kind, list] of byKind) {
    const locs = await locateAll(kind, list.map((r) => r.entity_id!));
    for (const row of list) {
      // A purged object is judged by the college the row recorded when it was written.
      const college = locs.get(row.entity_id!)?.college ?? row.college_id ?? null;
      if (college === null || !actor.colleges.includes(college)) problems.push(`${row.action} ${row.entity_type} ${row.entity_id}: an object of another college`);
    }
  }
  return problems;
}

// --- one call -----------------------------------------------------------------------------------------

interface RouteRow { method: string; url: string; permission?: string; public: boolean }
const keyOf = (r: { method: string; url: string }) => `${r.method} ${r.url}`;

async function call(r: RouteRow, spec: Spec, who: Signed, t: Target | null) {
  const url = r.url.replace(':id', t && spec.on !== 'none' ? t.ids[spec.on] : randomUUID());
  const qs = spec.query?.(t);
  const headers: Record<string, string> = { ...who.headers };
  let payload: Buffer | string | object | undefined;
  if (spec.upload && t) {
    const f = spec.upload(t);
    const m = multipart('file', f.name, f.type, f.content);
    Object.assign(headers, m.headers);
    payload = m.payload;
  } else if (spec.body) {
    payload = spec.body(t ?? missingTarget());
  }
  return ctx.app.inject({ method: r.method as never, url: qs ? `${url}?${qs}` : url, headers, ...(payload !== undefined ? { payload } : {}) });
}

type Outcome = 'deny' | 'hidden' | 'allow';

function expectedOf(r: RouteRow, spec: Spec, actor: MatrixActor, user: Signed, t: Target | null): Outcome {
  if (r.permission && !actor.permissions.has(r.permission)) return 'deny';
  if (spec.levels && !spec.levels.includes(actor.level)) return 'deny';
  if (t && spec.on !== 'none' && !inScope(actor, user, spec.on, { uni: t.uni, college: t.college, user: t.user })) return 'hidden';
  return 'allow';
}

/** The allowed answer, checked for what it shows. */
async function checkAllowed(r: RouteRow, spec: Spec, actor: MatrixActor, user: Signed, res: Awaited<ReturnType<typeof call>>) {
  const label = `${keyOf(r)} as ${actor.role}`;
  if (spec.status) expect(res.statusCode, `${label}: ${res.body.slice(0, 300)}`).toBe(spec.status);
  else expect([200, 201], `${label} → ${res.statusCode} ${res.body.slice(0, 300)}`).toContain(res.statusCode);
  if (spec.list === 'audit') {
    expect(await auditProblems(actor, user, res.json().data.items), `${label} shows`).toEqual([]);
  } else if (spec.list) {
    const data = res.json().data;
    const items = (data.items ?? data) as { id: string }[];
    expect(await outOfScope(actor, user, spec.list, items.map((i) => i.id)), `${label} lists`).toEqual([]);
    // And the caller's own objects are there (a list that answers nothing would pass the check above).
    if (r.url.split('/').length === 4 && spec.list !== 'roles') {
      const listed = new Set(items.map((i) => i.id));
      for (const t of targetsFor({ on: spec.list }, user as MatrixActor['users'][number])) {
        const id = t.ids[spec.list];
        if (!id || spec.list === 'sessions') continue;
        expect(listed.has(id), `${label}: ${spec.list} of ${t.name} ${inScope(actor, user, spec.list, { uni: t.uni, college: t.college, user: t.user }) ? 'missing from' : 'shown in'} the list`).toBe(
          inScope(actor, user, spec.list, { uni: t.uni, college: t.college, user: t.user }),
        );
      }
    }
  }
  if (spec.auditCsv) {
    const records = parse(res.body, { columns: true, bom: true }) as Record<string, string>[];
    const ids = records.map((rec) => rec.id!);
    expect(ids.every(Boolean), `${label}: the export has an id column`).toBe(true);
    const rows = ids.length ? await db().selectFrom('audit_logs').selectAll().where('id', 'in', ids).execute() : [];
    expect(rows.length, `${label}: every exported row exists`).toBe(ids.length);
    expect(await auditProblems(actor, user, rows), `${label} exports`).toEqual([]);
  }
  if (spec.search) {
    const groups = res.json().data.groups as Record<string, { id: string }[]>;
    const GROUP_PERMISSION: Record<string, string> = { universities: 'god_mode.access' };
    for (const [group, hits] of Object.entries(groups)) {
      const needed = GROUP_PERMISSION[group] ?? `${group}.view`;
      if (!actor.permissions.has(needed)) expect(hits, `${label}: ${group} hits without ${needed}`).toEqual([]);
      expect(await outOfScope(actor, user, group as Kind, hits.map((h) => h.id)), `${label} finds`).toEqual([]);
    }
    // Every caller who may view students has some in scope whose name starts with the query.
    if (actor.permissions.has('students.view')) expect(groups.students?.length, `${label}: finds students`).toBeGreaterThan(0);
  }
  if (spec.dashboard) {
    const data = res.json().data as { counts: Record<string, number>; recent_activity: { id: string }[] };
    for (const [table, count] of Object.entries(data.counts)) {
      const rows = (await db().selectFrom(table as never).selectAll().where('deleted_at' as never, 'is', null).execute()) as Record<string, string>[];
      const mine = rows.filter((row) => inScope(actor, user, table as Kind, { uni: table === 'universities' ? row.id! : row.university_id!, college: table === 'colleges' ? row.id! : (row.college_id ?? null) }));
      expect(count, `${label}: ${table} counted`).toBe(mine.length);
    }
    const ids = data.recent_activity.map((a) => a.id);
    const rows = ids.length ? await db().selectFrom('audit_logs').selectAll().where('id', 'in', ids).execute() : [];
    expect(rows.length).toBe(ids.length);
    expect(await auditProblems(actor, user, rows), `${label}: recent activity shows`).toEqual([]);
  }
}

/** An allowed delete or restore really happened: the row is gone or in the trash, or back out of it. */
async function checkWritten(r: RouteRow, spec: Spec, t: Target) {
  if (spec.on === 'none' || KINDS[spec.on].level === 'user' || !spec.fresh) return;
  const id = t.ids[spec.on];
  const row = (await db().selectFrom(KINDS[spec.on].table as never).selectAll().where('id' as never, '=', id as never).executeTakeFirst()) as Record<string, unknown> | undefined;
  if (r.url.endsWith('/purge')) expect(row, `${keyOf(r)}: purged`).toBeUndefined();
  else if (r.method === 'DELETE') expect(row === undefined || row.deleted_at !== null, `${keyOf(r)}: deleted`).toBe(true);
  else if (r.url.endsWith('/restore')) expect(row?.deleted_at, `${keyOf(r)}: restored`).toBeNull();
  else if (r.url.endsWith('/suspend')) expect(row?.status).toBe('suspended');
  else if (r.url.endsWith('/reactivate')) expect(row?.status).toBe('active');
}

const serverErrors: string[] = [];

/** How many cells expected each outcome, printed at the end for the record. */
const tally: Record<Outcome, number> = { deny: 0, hidden: 0, allow: 0 };

/** What each cell answered, for the TODO checks. */
const todoResults = new Map<string, Error | null>();

async function runCell(r: RouteRow, spec: Spec, actor: MatrixActor, user: MatrixActor['users'][number], t: Target | null) {
  const expected = expectedOf(r, spec, actor, user, t);
  tally[expected]++;
  let who: Signed = user;
  if (spec.account === 'session') who = await signIn(ctx.app, user.email);
  if (spec.account === 'user') who = await accountTwin(actor);
  let target = t;
  if (expected === 'allow' && t && spec.fresh) target = { ...t, ids: { ...t.ids, ...(await spec.fresh(t)) } };
  // A caller without the permission is refused before the body is even read: an empty one gets the 403 too.
  const writes = r.method === 'POST' || r.method === 'PUT';
  const res = await call(r, expected === 'deny' && writes ? { ...spec, body: () => ({}), upload: undefined } : spec, who, target);
  const label = `${keyOf(r)} as ${actor.role} on ${t?.name ?? 'the collection'}`;
  expect(res.statusCode, `${label}: never 401 for a signed-in user`).not.toBe(401);
  if (expected === 'deny') {
    expect(res.statusCode, `${label} (lacks ${r.permission} or the level) → ${res.body.slice(0, 200)}`).toBe(403);
  } else if (expected === 'hidden') {
    // The same call with only the out-of-scope id swapped for one that exists nowhere.
    const m = await call(r, spec, user, { ...t!, ids: { ...t!.ids, [spec.on]: randomUUID() } });
    if (r.url.includes(':id')) expect(res.statusCode, `${label} (out of scope) → ${res.body.slice(0, 200)}`).toBe(404);
    expect({ status: res.statusCode, body: res.json() }, `${label}: out of scope must look like a missing id`).toEqual({ status: m.statusCode, body: JSON.parse(m.body) });
  } else {
    await checkAllowed(r, spec, actor, user, res);
    if (target) await checkWritten(r, spec, target);
  }
}

/** A second user of the actor's role and place, for calls that end or change the caller's own account. */
async function accountTwin(actor: MatrixActor): Promise<Signed> {
  if (actor.level === 'platform') {
    const u = await createUser(db(), { role: 'bitflow_owner' });
    return signIn(ctx.app, u.email);
  }
  return createUserVia(ctx.app, U.builder, { roles: [actor.role === 'custom' ? CUSTOM.name : actor.role], college_id: actor.level === 'college' ? actor.colleges[0] : null });
}

// --- set-up -------------------------------------------------------------------------------------------

beforeAll(async () => {
  ctx = await createTestContext({}, (app) =>
    // A crash (a 5xx, not an AppError) fails its cell; its stack is kept for the failure report.
    app.addHook('onError', async (req, _reply, err) => {
      if (!(err instanceof AppError) && !((err as { statusCode?: number }).statusCode! < 500)) serverErrors.push(`${req.method} ${req.url}: ${String(err.stack ?? err).slice(0, 1500)}`);
    }),
  );
  const op = await createUser(db(), { role: 'bitflow_owner' });
  operator = await signIn(ctx.app, op.email);
  [U, V] = await Promise.all([buildTenant(ctx.app, operator, 'U'), buildTenant(ctx.app, operator, 'V')]);
  exports = {};
  for (const t of [U, V]) exports[t.id] = (await send(ctx.app, operator, 'POST', `/api/v1/god-mode/universities/${t.id}/export`)).id;

  // The custom role: a college clerk of U's first college. Its permissions are the ones chosen in
  // CUSTOM plus the prerequisites the API adds when a role is saved (departments.view for the student
  // form): the matrix expects what the saved role holds.
  const role = await send(ctx.app, U.builder, 'POST', '/api/v1/roles', { name: CUSTOM.name, display_name: 'Matrix clerk', level: CUSTOM.level, permissions: CUSTOM.permissions });
  const customPermissions = role.permissions as string[];
  expect(customPermissions).toEqual(expect.arrayContaining(CUSTOM.permissions));

  const c1 = U.colleges[0].id;
  // Each user of the matrix has a notification of their own, for the per-user routes.
  const pool = (uni: string | null, mk: () => Promise<Signed>) => Promise.all([mk(), mk()].map(async (u) => ({ ...(await u), notification: await notify((await u).id, uni) })));
  const place = (name: string, level: string) => ({ roles: [name], college_id: level === 'college' ? c1 : null });
  actors = [];
  for (const r of BUILT_IN_ROLES) {
    const uni = r.level === 'platform' ? null : U.id;
    const users = r.level === 'platform'
      ? await pool(uni, async () => signIn(ctx.app, (await createUser(db(), { role: 'bitflow_owner' })).email))
      : await pool(uni, () => createUserVia(ctx.app, U.builder, place(r.name, r.level)));
    actors.push({ role: r.name, level: r.level, permissions: new Set(r.permissions), uni, colleges: r.level === 'college' ? [c1] : [], users });
  }
  const clerks = await pool(U.id, () => createUserVia(ctx.app, U.builder, place(CUSTOM.name, CUSTOM.level)));
  actors.push({ role: 'custom', level: CUSTOM.level, permissions: new Set(customPermissions), uni: U.id, colleges: [c1], users: clerks });

  // Other users' sessions and notifications: U's first college admin, and V's.
  const otherOf = async (t: TenantFixture) => ({ user: t.colleges[0].admin.id, session: sidOf(t.colleges[0].admin.headers), notification: await notify(t.colleges[0].admin.id, t.id) });
  others = { u: await otherOf(U), v: await otherOf(V) };
  await jobsSettled(db());
});
afterAll(async () => {
  if (serverErrors.length) console.log(`server errors during the matrix:\n${serverErrors.join('\n---\n')}`);
  console.log(`route matrix: ${tally.deny + tally.hidden + tally.allow} cells`, tally);
  await ctx?.close();
});

const apiRoutes = () => (ctx.app.routeTable as RouteRow[]).filter((r) => r.url.startsWith('/api/v1/'));

describe('every route declares who may call it', () => {
  it('is public, declares a permission, or is on the self-service list — and is in the matrix table', () => {
    const problems: string[] = [];
    for (const r of apiRoutes()) {
      const key = keyOf(r);
      if (r.public) continue;
      if (!r.permission && !SELF_SERVICE.has(key)) problems.push(`${key}: no permission, not public, not self-service`);
      if (r.permission && SELF_SERVICE.has(key)) problems.push(`${key}: declares ${r.permission} but is on the self-service list`);
      if (!ROUTES[key]) problems.push(`${key}: not declared in the matrix table (ROUTES)`);
    }
    const known = new Set(apiRoutes().map(keyOf));
    for (const key of [...Object.keys(ROUTES), ...SELF_SERVICE]) if (!known.has(key)) problems.push(`${key}: declared here but not a route`);
    expect(problems).toEqual([]);
  });
});

describe('route × role matrix', () => {
  const ROLE_NAMES = [...BUILT_IN_ROLES.map((r) => r.name), 'custom'];
  it('covers every built-in role and a custom role', () => {
    expect(actors.map((a) => a.role)).toEqual(ROLE_NAMES);
  });

  // One test per route, in the route table's order, generated from the table at collection time.
  for (const key of Object.keys(ROUTES)) {
    if (NOT_CALLED[key]) continue;
    it(key, async (testCtx) => {
      const r = apiRoutes().find((x) => keyOf(x) === key);
      if (!r) return testCtx.skip();
      const spec = ROUTES[key]!;
      const index = Object.keys(ROUTES).indexOf(key);
      const failures: string[] = [];
      // Figures are compared with the database: no import may still be adding students.
      if (spec.dashboard) await jobsSettled(db());
      await Promise.all(
        actors.map(async (actor) => {
          const user = actor.users[index % actor.users.length]!;
          const targets = spec.on === 'none' ? [null] : targetsFor(spec, user);
          // Cells are independent (anything a cell consumes is its own throwaway), so they run together.
          await Promise.all(
            targets.map(async (t) => {
              const cell = `${key} | ${actor.role} | ${t?.name ?? '*'}`;
              const todo = TODO[cell] !== undefined ? cell : TODO[`${key} | ${actor.role} | *`] !== undefined ? `${key} | ${actor.role} | *` : null;
              try {
                await runCell(r, spec, actor, user, t);
                if (todo) todoResults.set(cell, null);
              } catch (err) {
                if (todo) todoResults.set(cell, err as Error);
                else failures.push(`${cell}: ${(err as Error).message.split('\n')[0]}`);
              }
            }),
          );
        }),
      );
      expect(failures).toEqual([]);
    });
  }
});

/**
 * Updates that name a foreign id move the row there: the destination obeys the same scope rule as a
 * create (out of scope → the answer an unknown id gets), and no row moves to another university,
 * not even by God Mode (its natural keys and audit chain are its university's).
 */
const MOVES: { route: string; names: Kind; field: string; mk: (t: Target) => Promise<string> }[] = [
  { route: 'PUT /api/v1/students/:id', names: 'departments', field: 'department_id', mk: (t) => make.student(t) },
  { route: 'PUT /api/v1/faculty/:id', names: 'departments', field: 'department_id', mk: (t) => make.faculty(t) },
  { route: 'PUT /api/v1/users/:id', names: 'colleges', field: 'college_id', mk: (t) => make.user(t) },
];

describe('moving a row by naming a foreign id', () => {
  for (const m of MOVES) {
    it(`${m.route} with ${m.field} of C1, C2 and V`, async () => {
      const r = apiRoutes().find((x) => keyOf(x) === m.route)!;
      const [method, path] = m.route.split(' ') as [string, string];
      const table = KINDS[r.url.split('/')[3] as Kind].table;
      const failures: string[] = [];
      await Promise.all(
        actors.filter((a) => a.permissions.has(r.permission!)).map(async (actor) => {
          const user = actor.users[0]!;
          for (const dest of targetsFor({ on: m.names }, user)) {
            // The row starts in U's first college, which every actor here may change.
            const home = targetsFor({ on: m.names }, user)[0]!;
            const id = await m.mk(home);
            const put = (value: string) => ctx.app.inject({ method: method as never, url: path.replace(':id', id), headers: user.headers, payload: { [m.field]: value } });
            const res = await put(dest.ids[m.names]);
            const label = `${m.route} as ${actor.role} to ${dest.name}`;
            try {
              if (!inScope(actor, user, m.names, { uni: dest.uni, college: dest.college }) || dest.uni !== home.uni) {
                const missing = await put(randomUUID());
                expect({ status: res.statusCode, body: res.json() }, `${label}: must look like an unknown ${m.field}`).toEqual({ status: missing.statusCode, body: missing.json() });
                expect(res.statusCode, label).toBe(422);
                const row = (await db().selectFrom(table as never).selectAll().where('id' as never, '=', id as never).executeTakeFirstOrThrow()) as Record<string, string>;
                expect([row.university_id, row.college_id], `${label}: the row stayed`).toEqual([home.uni, home.college]);
              } else {
                expect(res.statusCode, `${label}: ${res.body.slice(0, 200)}`).toBe(200);
                const row = (await db().selectFrom(table as never).selectAll().where('id' as never, '=', id as never).executeTakeFirstOrThrow()) as Record<string, string>;
                expect([row.university_id, row.college_id], `${label}: the row moved`).toEqual([dest.uni, dest.college]);
              }
            } catch (err) {
              failures.push((err as Error).message.split('\n')[0]!);
            }
          }
        }),
      );
      expect(failures).toEqual([]);
    });
  }
});

/**
 * A list's filters narrow the caller's scope and never widen it: naming another college or
 * university answers nothing, and the trash holds only the caller's rows. Run after the matrix, so the
 * trash has rows of every college.
 */
const LIST_FILTERS: Record<string, { kind: Kind; filters: (t: Target) => string[] }> = {
  'GET /api/v1/universities': { kind: 'universities', filters: () => ['trashed=with'] },
  'GET /api/v1/colleges': { kind: 'colleges', filters: (t) => [`university_id=${t.uni}`, 'trashed=with'] },
  ...Object.fromEntries((['departments', 'courses', 'students', 'faculty'] as const).map((k) => [
    `GET /api/v1/${k}`, { kind: k, filters: (t: Target) => [`college_id=${t.college}`, `university_id=${t.uni}`, `college_id=${t.college}&trashed=only`] },
  ])),
  'GET /api/v1/users': { kind: 'users', filters: (t) => [`college_id=${t.college}`] },
  'GET /api/v1/uploads': { kind: 'uploads', filters: (t) => [`entity_type=student&entity_id=${t.ids.students}`] },
};

describe('filtered lists stay in scope', () => {
  for (const [key, f] of Object.entries(LIST_FILTERS)) {
    it(`${key} filtered by each target`, async () => {
      const r = apiRoutes().find((x) => keyOf(x) === key)!;
      const failures: string[] = [];
      await Promise.all(
        actors.filter((a) => a.permissions.has(r.permission!)).map(async (actor) => {
          const user = actor.users[0]!;
          for (const t of targetsFor({ on: 'colleges' }, user)) {
            for (const q of f.filters(t)) {
              const label = `${key}?${q} as ${actor.role} (${t.name})`;
              try {
                const res = await ctx.app.inject({ url: `${r.url}?${q}&per_page=100`, headers: user.headers });
                expect(res.statusCode, `${label}: ${res.body.slice(0, 200)}`).toBe(200);
                const items = res.json().data.items as { id: string }[];
                expect(await outOfScope(actor, user, f.kind, items.map((i) => i.id)), `${label} lists`).toEqual([]);
                // A college-level list filtered to another college answers nothing (a university-level filter may still match).
                const filterOutOfScope = !inScope(actor, user, 'colleges', { uni: t.uni, college: t.college });
                if (filterOutOfScope && (q.includes('college_id') || q.includes('entity_id') || (q.includes('university_id') && t.uni !== actor.uni))) {
                  expect(items, `${label}: answers nothing`).toEqual([]);
                }
              } catch (err) {
                failures.push((err as Error).message.split('\n')[0]!);
              }
            }
          }
        }),
      );
      expect(failures).toEqual([]);
    });
  }
});

describe.runIf(Object.keys(TODO).length)('known gaps (TODO): each fails until its route keeps the rule', () => {
  for (const [cell, why] of Object.entries(TODO)) {
    it.fails(`${cell} — ${why}`, () => {
      const prefix = cell.endsWith('| *') ? cell.slice(0, -1) : cell;
      const results = [...todoResults].filter(([k]) => k === cell || k.startsWith(prefix));
      expect(results.length, 'the cell ran').toBeGreaterThan(0);
      for (const [, err] of results) if (err) throw err;
    });
  }
});
