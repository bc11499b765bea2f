import { BUILT_IN_ROLES, withPrerequisites } from '@bitflow/contracts';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { up as repairRoles } from '../../src/db/migrations/010_role_prerequisites.js';
import { nowDb } from '../../src/db/time.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { bearer, createUniversity, login, signInAs } from '../helpers/factories.js';

// Issue #19 item 2: a role that may submit a form may also read what the form needs. A role with
// students.update (and not students.view_sensitive) could open no student and fill no department
// select; now saving a role adds the permissions its own permissions need, and says which.

let ctx: TestContext;
let uni: Awaited<ReturnType<typeof createUniversity>>;
let owner: Awaited<ReturnType<typeof signInAs>>;
const db = () => ctx.platform.database.db;
const call = (method: string, url: string, headers: Record<string, string>, payload?: object) => ctx.app.inject({ method: method as never, url, headers, payload });

beforeAll(async () => {
  ctx = await createTestContext();
  uni = await createUniversity(db());
  owner = await signInAs(ctx.app, db(), 'university_owner', uni);
});
afterAll(() => ctx.close());

async function holderOf(role: string, email: string) {
  const res = await call('POST', '/api/v1/users', owner.headers, { name: email.split('@')[0], email, roles: [role], password: 'Long-Enough-Pass-1' });
  expect(res.statusCode, res.body).toBe(201);
  return bearer((await login(ctx.app, email, 'Long-Enough-Pass-1')).access_token);
}

describe('form prerequisites', () => {
  it('built-in roles already hold everything their permissions need', () => {
    for (const role of BUILT_IN_ROLES) expect(withPrerequisites(role.permissions).added, role.name).toEqual([]);
  });

  it('a role with students.update gets students.view and departments.view, and the answer says so', async () => {
    const res = await call('POST', '/api/v1/roles', owner.headers, { name: 'student_editor', display_name: 'Student editor', permissions: ['students.update'] });
    expect(res.statusCode, res.body).toBe(201);
    const role = res.json().data;
    expect(role.permissions).toEqual(['departments.view', 'students.update', 'students.view']);
    expect(role.added_permissions).toEqual([
      { permission: 'students.view', needed_by: 'students.update' },
      { permission: 'departments.view', needed_by: 'students.update' },
    ]);
    expect(res.json().message).toBe('Role created. Also granted, because the role needs them: students.view (for students.update), departments.view (for students.update).');
  });

  it('its holder, without students.view_sensitive, loads the form, lists departments and saves a student without the masked fields', async () => {
    const created = await call('POST', '/api/v1/students', owner.headers, {
      department_id: uni.departmentId, admission_number: 'PRQ-1', first_name: 'Ines', last_name: 'Duarte',
      phone: '+351 912 345 678', date_of_birth: '2004-05-06', address: '1 Rua Augusta, Lisboa', national_id: 'PT-99887766',
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().data.id;
    const editor = await holderOf('student_editor', 'student.editor@example.test');

    const shown = await call('GET', `/api/v1/students/${id}`, editor);
    expect(shown.statusCode).toBe(200);
    expect(shown.json().data).toMatchObject({ personal_data_masked: true, date_of_birth: '••••-••-••' });
    const departments = await call('GET', '/api/v1/departments?sort=name&per_page=100', editor);
    expect(departments.statusCode).toBe(200);
    expect(departments.json().data.items.map((d: { id: string }) => d.id)).toContain(uni.departmentId);

    // What the portal sends: the changed fields only, never the masked ones.
    const saved = await call('PUT', `/api/v1/students/${id}`, editor, { first_name: 'Inês', year_of_study: 2 });
    expect(saved.statusCode, saved.body).toBe(200);
    const truth = (await call('GET', `/api/v1/students/${id}`, owner.headers)).json().data;
    expect(truth).toMatchObject({ first_name: 'Inês', year_of_study: 2, phone: '+351 912 345 678', date_of_birth: '2004-05-06', address: '1 Rua Augusta, Lisboa', national_id: 'PT-99887766' });
  });

  it('editing a role adds what the new permissions need (courses: colleges and departments for the form)', async () => {
    const res = await call('POST', '/api/v1/roles', owner.headers, { name: 'timetabler', display_name: 'Timetabler', permissions: ['dashboard.view'] });
    const edited = await call('PUT', `/api/v1/roles/${res.json().data.id}`, owner.headers, { permissions: ['dashboard.view', 'courses.create'] });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json().data.permissions).toEqual(['colleges.view', 'courses.create', 'courses.view', 'dashboard.view', 'departments.view']);
    expect(edited.json().message).toContain('colleges.view (for courses.create)');
    const timetabler = await holderOf('timetabler', 'timetabler@example.test');
    expect((await call('GET', '/api/v1/colleges?per_page=100', timetabler)).statusCode).toBe(200);
    expect((await call('GET', `/api/v1/departments?college_id=${uni.collegeId}&per_page=100`, timetabler)).statusCode).toBe(200);
  });

  it('a role that needs nothing more is saved as asked, with no addition', async () => {
    const res = await call('POST', '/api/v1/roles', owner.headers, { name: 'reader', display_name: 'Reader', permissions: ['students.view', 'courses.view'] });
    expect(res.json()).toMatchObject({ message: 'Role created.', data: { permissions: ['courses.view', 'students.view'], added_permissions: [] } });
  });

  it('migration 010 gives custom roles saved before the rule what they need, once', async () => {
    const roleId = uuidv7();
    const now = nowDb();
    await db().insertInto('roles').values({ id: roleId, university_id: uni.id, name: 'old_faculty_clerk', display_name: 'Old clerk', description: null, level: 'university', is_system: 0, owner_key: uni.id, created_at: now, updated_at: now }).execute();
    const perm = await db().selectFrom('permissions').select('id').where('name', '=', 'faculty.update').executeTakeFirstOrThrow();
    await db().insertInto('role_permissions').values({ role_id: roleId, permission_id: perm.id }).execute();
    const names = async () =>
      (await db().selectFrom('role_permissions').innerJoin('permissions', 'permissions.id', 'role_permissions.permission_id').select('permissions.name').where('role_id', '=', roleId).orderBy('permissions.name').execute()).map((r) => r.name);
    await repairRoles(db());
    expect(await names()).toEqual(['departments.view', 'faculty.update', 'faculty.view']);
    await repairRoles(db()); // a second run adds nothing (and breaks no primary key)
    expect(await names()).toEqual(['departments.view', 'faculty.update', 'faculty.view']);
    // Built-in roles are not touched.
    const viewer = await db().selectFrom('roles').select('id').where('name', '=', 'viewer').where('owner_key', '=', '').executeTakeFirstOrThrow();
    const count = await db().selectFrom('role_permissions').select((eb) => eb.fn.countAll<number>().as('n')).where('role_id', '=', viewer.id).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(BUILT_IN_ROLES.find((r) => r.name === 'viewer')!.permissions.length);
  });
});
