'use client';
import type { Course, DataOf, Enrollment, ZEnrollmentListEnvelope } from '@bitflow/contracts';
import { Pencil } from 'lucide-react';
import Link from 'next/link';
import { useState } from 'react';
import { PageHeader } from '@/components/layout/page-header';
import { DataTable, type Column } from '@/components/tables/data-table';
import { Alert } from '@/components/ui/alert';
import { buttonClass } from '@/components/ui/button';
import { Card, CardHeader } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { Skeleton } from '@/components/ui/skeleton';
import { StatusBadge } from '@/components/ui/status-badge';
import { useResource } from '@/hooks/use-resource';
import { api, apiError } from '@/lib/api';
import { formatDateTime, formatTerm } from '@/lib/format';
import { useUiStore } from '@/stores/ui-store';
import { useCan } from '@/stores/user-store';

const GRADES = ['A', 'A-', 'B+', 'B', 'B-', 'C+', 'C', 'C-', 'D', 'F', 'P', 'NP', 'I', 'W'];

/** A course with its seats and its class list; registrars record grades and completion here. */
export function CourseDetail({ id }: { id: string }) {
  const toast = useUiStore((s) => s.toast);
  const canGrade = useCan('enrollments.update');
  const canEdit = useCan('courses.update');
  const course = useResource<Course>(`/courses/${id}`);
  const enrollments = useResource<DataOf<typeof ZEnrollmentListEnvelope>>(`/courses/${id}/enrollments?per_page=100&sort=-enrolled_at`);
  const [busy, setBusy] = useState<string | null>(null);
  const c = course.data;
  const crumbs = [{ label: 'Home', href: '/dashboard' }, { label: 'Courses', href: '/courses' }, { label: c?.code ?? 'Course' }];

  const grade = async (en: Enrollment, value: string) => {
    setBusy(en.id);
    try {
      await api.put(`/enrollments/${en.id}`, value ? { grade: value, status: 'completed' } : { grade: null });
      toast(`Grade saved for ${en.student.first_name} ${en.student.last_name}.`, 'success');
      enrollments.reload();
      course.reload();
    } catch (e) {
      toast(apiError(e).message, 'error');
    } finally {
      setBusy(null);
    }
  };

  const columns: Column<Enrollment>[] = [
    {
      id: 'student',
      header: 'Student',
      cell: (en) => (
        <>
          <Link href={`/students/${en.student_id}`} className="font-medium hover:text-blue-700 hover:underline dark:hover:text-blue-400">
            {en.student.last_name}, {en.student.first_name}
          </Link>
          <span className="ml-2 font-mono text-xs text-slate-600 dark:text-slate-400">{en.student.admission_number}</span>
        </>
      ),
    },
    { id: 'status', header: 'Status', cell: (en) => <StatusBadge status={en.status} /> },
    { id: 'enrolled', header: 'Enrolled', cell: (en) => <span className="whitespace-nowrap">{formatDateTime(en.enrolled_at)}</span>, className: 'hidden sm:table-cell' },
    {
      id: 'grade',
      header: 'Grade',
      cell: (en) =>
        canGrade && en.status !== 'dropped' ? (
          <select
            aria-label={`Grade for ${en.student.first_name} ${en.student.last_name}`}
            value={en.grade ?? ''}
            disabled={busy === en.id}
            onChange={(e) => void grade(en, e.target.value)}
            className="h-8 rounded-md border border-slate-300 bg-white px-2 text-sm dark:border-slate-600 dark:bg-slate-900"
          >
            <option value="">—</option>
            {GRADES.map((g) => (
              <option key={g} value={g}>
                {g}
              </option>
            ))}
          </select>
        ) : (
          (en.grade ?? '—')
        ),
    },
  ];

  if (course.error) {
    return (
      <>
        <PageHeader title="Course" crumbs={crumbs} />
        <Alert tone="error" title={course.error.status === 404 ? 'This course does not exist or was deleted' : 'The course could not be loaded'}>
          {course.error.status === 404 ? <Link href="/courses" className="underline">Back to the course list</Link> : course.error.message}
        </Alert>
      </>
    );
  }

  return (
    <>
      <PageHeader
        title={c ? `${c.code} · ${c.title}` : 'Course'}
        crumbs={crumbs}
        description={c && <span className="inline-flex items-center gap-2"><StatusBadge status={c.status} />{c.term ? formatTerm(c.term) : 'No term'} · {c.credits} credits</span>}
        actions={
          c && canEdit ? (
            <Link href={`/courses/${c.id}/edit`} className={buttonClass('secondary')}>
              <Pencil aria-hidden className="size-4" />
              Edit
            </Link>
          ) : undefined
        }
      />
      {!c ? (
        <Skeleton className="h-32 w-full" />
      ) : (
        <dl className="mb-6 grid grid-cols-2 gap-3 sm:grid-cols-4">
          {[
            ['Capacity', c.capacity],
            ['Enrolled', c.enrolled_count],
            ['Seats left', c.seats_left],
            ['Fill', `${c.capacity ? Math.round((c.enrolled_count / c.capacity) * 100) : 0}%`],
          ].map(([label, value]) => (
            <div key={label} className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-800 dark:bg-slate-900">
              <dt className="text-sm text-slate-600 dark:text-slate-400">{label}</dt>
              <dd className="mt-1 text-2xl font-semibold tabular-nums">{value}</dd>
            </div>
          ))}
        </dl>
      )}
      <Card labelledBy="course-enrollments">
        <CardHeader id="course-enrollments" title="Class list" description={enrollments.data ? `${enrollments.data.pagination.total} enrolment records` : undefined} />
        <DataTable
          bare
          caption="Students enrolled in this course"
          columns={columns}
          rows={enrollments.data?.items}
          rowKey={(en) => en.id}
          sort=""
          onSort={() => undefined}
          loading={enrollments.loading}
          error={enrollments.error}
          onRetry={enrollments.reload}
          skeletonRows={3}
          empty={<EmptyState title="Nobody is enrolled yet">Students are enrolled from their own page.</EmptyState>}
        />
      </Card>
    </>
  );
}
