export const ENTITY_TYPES = ['user', 'role', 'session', 'university', 'college', 'department', 'course', 'student', 'faculty', 'enrollment', 'report', 'scheduled_report', 'import', 'file'] as const;

export const KNOWN_ACTIONS = [
  'auth.login', 'auth.login_failed', 'auth.logout', 'auth.logout_all', 'auth.password_changed', 'auth.password_reset', 'auth.session_revoked', 'auth.mfa_enabled', 'auth.mfa_disabled',
  'users.created', 'users.invited', 'users.updated', 'users.deleted', 'users.restored', 'roles.created', 'roles.updated', 'roles.deleted',
  'students.created', 'students.updated', 'students.deleted', 'courses.created', 'courses.updated', 'enrollments.created', 'reports.requested', 'imports.started',
  'god_mode.impersonation_started', 'god_mode.impersonation_ended',
] as const;
