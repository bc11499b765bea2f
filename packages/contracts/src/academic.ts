import { z } from 'zod';
import { ZKeysetPageQuery, ZPageQuery } from './envelope.js';

// The academic domain: universities → colleges → departments → students/faculty, colleges → courses,
// students × courses → enrollments. Create schemas are strict: unknown fields are a 422.

const text = (max: number) => z.string().trim().min(1, 'This field is required.').max(max);
const optText = (max: number) => z.string().trim().max(max).nullable().optional();
const code = z.string().trim().min(1, 'This field is required.').max(50).regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'Use letters, digits, dots, dashes or underscores.');
const email = z.string().trim().toLowerCase().pipe(z.email('Enter a valid e-mail address.'));
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use the format YYYY-MM-DD.').refine((d) => !Number.isNaN(Date.parse(d)), 'Enter a real date.');
const term = z.string().trim().regex(/^\d{4}-(SP|SU|FA|WI)$/, 'Use a term like 2026-FA (SP, SU, FA or WI).');
const phone = z.string().trim().regex(/^[+\d][\d\s().-]{4,30}$/, 'Enter a valid phone number.');
const status = (values: [string, ...string[]]) => z.enum(values);
const trashed = z.enum(['only', 'with']).optional();
const sortOf = <T extends string>(cols: readonly T[]) => z.enum(cols.flatMap((c) => [c, `-${c}`]) as [string, ...string[]]);

/** Makes every field of a strict create schema optional for PUT, still strict. */
const partialStrict = <T extends z.ZodRawShape>(s: z.ZodObject<T>) => s.partial().strict();

// --- universities (God Mode creates; an owner updates their own profile) ---
export const UNIVERSITY_STATUSES = ['active', 'suspended'] as const;
export const ZCreateUniversityRequest = z
  .object({
    name: text(200),
    code,
    email: email.nullable().optional(),
    phone: phone.nullable().optional(),
    website: z.url().max(300).nullable().optional(),
    address: optText(1000),
    country: z.string().trim().regex(/^[A-Z]{2}$/, 'Use a two-letter country code.').nullable().optional(),
    timezone: z.string().trim().max(64).optional(),
  })
  .strict();
export const ZUpdateUniversityRequest = partialStrict(ZCreateUniversityRequest.omit({ code: true }));
export const ZSuspendRequest = z.object({ reason: text(500) }).strict();
export const ZUniversityListQuery = ZKeysetPageQuery.extend({ status: status([...UNIVERSITY_STATUSES]).optional(), sort: sortOf(['name', 'code', 'created_at']).default('name'), trashed }).strict();

// --- colleges ---
export const ZCreateCollegeRequest = z
  .object({ name: text(200), code, description: optText(2000), email: email.nullable().optional(), phone: phone.nullable().optional(), dean_name: optText(200), status: status(['active', 'inactive']).optional(), university_id: z.uuid().optional() })
  .strict();
export const ZUpdateCollegeRequest = partialStrict(ZCreateCollegeRequest.omit({ university_id: true }));
export const ZCollegeListQuery = ZKeysetPageQuery.extend({ status: z.enum(['active', 'inactive']).optional(), university_id: z.uuid().optional(), sort: sortOf(['name', 'code', 'created_at']).default('name'), trashed }).strict();

// --- departments ---
export const ZCreateDepartmentRequest = z
  .object({ college_id: z.uuid(), name: text(200), code, description: optText(2000), head_name: optText(200), email: email.nullable().optional(), status: status(['active', 'inactive']).optional() })
  .strict();
export const ZUpdateDepartmentRequest = partialStrict(ZCreateDepartmentRequest.omit({ college_id: true }));
export const ZDepartmentListQuery = ZKeysetPageQuery.extend({ status: z.enum(['active', 'inactive']).optional(), college_id: z.uuid().optional(), university_id: z.uuid().optional(), sort: sortOf(['name', 'code', 'created_at']).default('name'), trashed }).strict();

// --- courses ---
export const ZCreateCourseRequest = z
  .object({
    college_id: z.uuid(),
    department_id: z.uuid().nullable().optional(),
    code,
    title: text(200),
    description: optText(4000),
    credits: z.number().int().min(0).max(30).optional(),
    term,
    capacity: z.number().int().min(1).max(5000).optional(),
    status: status(['active', 'inactive', 'archived']).optional(),
  })
  .strict();
export const ZUpdateCourseRequest = partialStrict(ZCreateCourseRequest.omit({ college_id: true }));
export const ZCourseListQuery = ZKeysetPageQuery.extend({ status: z.enum(['active', 'inactive', 'archived']).optional(), college_id: z.uuid().optional(), department_id: z.uuid().optional(), term: term.optional(), university_id: z.uuid().optional(), sort: sortOf(['code', 'title', 'term', 'created_at']).default('code'), trashed }).strict();

// --- people (students, faculty): sensitive fields are encrypted at rest and masked on output ---
const personal = {
  first_name: text(100),
  last_name: text(100),
  email: email.nullable().optional(),
  phone: phone.nullable().optional(),
  date_of_birth: date.nullable().optional(),
  address: optText(1000),
  national_id: z.string().trim().max(50).nullable().optional(),
};
export const STUDENT_STATUSES = ['active', 'inactive', 'graduated', 'suspended', 'withdrawn'] as const;
export const ZCreateStudentRequest = z
  .object({
    department_id: z.uuid(),
    admission_number: code,
    ...personal,
    program: optText(200),
    year_of_study: z.number().int().min(1).max(10).optional(),
    admission_date: date.nullable().optional(),
    status: z.enum(STUDENT_STATUSES).optional(),
  })
  .strict();
export type CreateStudentRequest = z.infer<typeof ZCreateStudentRequest>;
export const ZUpdateStudentRequest = partialStrict(ZCreateStudentRequest);
export const ZStudentListQuery = ZKeysetPageQuery.extend({
  status: z.enum(STUDENT_STATUSES).optional(),
  college_id: z.uuid().optional(),
  department_id: z.uuid().optional(),
  year_of_study: z.coerce.number().int().min(1).max(10).optional(),
  created_from: date.optional(),
  created_to: date.optional(),
  university_id: z.uuid().optional(),
  sort: sortOf(['last_name', 'admission_number', 'created_at', 'year_of_study']).default('last_name'),
  trashed,
}).strict();

export const FACULTY_STATUSES = ['active', 'on_leave', 'inactive'] as const;
export const ZCreateFacultyRequest = z
  .object({
    department_id: z.uuid(),
    employee_id: code,
    ...personal,
    designation: optText(100),
    employment_type: z.enum(['full_time', 'part_time', 'visiting']).optional(),
    hire_date: date.nullable().optional(),
    status: z.enum(FACULTY_STATUSES).optional(),
  })
  .strict();
export const ZUpdateFacultyRequest = partialStrict(ZCreateFacultyRequest);
export const ZFacultyListQuery = ZKeysetPageQuery.extend({
  status: z.enum(FACULTY_STATUSES).optional(),
  college_id: z.uuid().optional(),
  department_id: z.uuid().optional(),
  university_id: z.uuid().optional(),
  sort: sortOf(['last_name', 'employee_id', 'created_at']).default('last_name'),
  trashed,
}).strict();

// --- enrollments ---
export const ENROLLMENT_STATUSES = ['enrolled', 'dropped', 'completed'] as const;
export const ZCreateEnrollmentRequest = z.object({ course_id: z.uuid(), status: z.enum(['enrolled']).optional() }).strict();
export const ZUpdateEnrollmentRequest = z.object({ status: z.enum(ENROLLMENT_STATUSES).optional(), grade: z.string().trim().regex(/^(A|A-|B\+|B|B-|C\+|C|C-|D|F|P|NP|I|W)$/, 'Use a letter grade such as A, B+ or P.').nullable().optional() }).strict();
export const ZEnrollmentListQuery = ZPageQuery.extend({ status: z.enum(ENROLLMENT_STATUSES).optional(), term: term.optional(), sort: sortOf(['enrolled_at', 'term']).default('-enrolled_at'), trashed }).strict();
