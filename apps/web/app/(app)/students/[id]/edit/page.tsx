import { StudentEdit } from '@/components/students/student-edit';

export default async function EditStudentPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <StudentEdit id={id} />;
}
