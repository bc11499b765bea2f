export interface AuditEntry {
  id: string;
  university_id: string | null;
  college_id: string | null;
  seq: number;
  actor_id: string | null;
  impersonator_id: string | null;
  action: string;
  entity_type: string | null;
  entity_id: string | null;
  changes: unknown;
  ip: string | null;
  user_agent: string | null;
  request_id: string | null;
  created_at: string;
  hash: string;
}

export interface ChainCheck {
  ok: boolean;
  checked: number;
  // id is null when the broken link is a row that is no longer there (tail_truncated).
  first_broken: null | {
    seq: number;
    id: string | null;
    reason: 'hash_mismatch' | 'prev_hash_mismatch' | 'seq_gap' | 'tail_truncated' | 'head_mismatch' | 'head_missing' | 'head_signature_invalid';
  };
  head?: { seq: number; signed: boolean } | null;
}

/** GET /audit-logs/god-mode-reads: one operator's reads of one route on one UTC day. */
export interface GodModeReadGroup {
  actor_id: string | null;
  route: string | null;
  day: string;
  reads: number;
  first_at: string;
  last_at: string;
}

export const ENTITY_TYPES = ['user', 'role', 'session', 'university', 'college', 'department', 'course', 'student', 'faculty', 'enrollment', 'report', 'scheduled_report', 'import', 'file'] as const;

export const KNOWN_ACTIONS = [
  'auth.login', 'auth.login_failed', 'auth.logout', 'auth.logout_all', 'auth.password_changed', 'auth.password_reset', 'auth.session_revoked', 'auth.mfa_enabled', 'auth.mfa_disabled',
  'users.created', 'users.invited', 'users.updated', 'users.deleted', 'users.restored', 'roles.created', 'roles.updated', 'roles.deleted',
  'students.created', 'students.updated', 'students.deleted', 'courses.created', 'courses.updated', 'enrollments.created', 'reports.requested', 'imports.started',
  'god_mode.impersonation_started', 'god_mode.impersonation_ended',
] as const;
