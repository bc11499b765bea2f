import { sql, type Kysely } from 'kysely';
import { scoped } from '../../db/scope.js';
import type { DB } from '../../db/types.js';
import type { Scope } from '../../http/actor.js';
import { prefix } from '../shared/list-query.js';

// Global search: prefix matches on indexed columns (tenant first in every index), a few hits per
// group. Prefix LIKE keeps each lookup an index range scan rather than a table scan.
const LIMIT = 5;

/** Runs one query per column and keeps the first LIMIT rows by last name, without duplicates. */
async function anyOf<C extends string, R extends { id: string; last_name: string }>(cols: C[], run: (col: C) => Promise<R[]>): Promise<R[]> {
  const seen = new Set<string>();
  const rows = (await Promise.all(cols.map(run))).flat().filter((r) => !seen.has(r.id) && seen.add(r.id));
  return rows.sort((a, b) => a.last_name.localeCompare(b.last_name, 'en', { sensitivity: 'base' })).slice(0, LIMIT);
}

export class SearchRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async search(scope: Scope, q: string) {
    const p = prefix(q);
    const live = <T extends 'students' | 'faculty' | 'courses' | 'departments' | 'colleges' | 'universities'>(t: T) =>
      scoped(this.db, scope, t).where(sql.ref(`${t}.deleted_at`), 'is', null);
    const [students, faculty, courses, departments, colleges, universities] = await Promise.all([
      // People tables are large: one prefix query per column (each an index range read) instead of an
      // OR that MariaDB can only answer by walking the whole tenant in name order. The first LIMIT
      // of the union by last name is the first LIMIT of the union of each branch's first LIMIT.
      anyOf(['students.last_name', 'students.admission_number', 'students.email'], (col) =>
        live('students')
          .select(['students.id', 'students.first_name', 'students.last_name', 'students.admission_number', 'students.email', 'students.university_id'])
          .where(col, 'like', col === 'students.email' ? p.toLowerCase() : p)
          .orderBy('students.last_name').limit(LIMIT).execute(),
      ),
      anyOf(['faculty.last_name', 'faculty.employee_id'], (col) =>
        live('faculty')
          .select(['faculty.id', 'faculty.first_name', 'faculty.last_name', 'faculty.employee_id', 'faculty.email', 'faculty.university_id'])
          .where(col, 'like', p)
          .orderBy('faculty.last_name').limit(LIMIT).execute(),
      ),
      live('courses')
        .select(['courses.id', 'courses.code', 'courses.title', 'courses.term', 'courses.university_id'])
        .where((eb) => eb.or([eb('courses.code', 'like', p), eb('courses.title', 'like', p)]))
        .orderBy('courses.code').limit(LIMIT).execute(),
      live('departments')
        .select(['departments.id', 'departments.name', 'departments.code', 'departments.university_id'])
        .where((eb) => eb.or([eb('departments.name', 'like', p), eb('departments.code', 'like', p)]))
        .orderBy('departments.name').limit(LIMIT).execute(),
      live('colleges')
        .select(['colleges.id', 'colleges.name', 'colleges.code', 'colleges.university_id'])
        .where((eb) => eb.or([eb('colleges.name', 'like', p), eb('colleges.code', 'like', p)]))
        .orderBy('colleges.name').limit(LIMIT).execute(),
      scope.level === 'platform'
        ? live('universities').select(['universities.id', 'universities.name', 'universities.code', 'universities.status'])
            .where((eb) => eb.or([eb('universities.name', 'like', p), eb('universities.code', 'like', p)]))
            .orderBy('universities.name').limit(LIMIT).execute()
        : Promise.resolve([]),
    ]);
    return { students, faculty, courses, departments, colleges, universities };
  }
}
