import { z } from 'zod';
import { successEnvelope } from '../envelope.js';
import { UNIVERSITY_STATUSES } from '../academic.js';

// What GET /search answers: a few prefix hits per group. A group the caller may not view answers
// empty; `universities` is searched only in God Mode.

const id = z.uuid();
const person = { id, first_name: z.string(), last_name: z.string() };

export const ZStudentHit = z
  .strictObject({ ...person, admission_number: z.string(), email: z.string().nullable(), university_id: id })
  .meta({ id: 'StudentSearchHit' });
export const ZFacultyHit = z
  .strictObject({ ...person, employee_id: z.string(), email: z.string().nullable(), university_id: id })
  .meta({ id: 'FacultySearchHit' });
export const ZCourseHit = z.strictObject({ id, code: z.string(), title: z.string(), term: z.string(), university_id: id }).meta({ id: 'CourseSearchHit' });
/** A department or a college. */
export const ZUnitHit = z.strictObject({ id, name: z.string(), code: z.string(), university_id: id }).meta({ id: 'UnitSearchHit' });
export const ZUniversityHit = z.strictObject({ id, name: z.string(), code: z.string(), status: z.enum(UNIVERSITY_STATUSES) }).meta({ id: 'UniversitySearchHit' });

export const ZSearchResult = z
  .strictObject({
    query: z.string(),
    total: z.number().int().describe('Hits over all groups.'),
    groups: z.strictObject({
      students: z.array(ZStudentHit),
      faculty: z.array(ZFacultyHit),
      courses: z.array(ZCourseHit),
      departments: z.array(ZUnitHit),
      colleges: z.array(ZUnitHit),
      universities: z.array(ZUniversityHit),
    }),
  })
  .meta({ id: 'SearchResult' });
export type SearchResult = z.infer<typeof ZSearchResult>;
export type SearchGroups = SearchResult['groups'];
export const ZSearchResultEnvelope = successEnvelope(ZSearchResult).meta({ id: 'SearchResultEnvelope' });
