// A course as the API returns it (GET /courses, /courses/{id}).
export interface Course {
  id: string;
  college_id: string;
  department_id: string | null;
  code: string;
  title: string;
  description: string | null;
  term: string | null;
  credits: number;
  capacity: number;
  enrolled_count: number;
  seats_left: number;
  status: string;
  deleted_at: string | null;
}
