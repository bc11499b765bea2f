import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { FieldCipher } from '../../platform/crypto/field-encryption.js';
import { hashPassword } from '../../platform/crypto/password.js';
import { nowDb, toDbTime } from '../time.js';
import type { DB } from '../types.js';
import { rebuildDashboardCounts } from '../../modules/dashboard/dashboard-counts.js';

// A deterministic demo: the same names, numbers and relations on every run (a seeded PRNG), so
// screenshots, docs and tests can refer to them. Runs only on an empty database.

export const DEMO_PASSWORD = 'Bitflow-Demo-2026!';

export interface DemoAccount {
  role: string;
  email: string;
}

function prng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = ['Amara', 'Ben', 'Chen', 'Dalia', 'Elif', 'Farid', 'Grace', 'Hugo', 'Ines', 'Jonas', 'Kofi', 'Lena', 'Mateo', 'Nadia', 'Omar', 'Priya', 'Quinn', 'Rosa', 'Sami', 'Tara', 'Umar', 'Vera', 'Wei', 'Ximena', 'Yusuf', 'Zoe'];
const LAST = ['Adeyemi', 'Bauer', 'Costa', 'Dubois', 'Eriksen', 'Fischer', 'Garcia', 'Haddad', 'Ivanova', 'Jensen', 'Kim', 'Larsen', 'Moreau', 'Nakamura', 'Okafor', 'Patel', 'Quispe', 'Rossi', 'Silva', 'Tanaka', 'Usman', 'Varga', 'Weber', 'Yilmaz', 'Zhang'];

interface UniSpec {
  name: string;
  code: string;
  domain: string;
  students: number;
  colleges: { name: string; code: string; departments: [string, string][] }[];
}

const UNIVERSITIES: UniSpec[] = [
  {
    name: 'Northbridge University',
    code: 'NBU',
    domain: 'northbridge.demo',
    students: 200,
    colleges: [
      { name: 'College of Engineering', code: 'ENG', departments: [['Computer Science', 'CS'], ['Electrical Engineering', 'EE'], ['Civil Engineering', 'CE']] },
      { name: 'School of Business', code: 'BUS', departments: [['Accounting', 'ACC'], ['Management', 'MGT']] },
      { name: 'College of Arts and Sciences', code: 'CAS', departments: [['Mathematics', 'MATH'], ['History', 'HIST']] },
    ],
  },
  {
    name: 'Lakeside Institute of Technology',
    code: 'LIT',
    domain: 'lakeside.demo',
    students: 120,
    colleges: [
      { name: 'School of Computing', code: 'COMP', departments: [['Software Engineering', 'SE'], ['Data Science', 'DS']] },
      { name: 'School of Design', code: 'DES', departments: [['Architecture', 'ARCH'], ['Industrial Design', 'ID']] },
    ],
  },
];

async function insertChunked<T extends keyof DB & string>(db: Kysely<DB>, table: T, rows: unknown[]) {
  for (let i = 0; i < rows.length; i += 200) {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    await db.insertInto(table).values(rows.slice(i, i + 200) as any).execute();
  }
}

export async function seedDemo(db: Kysely<DB>, cipher: FieldCipher): Promise<DemoAccount[]> {
  const rand = prng(20261124);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const now = nowDb();
  const stamp = { created_at: now, updated_at: now };
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const roles = new Map(
    (await db.selectFrom('roles').select(['id', 'name']).where('owner_key', '=', '').execute()).map((r) => [r.name, r.id]),
  );
  const accounts: DemoAccount[] = [];
  const users: DB['users'][] = [];
  const userRoles: { user_id: string; role_id: string; created_at: string }[] = [];
  const addUser = (name: string, email: string, role: string, universityId: string | null, collegeId: string | null) => {
    const id = uuidv7();
    // `as never`: DB['users'] marks generated columns, which the seed writes itself in one batch.
    users.push({ id, name, email, password_hash: passwordHash, university_id: universityId, college_id: collegeId, status: 'active', ...stamp } as never);
    userRoles.push({ user_id: id, role_id: roles.get(role)!, created_at: now });
    accounts.push({ role, email });
  };

  addUser('Platform Owner', 'owner@bitflow.demo', 'bitflow_owner', null, null);

  await db.transaction().execute(async (trx) => {
    for (const u of UNIVERSITIES) {
      const universityId = uuidv7();
      await trx
        .insertInto('universities')
        .values({ id: universityId, name: u.name, code: u.code, status: 'active', email: `office@${u.domain}`, website: `https://www.${u.domain}`, country: 'US', timezone: 'UTC', ...stamp })
        .execute();
      addUser(`${u.name} Owner`, `owner@${u.domain}`, 'university_owner', universityId, null);
      addUser(`${u.code} Registrar`, `registrar@${u.domain}`, 'registrar', universityId, null);
      addUser(`${u.code} Auditor`, `viewer@${u.domain}`, 'viewer', universityId, null);

      const students: unknown[] = [];
      const faculty: unknown[] = [];
      const enrollments: unknown[] = [];
      const depts: { id: string; collegeId: string; code: string }[] = [];
      const coursesByCollege = new Map<string, { id: string; term: string }[]>();
      for (const c of u.colleges) {
        const collegeId = uuidv7();
        await trx.insertInto('colleges').values({ id: collegeId, university_id: universityId, name: c.name, code: c.code, status: 'active', ...stamp }).execute();
        addUser(`${c.code} College Admin`, `admin.${c.code.toLowerCase()}@${u.domain}`, 'college_admin', universityId, collegeId);
        const courses: { id: string; term: string }[] = [];
        for (const [dname, dcode] of c.departments) {
          const departmentId = uuidv7();
          depts.push({ id: departmentId, collegeId, code: dcode });
          await trx.insertInto('departments').values({ id: departmentId, university_id: universityId, college_id: collegeId, name: dname, code: dcode, status: 'active', ...stamp }).execute();
          for (let i = 1; i <= 3; i++) {
            const id = uuidv7();
            const term = i === 3 ? '2026-SP' : '2026-FA';
            courses.push({ id, term });
            await trx
              .insertInto('courses')
              .values({ id, university_id: universityId, college_id: collegeId, department_id: departmentId, code: `${dcode}${100 * i + 1}`, title: `${dname} ${['Foundations', 'Methods', 'Seminar'][i - 1]}`, credits: 3 + (i % 2), term, capacity: 40, status: 'active', ...stamp })
              .execute();
          }
          for (let i = 1; i <= 2; i++) {
            faculty.push({ id: uuidv7(), university_id: universityId, college_id: collegeId, department_id: departmentId, employee_id: `${u.code}-E${String(faculty.length + 1).padStart(4, '0')}`, first_name: pick(FIRST), last_name: pick(LAST), email: null, designation: i === 1 ? 'Professor' : 'Lecturer', employment_type: 'full_time', hire_date: `20${10 + Math.floor(rand() * 15)}-0${1 + Math.floor(rand() * 9)}-01`, phone_enc: cipher.encrypt(`+1 555 ${String(1000 + faculty.length).padStart(4, '0')}`), status: 'active', ...stamp });
          }
        }
        coursesByCollege.set(collegeId, courses);
      }
      const enrolled = new Map<string, number>();
      for (let i = 1; i <= u.students; i++) {
        const d = pick(depts);
        const first = pick(FIRST);
        const last = pick(LAST);
        const id = uuidv7();
        const year = 1 + Math.floor(rand() * 4);
        const status = rand() < 0.9 ? 'active' : pick(['inactive', 'graduated', 'suspended']);
        const created = toDbTime(new Date(Date.UTC(2026, Math.floor(rand() * 10), 1 + Math.floor(rand() * 27))));
        students.push({ id, university_id: universityId, college_id: d.collegeId, department_id: d.id, admission_number: `${u.code}-2026-${String(i).padStart(4, '0')}`, first_name: first, last_name: last, email: `${first}.${last}.${i}@students.${u.domain}`.toLowerCase(), program: `BSc ${d.code}`, year_of_study: year, admission_date: `${2027 - year}-09-01`, status, phone_enc: cipher.encrypt(`+1 555 ${String(2000 + i).padStart(4, '0')}`), date_of_birth_enc: cipher.encrypt(`${2008 - year - Math.floor(rand() * 3)}-0${1 + Math.floor(rand() * 9)}-1${Math.floor(rand() * 9)}`), address_enc: cipher.encrypt(`${1 + i} Campus Road`), national_id_enc: null, created_at: created, updated_at: created });
        const pool = coursesByCollege.get(d.collegeId)!;
        const chosen = new Set<number>();
        const n = 2 + Math.floor(rand() * 3);
        while (chosen.size < Math.min(n, pool.length)) chosen.add(Math.floor(rand() * pool.length));
        for (const idx of chosen) {
          const course = pool[idx]!;
          if ((enrolled.get(course.id) ?? 0) >= 40) continue;
          enrolled.set(course.id, (enrolled.get(course.id) ?? 0) + 1);
          enrollments.push({ id: uuidv7(), university_id: universityId, college_id: d.collegeId, student_id: id, course_id: course.id, term: course.term, status: course.term === '2026-SP' ? 'completed' : 'enrolled', grade: course.term === '2026-SP' ? pick(['A', 'A-', 'B+', 'B', 'C']) : null, enrolled_at: created, ...stamp });
        }
      }
      await insertChunked(trx, 'students', students);
      await insertChunked(trx, 'faculty', faculty);
      await insertChunked(trx, 'enrollments', enrollments);
      for (const [courseId, count] of enrolled) {
        await trx.updateTable('courses').set({ enrolled_count: count }).where('id', '=', courseId).execute();
      }
    }
    await insertChunked(trx, 'users', users);
    await insertChunked(trx, 'user_roles', userRoles);
  });
  // The rows went in directly, not through the repositories: the dashboard's counters from them.
  await rebuildDashboardCounts(db);
  return accounts;
}
