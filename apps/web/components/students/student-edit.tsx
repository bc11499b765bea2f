'use client';
import type { Student } from '@bitflow/contracts';
import { useRouter } from 'next/navigation';
import { PageHeader } from '@/components/layout/page-header';
import { Alert } from '@/components/ui/alert';
import { Skeleton } from '@/components/ui/skeleton';
import { useResource } from '@/hooks/use-resource';
import { useUiStore } from '@/stores/ui-store';
import { StudentForm } from './student-form';
import { studentName } from './types';

export function StudentEdit({ id }: { id: string }) {
  const router = useRouter();
  const toast = useUiStore((s) => s.toast);
  const { data: student, error } = useResource<Student>(`/students/${id}`);
  const name = student ? studentName(student) : 'Student';
  const crumbs = [{ label: 'Home', href: '/dashboard' }, { label: 'Students', href: '/students' }, { label: name, href: `/students/${id}` }, { label: 'Edit' }];
  return (
    <>
      <PageHeader title={`Edit ${name}`} crumbs={crumbs} />
      {error ? (
        <Alert tone="error" title="The student could not be loaded">{error.message}</Alert>
      ) : !student ? (
        <Skeleton className="h-96 w-full" />
      ) : (
        <StudentForm
          student={student}
          cancelHref={`/students/${id}`}
          onSaved={(s) => {
            toast('Changes saved.', 'success');
            router.push(`/students/${s.id}`);
          }}
        />
      )}
    </>
  );
}
