import { z } from 'zod';
import { listEnvelope, successEnvelope } from '../envelope.js';
import { ENROLLMENT_STATUSES, FACULTY_STATUSES, STUDENT_STATUSES, UNIVERSITY_STATUSES } from '../academic.js';

// What the API answers for the academic resources. Keys are in the order the API writes them.
// Timestamps are ISO 8601 in UTC; `deleted_at` is set on rows in the trash (`trashed=with|only`).

const id = z.uuid();
const when = z.iso.datetime({ offset: true });
const stamps = { created_at: when.nullable(), updated_at: when.nullable(), deleted_at: when.nullable() };
const text = z.string().nullable();
const date = z.string().describe('YYYY-MM-DD').nullable();

export const ZUniversity = z
  .strictObject({
    id,
    name: z.string(),
    code: z.string(),
    status: z.enum(UNIVERSITY_STATUSES),
    email: text,
    phone: text,
    website: text,
    address: text,
    country: text,
    timezone: text,
    suspended_reason: text.describe('The operator’s reason while suspended.'),
    ...stamps,
  })
  .meta({ id: 'University' });

export const ZCollege = z
  .strictObject({ id, university_id: id, name: z.string(), code: z.string(), description: text, email: text, phone: text, dean_name: text, status: z.enum(['active', 'inactive']), ...stamps })
  .meta({ id: 'College' });

export const ZDepartment = z
  .strictObject({ id, university_id: id, college_id: id, name: z.string(), code: z.string(), description: text, head_name: text, email: text, status: z.enum(['active', 'inactive']), ...stamps })
  .meta({ id: 'Department' });

export const ZCourse = z
  .strictObject({
    id,
    university_id: id,
    college_id: id,
    department_id: id.nullable(),
    code: z.string(),
    title: z.string(),
    description: text,
    credits: z.number().int(),
    term: z.string(),
    capacity: z.number().int(),
    enrolled_count: z.number().int(),
    seats_left: z.number().int(),
    status: z.enum(['active', 'inactive', 'archived']),
    ...stamps,
  })
  .meta({ id: 'Course' });

// Personal fields are decrypted for holders of `<entity>.view_sensitive`; for everyone else they are
// masked (phone and national id keep their last 4 characters, the rest is dots) and
// `personal_data_masked` is true. Either way the field is a string or null.
const masked = (what: string) => z.string().nullable().describe(`${what}; masked (•) without view_sensitive`);
const personal = {
  phone: masked('Phone'),
  date_of_birth: masked('Date of birth, YYYY-MM-DD'),
  address: masked('Postal address'),
  national_id: masked('National id'),
  personal_data_masked: z.boolean().describe('True when the personal fields above are masked for this caller.'),
};
const placement = { id, university_id: id, college_id: id, department_id: id };
const name = { first_name: z.string(), last_name: z.string(), email: text };

export const ZStudent = z
  .strictObject({
    ...placement,
    admission_number: z.string(),
    ...name,
    status: z.enum(STUDENT_STATUSES),
    program: text,
    year_of_study: z.number().int(),
    admission_date: date,
    ...personal,
    ...stamps,
  })
  .meta({ id: 'Student' });

export const ZFacultyMember = z
  .strictObject({
    ...placement,
    employee_id: z.string(),
    ...name,
    status: z.enum(FACULTY_STATUSES),
    designation: text,
    employment_type: z.enum(['full_time', 'part_time', 'visiting']),
    hire_date: date,
    ...personal,
    ...stamps,
  })
  .meta({ id: 'FacultyMember' });

export type University = z.infer<typeof ZUniversity>;
export type College = z.infer<typeof ZCollege>;
export type Department = z.infer<typeof ZDepartment>;
export type Course = z.infer<typeof ZCourse>;
export type Student = z.infer<typeof ZStudent>;
export type FacultyMember = z.infer<typeof ZFacultyMember>;

export const ZUniversityEnvelope = successEnvelope(ZUniversity).meta({ id: 'UniversityEnvelope' });
export const ZUniversityListEnvelope = listEnvelope(ZUniversity).meta({ id: 'UniversityList' });
export const ZCollegeEnvelope = successEnvelope(ZCollege).meta({ id: 'CollegeEnvelope' });
export const ZCollegeListEnvelope = listEnvelope(ZCollege).meta({ id: 'CollegeList' });
export const ZDepartmentEnvelope = successEnvelope(ZDepartment).meta({ id: 'DepartmentEnvelope' });
export const ZDepartmentListEnvelope = listEnvelope(ZDepartment).meta({ id: 'DepartmentList' });
export const ZCourseEnvelope = successEnvelope(ZCourse).meta({ id: 'CourseEnvelope' });
export const ZCourseListEnvelope = listEnvelope(ZCourse).meta({ id: 'CourseList' });
export const ZStudentEnvelope = successEnvelope(ZStudent).meta({ id: 'StudentEnvelope' });
export const ZStudentListEnvelope = listEnvelope(ZStudent).meta({ id: 'StudentList' });
export const ZFacultyMemberEnvelope = successEnvelope(ZFacultyMember).meta({ id: 'FacultyMemberEnvelope' });
export const ZFacultyListEnvelope = listEnvelope(ZFacultyMember).meta({ id: 'FacultyList' });

export const ZEnrollment = z
  .strictObject({
    id,
    university_id: id,
    college_id: id,
    student_id: id,
    course_id: id,
    term: z.string(),
    status: z.enum(ENROLLMENT_STATUSES),
    grade: text,
    enrolled_at: when.nullable(),
    student: z.strictObject({ first_name: z.string(), last_name: z.string(), admission_number: z.string() }),
    course: z.strictObject({ code: z.string(), title: z.string(), credits: z.number().int() }),
    ...stamps,
  })
  .meta({ id: 'Enrollment' });
export type Enrollment = z.infer<typeof ZEnrollment>;
export const ZEnrollmentEnvelope = successEnvelope(ZEnrollment).meta({ id: 'EnrollmentEnvelope' });
export const ZEnrollmentListEnvelope = listEnvelope(ZEnrollment).meta({ id: 'EnrollmentList' });
