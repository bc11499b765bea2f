import type { ColumnType, Generated } from 'kysely';

// Table types for Kysely, written by hand to match src/db/migrations (keep them in step when a
// migration changes a table; the integration suites exercise every table on both dialects).
// Timestamps are 'YYYY-MM-DD HH:MM:SS.mmm' UTC strings on both dialects (see db/time.ts).

type Ts = string;
/** Defaulted by the database: optional on insert. */
type Def<T> = ColumnType<T, T | undefined, T>;
/** Computed by the database: never written. */
type ReadOnly<T> = ColumnType<T, never, never>;

interface Timestamps {
  created_at: Ts;
  updated_at: Ts;
}
interface SoftDelete {
  deleted_at: Ts | null;
  is_live: ReadOnly<number | null>;
}

export interface UniversitiesTable extends Timestamps, SoftDelete {
  id: string;
  name: string;
  code: string;
  status: Def<string>;
  email: string | null;
  phone: string | null;
  website: string | null;
  address: string | null;
  country: string | null;
  timezone: Def<string>;
  settings: string | null;
  suspended_at: Ts | null;
  suspended_reason: string | null;
}

export interface CollegesTable extends Timestamps, SoftDelete {
  id: string;
  university_id: string;
  name: string;
  code: string;
  description: string | null;
  email: string | null;
  phone: string | null;
  dean_name: string | null;
  status: Def<string>;
}

export interface DepartmentsTable extends Timestamps, SoftDelete {
  id: string;
  university_id: string;
  college_id: string;
  name: string;
  code: string;
  description: string | null;
  head_name: string | null;
  email: string | null;
  status: Def<string>;
}

export interface CoursesTable extends Timestamps, SoftDelete {
  id: string;
  university_id: string;
  college_id: string;
  department_id: string | null;
  code: string;
  title: string;
  description: string | null;
  credits: Def<number>;
  term: string;
  capacity: Def<number>;
  enrolled_count: Def<number>;
  status: Def<string>;
}

interface Person extends Timestamps, SoftDelete {
  id: string;
  university_id: string;
  college_id: string;
  department_id: string;
  user_id: string | null;
  first_name: string;
  last_name: string;
  email: string | null;
  phone_enc: string | null;
  date_of_birth_enc: string | null;
  address_enc: string | null;
  national_id_enc: string | null;
  status: Def<string>;
}

export interface StudentsTable extends Person {
  admission_number: string;
  program: string | null;
  year_of_study: Def<number>;
  admission_date: string | null;
}

export interface FacultyTable extends Person {
  employee_id: string;
  designation: string | null;
  employment_type: Def<string>;
  hire_date: string | null;
}

export interface EnrollmentsTable extends Timestamps, SoftDelete {
  id: string;
  university_id: string;
  college_id: string;
  student_id: string;
  course_id: string;
  term: string;
  status: Def<string>;
  grade: string | null;
  enrolled_at: Ts;
}

export interface UsersTable extends Timestamps, SoftDelete {
  id: string;
  university_id: string | null;
  college_id: string | null;
  name: string;
  email: string;
  password_hash: string | null;
  status: Def<string>;
  mfa_secret_enc: string | null;
  mfa_enabled: Def<number>;
  mfa_recovery_codes: string | null;
  last_login_at: Ts | null;
  password_changed_at: Ts | null;
}

export interface PermissionsTable {
  id: string;
  name: string;
  entity: string;
  action: string;
  description: string | null;
}

export interface RolesTable extends Timestamps {
  id: string;
  university_id: string | null;
  name: string;
  display_name: string;
  description: string | null;
  level: string;
  is_system: Def<number>;
  owner_key: Def<string>;
}

export interface RolePermissionsTable {
  role_id: string;
  permission_id: string;
}

export interface UserRolesTable {
  user_id: string;
  role_id: string;
  created_at: Ts;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  impersonator_id: string | null;
  university_id: string | null;
  user_agent: string | null;
  ip: string | null;
  impersonation_reason: string | null;
  created_at: Ts;
  last_activity_at: Ts;
  expires_at: Ts;
  revoked_at: Ts | null;
}

export interface RefreshTokensTable {
  id: string;
  session_id: string;
  family_id: string;
  parent_id: string | null;
  token_hash: string;
  created_at: Ts;
  expires_at: Ts;
  used_at: Ts | null;
  revoked_at: Ts | null;
}

export interface UserTokensTable {
  id: string;
  user_id: string;
  purpose: string;
  token_hash: string;
  created_at: Ts;
  expires_at: Ts;
  used_at: Ts | null;
}

export interface AuditLogsTable {
  id: string;
  chain_key: string;
  seq: number;
  university_id: string | null;
  actor_id: string | null;
  impersonator_id: string | null;
  action: string;
  entity_type: string | null;
  entity_id: string | null;
  changes: string | null;
  ip: string | null;
  user_agent: string | null;
  request_id: string | null;
  created_at: Ts;
  prev_hash: string;
  hash: string;
  /** The college of the row's object (migration 009); NULL for university-wide rows and older ones. */
  college_id: Def<string | null>;
}

/** Each audit chain's newest link, HMAC-signed by the writer (migration 009). */
export interface AuditChainHeadsTable {
  chain_key: string;
  seq: number;
  hash: string;
  signature: string | null;
  updated_at: Ts;
}

export interface NotificationsTable {
  id: string;
  user_id: string;
  university_id: string | null;
  type: string;
  title: string;
  body: string | null;
  data: string | null;
  /** Set on an announcement's notifications (migration 011); unique with user_id. */
  announcement_id: Def<string | null>;
  read_at: Ts | null;
  created_at: Ts;
}

/** An announcement (migration 011); its notifications are written by the `notification.fanout` job. */
export interface AnnouncementsTable {
  id: string;
  university_id: string | null;
  created_by: string | null;
  college_id: string | null;
  audience: string;
  audience_id: string | null;
  title: string;
  body: string;
  link: string | null;
  severity: string;
  status: string;
  resume_after: string | null;
  recipients: Def<number>;
  created_at: Ts;
  completed_at: Ts | null;
}

/** One queued e-mail (migration 011); `message` is encrypted JSON, erased once sent. */
export interface MailOutboxTable {
  id: string;
  to_address: string;
  subject: string;
  message: string | null;
  status: string;
  attempts: Def<number>;
  error: string | null;
  created_at: Ts;
  sent_at: Ts | null;
}

export interface ScheduledReportsTable extends Timestamps, SoftDelete {
  id: string;
  university_id: string | null;
  created_by: string | null;
  college_id: string | null;
  name: string;
  type: string;
  format: Def<string>;
  parameters: string | null;
  cron: string;
  timezone: Def<string>;
  recipients: string;
  status: Def<string>;
  next_run_at: Ts | null;
  last_run_at: Ts | null;
}

export interface ReportsTable extends Timestamps {
  id: string;
  university_id: string | null;
  requested_by: string | null;
  scheduled_report_id: string | null;
  college_id: string | null;
  type: string;
  format: string;
  parameters: string | null;
  status: string;
  error: string | null;
  storage_key: string | null;
  file_size: number | null;
  row_count: number | null;
  completed_at: Ts | null;
}

export interface ImportsTable extends Timestamps {
  id: string;
  university_id: string;
  created_by: string | null;
  college_id: string | null;
  entity_type: string;
  dry_run: Def<number>;
  status: string;
  file_key: string;
  original_name: string | null;
  total_rows: Def<number>;
  processed_rows: Def<number>;
  created_count: Def<number>;
  updated_count: Def<number>;
  error_count: Def<number>;
  error_report_key: string | null;
  error: string | null;
  completed_at: Ts | null;
}

export interface FilesTable extends SoftDelete {
  id: string;
  university_id: string;
  uploaded_by: string | null;
  college_id: string | null;
  entity_type: string | null;
  entity_id: string | null;
  original_name: string;
  mime_type: string;
  size: number;
  checksum: string;
  storage_key: string;
  /** 'photo' | 'document' (migration 014); the newest photo is the person's picture. */
  kind: string;
  created_at: Ts;
}

export interface TenantExportsTable extends Timestamps {
  id: string;
  university_id: string;
  requested_by: string | null;
  status: string;
  error: string | null;
  storage_key: string | null;
  file_size: number | null;
  row_counts: string | null;
  completed_at: Ts | null;
}

/** A recorded access review (migration 012): who reviewed which access-review report, and their note. */
export interface AccessReviewsTable {
  id: string;
  university_id: string;
  report_id: string | null;
  reviewed_by: string | null;
  report_created_at: Ts;
  accounts: number;
  note: string;
  created_at: Ts;
}

/** The dashboard's maintained counters (migration 015): live rows per university, college, metric and bucket. */
export interface DashboardCountsTable {
  university_id: string;
  college_id: string;
  metric: string;
  bucket: string;
  n: number;
}

export interface IdempotencyKeysTable {
  id: string;
  user_id: string;
  idem_key: string;
  method: string;
  path: string;
  request_hash: string;
  status_code: number | null;
  response_body: string | null;
  created_at: Ts;
}

export interface DB {
  universities: UniversitiesTable;
  colleges: CollegesTable;
  departments: DepartmentsTable;
  courses: CoursesTable;
  students: StudentsTable;
  faculty: FacultyTable;
  enrollments: EnrollmentsTable;
  users: UsersTable;
  permissions: PermissionsTable;
  roles: RolesTable;
  role_permissions: RolePermissionsTable;
  user_roles: UserRolesTable;
  sessions: SessionsTable;
  refresh_tokens: RefreshTokensTable;
  user_tokens: UserTokensTable;
  audit_logs: AuditLogsTable;
  audit_chain_heads: AuditChainHeadsTable;
  notifications: NotificationsTable;
  announcements: AnnouncementsTable;
  mail_outbox: MailOutboxTable;
  scheduled_reports: ScheduledReportsTable;
  reports: ReportsTable;
  imports: ImportsTable;
  files: FilesTable;
  idempotency_keys: IdempotencyKeysTable;
  tenant_exports: TenantExportsTable;
  access_reviews: AccessReviewsTable;
  dashboard_counts: DashboardCountsTable;
}

// Kept for callers that want the brand explicitly.
export type { Generated };
