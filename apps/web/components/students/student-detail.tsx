'use client';
import type { Student } from '@bitflow/contracts';
import { Pencil, Trash2 } from 'lucide-react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { PageHeader } from '@/components/layout/page-header';
import { Alert } from '@/components/ui/alert';
import { Button, buttonClass } from '@/components/ui/button';
import { Card, CardHeader } from '@/components/ui/card';
import { Skeleton } from '@/components/ui/skeleton';
import { PersonFiles } from '@/components/uploads/person-files';
import { PersonPhoto } from '@/components/uploads/person-photo';
import { StatusBadge } from '@/components/ui/status-badge';
import { useResource } from '@/hooks/use-resource';
import { api, apiError } from '@/lib/api';
import { formatDateTime } from '@/lib/format';
import { useUiStore } from '@/stores/ui-store';
import { useCan } from '@/stores/user-store';
import { StudentEnrollments } from './student-enrollments';
import { studentName } from './types';

const crumbs = (name?: string) => [{ label: 'Home', href: '/dashboard' }, { label: 'Students', href: '/students' }, { label: name ?? 'Student' }];

/** One student: the record, personal details (masked for roles without view_sensitive) and enrolments. */
export function StudentDetail({ id }: { id: string }) {
  const router = useRouter();
  const toast = useUiStore((s) => s.toast);
  const canUpdate = useCan('students.update');
  const canDelete = useCan('students.delete');
  const { data: student, error, reload } = useResource<Student>(`/students/${id}`);
  const [deleting, setDeleting] = useState(false);
  // Bumped after an upload or a deletion, so the header photo follows the files card.
  const [filesVersion, setFilesVersion] = useState(0);

  if (error) {
    return (
      <>
        <PageHeader title="Student" crumbs={crumbs()} />
        <Alert tone="error" title={error.status === 404 ? 'This student does not exist or was deleted' : 'The student could not be loaded'} action={error.status === 404 ? undefined : <Button size="sm" variant="secondary" onClick={reload}>Try again</Button>}>
          {error.status === 404 ? <Link href="/students" className="underline">Back to the student list</Link> : error.message}
        </Alert>
      </>
    );
  }
  if (!student) {
    return (
      <div aria-busy="true">
        <PageHeader title="Student" crumbs={crumbs()} />
        <Skeleton className="h-48 w-full" />
      </div>
    );
  }

  const name = studentName(student);
  // Soft delete, undone from the toast (POST /restore) for as long as the toast is up.
  const remove = async () => {
    setDeleting(true);
    try {
      await api.delete(`/students/${student.id}`);
      toast(`${name} was moved to the trash.`, 'success', {
        label: 'Undo',
        run: () =>
          void api.post(`/students/${student.id}/restore`, {}).then(
            () => {
              toast(`${name} was restored.`, 'success');
              router.push(`/students/${student.id}`);
            },
            (e: unknown) => toast(apiError(e).message, 'error'),
          ),
      });
      router.push('/students');
    } catch (e) {
      toast(apiError(e).message, 'error');
      setDeleting(false);
    }
  };

  const facts: [string, string | number | null][] = [
    ['Admission number', student.admission_number],
    ['Programme', student.program],
    ['Year of study', student.year_of_study],
    ['Admitted', student.admission_date],
    ['E-mail', student.email],
    ['Phone', student.phone],
    ['Date of birth', student.date_of_birth],
    ['National id', student.national_id],
    ['Address', student.address],
    ['Last updated', formatDateTime(student.updated_at)],
  ];

  return (
    <>
      <div className="flex items-start gap-4">
        <PersonPhoto entityType="student" entityId={student.id} name={name} size={64} version={filesVersion} className="mt-7" />
        <div className="min-w-0 flex-1">
          <PageHeader
            title={name}
            crumbs={crumbs(name)}
            description={
              <span className="inline-flex items-center gap-2">
                <StatusBadge status={student.status} />
                <span className="font-mono text-xs">{student.admission_number}</span>
              </span>
            }
            actions={
              <>
                {canUpdate && (
                  <Link href={`/students/${student.id}/edit`} className={buttonClass('secondary')}>
                    <Pencil aria-hidden className="size-4" />
                    Edit
                  </Link>
                )}
                {canDelete && (
                  <Button variant="danger" loading={deleting} onClick={() => void remove()}>
                    <Trash2 aria-hidden className="size-4" />
                    Delete
                  </Button>
                )}
              </>
            }
          />
        </div>
      </div>
      <div className="grid gap-6 lg:grid-cols-3">
        <Card labelledBy="student-facts" className="min-w-0 lg:col-span-1">
          <CardHeader id="student-facts" title="Details" description={student.personal_data_masked ? 'Personal data is masked for your role.' : undefined} />
          <dl className="divide-y divide-slate-100 px-5 text-sm dark:divide-slate-800">
            {facts.map(([label, value]) => (
              <div key={label} className="flex justify-between gap-4 py-2.5">
                <dt className="shrink-0 text-slate-600 dark:text-slate-400">{label}</dt>
                <dd className="text-right font-medium break-all text-slate-900 dark:text-slate-100">{value ?? '—'}</dd>
              </div>
            ))}
          </dl>
        </Card>
        <div className="min-w-0 space-y-6 lg:col-span-2">
          <StudentEnrollments student={student} />
          <PersonFiles entityType="student" entityId={student.id} name={name} version={filesVersion} onChange={() => setFilesVersion((v) => v + 1)} showPhoto={false} />
        </div>
      </div>
    </>
  );
}
