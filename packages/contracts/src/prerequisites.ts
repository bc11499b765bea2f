import { PERMISSION_CATALOGUE, type Permission } from './permissions.js';

// What a permission needs beside itself to be usable: the page its buttons live on (`students.update`
// is the Edit button of a student's page, which needs `students.view`) and the lookups its form loads
// (the department select of a student form lists departments: `departments.view`). A role holding the
// first without the second can submit nothing, so the API adds the second when a role is saved and
// says so; the portal's role editor shows the same additions as they happen.

const LOOKUPS: Partial<Record<Permission, readonly Permission[]>> = {
  'students.create': ['departments.view'],
  'students.update': ['departments.view'],
  'faculty.create': ['departments.view'],
  'faculty.update': ['departments.view'],
  'departments.create': ['colleges.view'],
  'courses.create': ['colleges.view', 'departments.view'],
  'courses.update': ['departments.view'],
  // Enrolling is done from a student's page, choosing among the courses.
  'enrollments.create': ['students.view', 'courses.view'],
  // A college role is given together with the college it acts in.
  'users.create': ['colleges.view'],
  // Schedules are a section of the reports page.
  'scheduled_reports.view': ['reports.view'],
  // Compliance reports and access reviews are sections of the reports page.
  'compliance.view': ['reports.view'],
};

function pageOf(p: Permission): Permission | null {
  const [entity, action] = p.split('.') as [keyof typeof PERMISSION_CATALOGUE, string];
  const actions = PERMISSION_CATALOGUE[entity] as readonly string[];
  return action !== 'view' && actions.includes('view') ? (`${entity}.view` as Permission) : null;
}

/** The permissions `p` needs directly (not their own prerequisites). */
export function prerequisitesOf(p: Permission): Permission[] {
  const page = pageOf(p);
  return [...(page ? [page] : []), ...(LOOKUPS[p] ?? [])];
}

export interface AddedPrerequisite {
  permission: Permission;
  /** The permission of the set that needs it. */
  needed_by: Permission;
}

/**
 * `names` plus every permission they need, transitively. `added` lists each one that was not in
 * `names`, with the first permission that needed it. Unknown names are kept as they are (the caller
 * rejects them).
 */
export function withPrerequisites(names: readonly string[]): { permissions: string[]; added: AddedPrerequisite[] } {
  const all = new Set(names);
  const added: AddedPrerequisite[] = [];
  const queue = [...all];
  while (queue.length) {
    const p = queue.shift()!;
    if (!p.includes('.') || !(p.split('.')[0]! in PERMISSION_CATALOGUE)) continue;
    for (const need of prerequisitesOf(p as Permission)) {
      if (all.has(need)) continue;
      all.add(need);
      added.push({ permission: need, needed_by: p as Permission });
      queue.push(need);
    }
  }
  return { permissions: [...all], added };
}
