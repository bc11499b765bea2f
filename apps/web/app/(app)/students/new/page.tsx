'use client';
import { useRouter } from 'next/navigation';
import { PageHeader } from '@/components/layout/page-header';
import { StudentForm } from '@/components/students/student-form';
import { studentName } from '@/components/students/types';
import { useUiStore } from '@/stores/ui-store';

export default function NewStudentPage() {
  const router = useRouter();
  const toast = useUiStore((s) => s.toast);
  return (
    <>
      <PageHeader title="New student" crumbs={[{ label: 'Home', href: '/dashboard' }, { label: 'Students', href: '/students' }, { label: 'New student' }]} />
      <StudentForm
        cancelHref="/students"
        onSaved={(s) => {
          toast(`${studentName(s)} was added.`, 'success');
          router.push(`/students/${s.id}`);
        }}
      />
    </>
  );
}
