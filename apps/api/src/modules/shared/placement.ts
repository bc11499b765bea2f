import { AppError } from '../../core/app-error.js';
import type { Actor } from '../../core/actor.js';
import type { PlacementRepository } from './placement.repository.js';

// Where a new row belongs, resolved from ids in the body and checked against the caller's scope.
// The university is never taken from a tenant user's body: it comes from their scope.

const missing = (field: string, what: string) => AppError.validation({ [field]: [`The selected ${what} does not exist.`] });

export async function universityFor(places: PlacementRepository, actor: Actor, named?: string): Promise<string> {
  if (actor.scope.level !== 'platform') {
    if (named && named !== actor.scope.universityId) throw missing('university_id', 'university');
    return actor.scope.universityId;
  }
  if (!named) throw AppError.validation({ university_id: ['God Mode must name the university to act in.'] });
  if (!(await places.university(named))) throw missing('university_id', 'university');
  return named;
}

export async function collegeFor(places: PlacementRepository, actor: Actor, collegeId: string) {
  const c = await places.college(actor.scope, collegeId);
  if (!c) throw missing('college_id', 'college');
  return { university_id: c.university_id, college_id: c.id };
}

/** `within`: the university the row already belongs to, for a move (God Mode sees every department). */
export async function departmentFor(places: PlacementRepository, actor: Actor, departmentId: string, within?: string) {
  const d = await places.department(actor.scope, departmentId);
  if (!d || (within !== undefined && d.university_id !== within)) throw missing('department_id', 'department');
  return { university_id: d.university_id, college_id: d.college_id, department_id: d.id };
}

/** A department named for a course must sit in the course's college. */
export async function departmentInCollege(places: PlacementRepository, actor: Actor, departmentId: string, collegeId: string) {
  const d = await places.department(actor.scope, departmentId);
  if (!d || d.college_id !== collegeId) throw AppError.validation({ department_id: ['The department must belong to the course’s college.'] });
  return d.id;
}
