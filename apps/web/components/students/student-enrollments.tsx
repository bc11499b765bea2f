'use client';
import { useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardHeader } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { SelectField } from '@/components/ui/select-field';
import { Skeleton } from '@/components/ui/skeleton';
import { StatusBadge } from '@/components/ui/status-badge';
import { useOptions } from '@/hooks/use-options';
import { useResource } from '@/hooks/use-resource';
import { api, apiError } from '@/lib/api';
import { formatTerm } from '@/lib/format';
import { useUiStore } from '@/stores/ui-store';
import { useCan } from '@/stores/user-store';
import type { Enrollment, Student } from './types';

interface CourseOption {
  id: string;
  code: string;
  title: string;
  term: string;
  seats_left: number | null;
}

/** A student's enrolments, enrolling in an open course and dropping one (capacity and duplicates are the API's 409s). */
export function StudentEnrollments({ student }: { student: Student }) {
  const toast = useUiStore((s) => s.toast);
  const canEnroll = useCan('enrollments.create');
  const canUpdate = useCan('enrollments.update');
  const { data, error, reload } = useResource<{ items: Enrollment[] }>(`/students/${student.id}/enrollments?per_page=100`);
  const courses = useOptions<CourseOption>(canEnroll ? '/courses?status=active&sort=code' : null, (c) => `${c.code} · ${c.title} (${formatTerm(c.term)}${c.seats_left === null ? '' : `, ${c.seats_left} seats left`})`);
  const [courseId, setCourseId] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const [enrollError, setEnrollError] = useState<string | null>(null);

  const enroll = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!courseId) {
      setEnrollError('Choose a course.');
      return;
    }
    setBusy('enroll');
    setEnrollError(null);
    try {
      await api.post(`/students/${student.id}/enrollments`, { course_id: courseId });
      toast('Enrolled.', 'success');
      setCourseId('');
      reload();
    } catch (err) {
      const p = apiError(err);
      setEnrollError(p.errors.course_id?.[0] ?? p.message);
    } finally {
      setBusy(null);
    }
  };

  const drop = async (en: Enrollment) => {
    setBusy(en.id);
    try {
      await api.put(`/enrollments/${en.id}`, { status: 'dropped' });
      toast(`Dropped ${en.course.code}.`, 'success');
      reload();
    } catch (err) {
      toast(apiError(err).message, 'error');
    } finally {
      setBusy(null);
    }
  };

  return (
    <Card labelledBy="student-enrollments">
      <CardHeader id="student-enrollments" title="Enrolments" description="Courses this student is taking or has taken." />
      {canEnroll && (
        <form onSubmit={enroll} noValidate className="flex flex-wrap items-end gap-3 border-b border-slate-100 px-5 py-4 dark:border-slate-800">
          <SelectField
            id="enroll-course"
            label="Enrol in a course"
            placeholder={courses.loading ? 'Loading courses…' : 'Choose a course'}
            options={courses.options}
            value={courseId}
            onChange={(e) => setCourseId(e.target.value)}
            error={enrollError ?? undefined}
            className="min-w-0 flex-1"
          />
          <Button type="submit" loading={busy === 'enroll'}>
            Enrol
          </Button>
        </form>
      )}
      {error ? (
        <div className="p-5">
          <Alert tone="error" title="Enrolments could not be loaded" action={<Button size="sm" variant="secondary" onClick={reload}>Try again</Button>}>
            {error.message}
          </Alert>
        </div>
      ) : !data ? (
        <div className="space-y-2 p-5">
          <Skeleton className="h-5 w-full" />
          <Skeleton className="h-5 w-full" />
        </div>
      ) : data.items.length === 0 ? (
        <EmptyState title="No enrolments yet">Enrol the student in a course above.</EmptyState>
      ) : (
        <div className="overflow-x-auto">
          <table className="min-w-full text-sm">
            <caption className="sr-only">Enrolments of {student.first_name} {student.last_name}</caption>
            <thead className="bg-slate-50 text-left text-xs font-semibold tracking-wide text-slate-600 uppercase dark:bg-slate-800/60 dark:text-slate-400">
              <tr>
                <th scope="col" className="px-5 py-2.5">Course</th>
                <th scope="col" className="px-5 py-2.5">Term</th>
                <th scope="col" className="px-5 py-2.5">Status</th>
                <th scope="col" className="px-5 py-2.5">Grade</th>
                {canUpdate && <th scope="col" className="px-5 py-2.5 text-right">Actions</th>}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
              {data.items.map((en) => (
                <tr key={en.id}>
                  <td className="px-5 py-3">
                    <span className="font-mono text-xs">{en.course.code}</span> <span className="text-slate-800 dark:text-slate-200">{en.course.title}</span>
                  </td>
                  <td className="px-5 py-3 whitespace-nowrap">{formatTerm(en.term)}</td>
                  <td className="px-5 py-3">
                    <StatusBadge status={en.status} />
                  </td>
                  <td className="px-5 py-3">{en.grade ?? '—'}</td>
                  {canUpdate && (
                    <td className="px-5 py-3 text-right">
                      {en.status === 'enrolled' && (
                        <Button size="sm" variant="secondary" loading={busy === en.id} onClick={() => void drop(en)} aria-label={`Drop ${en.course.code}`}>
                          Drop
                        </Button>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
