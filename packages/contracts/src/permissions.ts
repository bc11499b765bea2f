// The permission catalogue (seed §Authorization Model): names are `entity.action`.
// This table is the single source: the database is seeded from it and routes name entries of it.

const CRUD = ['view', 'create', 'update', 'delete', 'restore'] as const;

export const PERMISSION_CATALOGUE = {
  universities: [...CRUD, 'suspend', 'purge'],
  colleges: [...CRUD],
  departments: [...CRUD],
  courses: [...CRUD],
  students: [...CRUD, 'view_sensitive'],
  faculty: [...CRUD, 'view_sensitive'],
  enrollments: [...CRUD],
  users: [...CRUD],
  roles: ['view', 'create', 'update', 'delete'],
  reports: ['view', 'create', 'delete'],
  scheduled_reports: ['view', 'create', 'update', 'delete'],
  imports: ['view', 'create'],
  uploads: ['view', 'create', 'delete'],
  audit_logs: ['view', 'export'],
  dashboard: ['view'],
  // Announcing to a user, a role, a college or the university (every user reads their own notices).
  notifications: ['announce'],
  god_mode: ['access', 'impersonate'],
  // Compliance: access-review and audit-summary reports (view), recording an access review (review).
  compliance: ['view', 'review'],
} as const;

type Catalogue = typeof PERMISSION_CATALOGUE;
export type Permission = {
  [E in keyof Catalogue]: `${E & string}.${Catalogue[E][number]}`;
}[keyof Catalogue];

export const ALL_PERMISSIONS: readonly Permission[] = Object.entries(PERMISSION_CATALOGUE).flatMap(
  ([entity, actions]) => actions.map((a) => `${entity}.${a}` as Permission),
);

/** Where a role's holders act: the whole platform, one university, or their college(s). */
export type RoleLevel = 'platform' | 'university' | 'college';

export interface BuiltInRole {
  name: string;
  display_name: string;
  description: string;
  level: RoleLevel;
  permissions: readonly Permission[];
}

const platformOnly = new Set<Permission>([
  'universities.create',
  'universities.delete',
  'universities.restore',
  'universities.suspend',
  'universities.purge',
  'god_mode.access',
  'god_mode.impersonate',
]);
const universityWide = ALL_PERMISSIONS.filter((p) => !platformOnly.has(p));
const viewsOf = (entities: string[]) =>
  ALL_PERMISSIONS.filter((p) => entities.some((e) => p === `${e}.view`));

// Built-in roles. Custom roles per university are built from the same catalogue.
export const BUILT_IN_ROLES: readonly BuiltInRole[] = [
  {
    name: 'bitflow_owner',
    display_name: 'Bitflow Owner',
    description: 'Platform operator with cross-tenant God Mode.',
    level: 'platform',
    permissions: ALL_PERMISSIONS,
  },
  {
    name: 'university_owner',
    display_name: 'University Owner',
    description: 'Runs one university: every permission inside it.',
    level: 'university',
    permissions: universityWide,
  },
  {
    name: 'college_admin',
    display_name: 'College Admin',
    description: 'Runs one college: departments, courses, faculty, students and enrolments.',
    level: 'college',
    permissions: universityWide.filter(
      (p) =>
        !p.startsWith('roles.') &&
        // Reviewing who holds what across the university is the owners' (issue #21 item 5).
        !p.startsWith('compliance.') &&
        !['universities.update', 'colleges.create', 'colleges.delete', 'colleges.restore'].includes(p),
    ),
  },
  {
    name: 'registrar',
    display_name: 'Registrar',
    description: 'Staff who manage students and enrolments across the university.',
    level: 'university',
    permissions: [
      ...viewsOf(['universities', 'colleges', 'departments', 'courses', 'faculty', 'reports', 'imports', 'uploads', 'dashboard']),
      'students.view', 'students.create', 'students.update', 'students.delete', 'students.restore', 'students.view_sensitive',
      'enrollments.view', 'enrollments.create', 'enrollments.update', 'enrollments.delete', 'enrollments.restore',
      'reports.create', 'imports.create', 'uploads.create', 'notifications.announce',
    ],
  },
  {
    name: 'viewer',
    display_name: 'Read-only',
    description: 'Sees the university without changing anything; personal data stays masked.',
    level: 'university',
    permissions: viewsOf([
      'universities', 'colleges', 'departments', 'courses', 'students', 'faculty', 'enrollments', 'reports', 'dashboard',
    ]),
  },
];

/**
 * Permissions that change who may do what, the tenant itself or its audit trail, or that open
 * personal data: an access review flags holders of any of them who sign in without two-factor.
 */
export const PRIVILEGED_PERMISSIONS: readonly Permission[] = [
  'universities.create', 'universities.update', 'universities.delete', 'universities.restore', 'universities.suspend', 'universities.purge',
  'users.create', 'users.update', 'users.delete', 'users.restore',
  'roles.create', 'roles.update', 'roles.delete',
  'students.view_sensitive', 'faculty.view_sensitive',
  'audit_logs.export', 'god_mode.access', 'god_mode.impersonate', 'compliance.review',
];

export const BUILT_IN_ROLE_NAMES = BUILT_IN_ROLES.map((r) => r.name);
