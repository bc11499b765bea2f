// GET /api/v1/dashboard (apps/api/src/modules/dashboard).
export interface Bucket {
  key: string;
  count: number;
}

export interface DashboardData {
  counts: Record<'colleges' | 'departments' | 'courses' | 'students' | 'faculty' | 'enrollments', number>;
  students_by_status: Bucket[];
  students_by_department: { id: string; name: string; count: number }[];
  enrollments_by_term: Bucket[];
  enrollments_by_month: Bucket[];
  recent_activity: { id: string; action: string; entity_type: string; entity_id: string | null; actor_id: string | null; created_at: string }[];
  platform?: {
    universities?: number;
    active_universities?: number;
    users?: number;
    top_universities: { id: string; name: string; code: string; status: string; students: number; users: number }[];
  };
}
