import {
  FACULTY_STATUSES,
  type College,
  type Course,
  type Department,
  type FacultyMember,
  type University,
  ZCreateCollegeRequest,
  ZCreateCourseRequest,
  ZCreateDepartmentRequest,
  ZCreateFacultyRequest,
  ZCreateUniversityRequest,
  ZUpdateCollegeRequest,
  ZUpdateCourseRequest,
  ZUpdateDepartmentRequest,
  ZUpdateFacultyRequest,
  ZUpdateUniversityRequest,
} from '@bitflow/contracts';
import { humanize } from '@/lib/format';
import type { OptionRow } from './entity-form';
import type { ResourceKind } from './resource-editor';

// What each simple record's create/edit page shows, and the API schema it validates with.

const choices = (values: readonly string[]) => values.map((v) => ({ value: v, label: humanize(v) }));
const ACTIVE_INACTIVE = choices(['active', 'inactive']);
const byCode = (r: OptionRow) => `${r.name} (${r.code})`;

export const collegeKind: ResourceKind<College> = {
  path: '/colleges',
  label: 'College',
  plural: 'Colleges',
  name: (r) => r.name,
  deletePermission: 'colleges.delete',
  createSchema: ZCreateCollegeRequest,
  updateSchema: ZUpdateCollegeRequest,
  fields: [
    { name: 'name', label: 'Name', placeholder: 'College of Engineering' },
    { name: 'code', label: 'Code', placeholder: 'ENG' },
    { name: 'dean_name', label: 'Dean', nullable: true },
    { name: 'email', label: 'E-mail', kind: 'email', nullable: true },
    { name: 'phone', label: 'Phone', kind: 'tel', nullable: true },
    { name: 'status', label: 'Status', kind: 'select', options: ACTIVE_INACTIVE, placeholder: 'Active (default)' },
    { name: 'description', label: 'Description', kind: 'textarea', nullable: true },
  ],
};

export const departmentKind: ResourceKind<Department> = {
  path: '/departments',
  label: 'Department',
  plural: 'Departments',
  name: (r) => r.name,
  deletePermission: 'departments.delete',
  createSchema: ZCreateDepartmentRequest,
  updateSchema: ZUpdateDepartmentRequest,
  fields: [
    { name: 'college_id', label: 'College', kind: 'select', options: { path: '/colleges?sort=name', label: byCode }, createOnly: true, wide: true },
    { name: 'name', label: 'Name', placeholder: 'Computer Science' },
    { name: 'code', label: 'Code', placeholder: 'CS' },
    { name: 'head_name', label: 'Head of department', nullable: true },
    { name: 'email', label: 'E-mail', kind: 'email', nullable: true },
    { name: 'status', label: 'Status', kind: 'select', options: ACTIVE_INACTIVE, placeholder: 'Active (default)' },
    { name: 'description', label: 'Description', kind: 'textarea', nullable: true },
  ],
};

export const courseKind: ResourceKind<Course> = {
  path: '/courses',
  label: 'Course',
  plural: 'Courses',
  name: (r) => `${r.code} ${r.title}`,
  deletePermission: 'courses.delete',
  createSchema: ZCreateCourseRequest,
  updateSchema: ZUpdateCourseRequest,
  after: (r) => `/courses/${r.id}`,
  fields: [
    { name: 'college_id', label: 'College', kind: 'select', options: { path: '/colleges?sort=name', label: byCode }, createOnly: true },
    // Only the chosen college's departments (the API refuses a department of another college).
    {
      name: 'department_id',
      label: 'Department',
      kind: 'select',
      options: { path: (college) => (college ? `/departments?sort=name&college_id=${encodeURIComponent(college)}` : null), dependsOn: 'college_id', waiting: 'Choose a college first', label: byCode },
      nullable: true,
    },
    { name: 'code', label: 'Code', placeholder: 'CS101' },
    { name: 'title', label: 'Title', placeholder: 'Introduction to Programming' },
    { name: 'term', label: 'Term', placeholder: '2026-FA', hint: 'Year and term: SP, SU, FA or WI.' },
    { name: 'credits', label: 'Credits', kind: 'number' },
    { name: 'capacity', label: 'Capacity', kind: 'number', hint: 'Seats; enrolments stop when it is full.' },
    { name: 'status', label: 'Status', kind: 'select', options: choices(['active', 'inactive', 'archived']), placeholder: 'Active (default)' },
    { name: 'description', label: 'Description', kind: 'textarea', nullable: true },
  ],
};

export const facultyKind: ResourceKind<FacultyMember> = {
  path: '/faculty',
  label: 'Faculty member',
  plural: 'Faculty',
  name: (r) => `${r.first_name} ${r.last_name}`,
  deletePermission: 'faculty.delete',
  createSchema: ZCreateFacultyRequest,
  updateSchema: ZUpdateFacultyRequest,
  fields: [
    { name: 'employee_id', label: 'Employee id' },
    { name: 'department_id', label: 'Department', kind: 'select', options: { path: '/departments?sort=name', label: byCode } },
    { name: 'first_name', label: 'First name' },
    { name: 'last_name', label: 'Last name' },
    { name: 'designation', label: 'Designation', placeholder: 'Associate Professor', nullable: true },
    { name: 'employment_type', label: 'Employment', kind: 'select', options: choices(['full_time', 'part_time', 'visiting']), placeholder: 'Full time (default)' },
    { name: 'email', label: 'E-mail', kind: 'email', nullable: true },
    { name: 'phone', label: 'Phone', kind: 'tel', nullable: true, hint: 'Encrypted at rest.', sensitive: true },
    { name: 'hire_date', label: 'Hire date', kind: 'date', nullable: true },
    { name: 'status', label: 'Status', kind: 'select', options: choices(FACULTY_STATUSES), placeholder: 'Active (default)' },
  ],
};

export const universityKind: ResourceKind<University> = {
  path: '/universities',
  label: 'University',
  plural: 'Universities',
  name: (r) => r.name,
  createSchema: ZCreateUniversityRequest,
  updateSchema: ZUpdateUniversityRequest,
  fields: [
    { name: 'name', label: 'Name', placeholder: 'Northbridge University' },
    { name: 'code', label: 'Code', placeholder: 'NBU', createOnly: true },
    { name: 'email', label: 'E-mail', kind: 'email', nullable: true },
    { name: 'phone', label: 'Phone', kind: 'tel', nullable: true },
    { name: 'website', label: 'Website', kind: 'url', placeholder: 'https://', nullable: true },
    { name: 'country', label: 'Country', placeholder: 'US', hint: 'Two-letter code.', nullable: true },
    { name: 'timezone', label: 'Timezone', placeholder: 'UTC', optional: true },
    { name: 'address', label: 'Address', kind: 'textarea', nullable: true },
  ],
};
