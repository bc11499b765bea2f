'use client';
import { Pencil } from 'lucide-react';
import Link from 'next/link';
import { useState } from 'react';
import { PageHeader } from '@/components/layout/page-header';
import type { Enrollment } from '@/components/students/types';
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
import type { Course } from './types';

const GRADES = ['A', 'A-', 'B+', 'B', 'B-', 'C+', 'C', 'C-', 'D', 'F', 'P', 'NP', 'I', 'W'];

/** A course with its seats and its class list; registrars record grades and completion here. */
export function CourseDetail({ id }: { id: string }) {
  const toast = useUiStore((s) => s.toast);
  const canGrade = useCan('enrollments.update');
  const canEdit = useCan('courses.update');
  const course = useResource<Course>(`/courses/${id}`);
  const enrollments = useResource<{ items: Enrollment[]; pagination: { total: number } }>(`/courses/${id}/enrollments?per_page=100&sort=-enrolled_at`);
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
        {enrollments.error ? (
          <div className="p-5"><Alert tone="error">{enrollments.error.message}</Alert></div>
        ) : !enrollments.data ? (
          <div className="space-y-2 p-5"><Skeleton className="h-5 w-full" /><Skeleton className="h-5 w-full" /></div>
        ) : enrollments.data.items.length === 0 ? (
          <EmptyState title="Nobody is enrolled yet">Students are enrolled from their own page.</EmptyState>
        ) : (
          <div className="overflow-x-auto">
            <table className="min-w-full text-sm">
              <caption className="sr-only">Students enrolled in this course</caption>
              <thead className="bg-slate-50 text-left text-xs font-semibold tracking-wide text-slate-600 uppercase dark:bg-slate-800/60 dark:text-slate-400">
                <tr>
                  <th scope="col" className="px-5 py-2.5">Student</th>
                  <th scope="col" className="px-5 py-2.5">Status</th>
                  <th scope="col" className="hidden px-5 py-2.5 sm:table-cell">Enrolled</th>
                  <th scope="col" className="px-5 py-2.5">Grade</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
                {enrollments.data.items.map((en) => (
                  <tr key={en.id}>
                    <td className="px-5 py-3">
                      <Link href={`/students/${en.student_id}`} className="font-medium hover:text-blue-700 hover:underline dark:hover:text-blue-400">
                        {en.student.last_name}, {en.student.first_name}
                      </Link>
                      <span className="ml-2 font-mono text-xs text-slate-600 dark:text-slate-400">{en.student.admission_number}</span>
                    </td>
                    <td className="px-5 py-3"><StatusBadge status={en.status} /></td>
                    <td className="hidden px-5 py-3 whitespace-nowrap sm:table-cell">{formatDateTime(en.enrolled_at)}</td>
                    <td className="px-5 py-3">
                      {canGrade && en.status !== 'dropped' ? (
                        <select
                          aria-label={`Grade for ${en.student.first_name} ${en.student.last_name}`}
                          value={en.grade ?? ''}
                          disabled={busy === en.id}
                          onChange={(e) => void grade(en, e.target.value)}
                          className="h-8 rounded-md border border-slate-300 bg-white px-2 text-sm dark:border-slate-600 dark:bg-slate-900"
                        >
                          <option value="">—</option>
                          {GRADES.map((g) => <option key={g} value={g}>{g}</option>)}
                        </select>
                      ) : (
                        (en.grade ?? '—')
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </>
  );
}
