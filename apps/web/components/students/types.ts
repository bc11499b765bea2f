// A student as the API returns it (GET /students, /students/{id}). Personal fields are "***…"
// when personal_data_masked is true (the user lacks students.view_sensitive).
export interface Student {
  id: string;
  university_id: string;
  college_id: string;
  department_id: string;
  admission_number: string;
  first_name: string;
  last_name: string;
  email: string | null;
  phone: string | null;
  date_of_birth: string | null;
  address: string | null;
  national_id: string | null;
  personal_data_masked: boolean;
  program: string | null;
  year_of_study: number;
  admission_date: string | null;
  status: string;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export interface Enrollment {
  id: string;
  student_id: string;
  course_id: string;
  term: string;
  status: 'enrolled' | 'dropped' | 'completed';
  grade: string | null;
  enrolled_at: string;
  student: { first_name: string; last_name: string; admission_number: string };
  course: { code: string; title: string; credits: number };
}

export const studentName = (s: Pick<Student, 'first_name' | 'last_name'>) => `${s.first_name} ${s.last_name}`;
