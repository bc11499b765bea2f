// A tenant row of GET /god-mode/tenants (a university with its usage).
export interface Tenant {
  id: string;
  name: string;
  code: string;
  status: 'active' | 'suspended';
  suspended_reason: string | null;
  created_at: string;
  students: number;
  users: number;
  colleges: number;
  courses: number;
  last_activity_at: string | null;
}
