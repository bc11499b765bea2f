'use client';
import dynamic from 'next/dynamic';
import { useEffect, useState } from 'react';
import { api, apiError } from '@/lib/api';
import { useAuth } from '@/stores/auth';

// Charts load after the numbers so the first paint stays light.
const BarSeries = dynamic(() => import('@/components/charts').then((m) => m.BarSeries), { ssr: false, loading: () => <div className="h-[220px] animate-pulse rounded bg-slate-100 dark:bg-slate-800" /> });

interface Dashboard {
  counts: Record<string, number>;
  students_by_status: { key: string; count: number }[];
  enrollments_by_term: { key: string; count: number }[];
  students_by_department: { id: string; name: string; count: number }[];
}

const LABELS: Record<string, string> = { colleges: 'Colleges', departments: 'Departments', courses: 'Courses', students: 'Students', faculty: 'Faculty', enrollments: 'Enrolments' };

export default function DashboardPage() {
  const me = useAuth((s) => s.me);
  const [data, setData] = useState<Dashboard | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.get('/dashboard').then((r) => setData(r.data.data), (e) => setError(apiError(e).message));
  }, []);

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Dashboard</h1>
        <p className="text-slate-600 dark:text-slate-400">Welcome back, {me?.user.name}.</p>
      </div>
      {error && <p role="alert" className="rounded-md bg-red-50 p-3 text-red-800">{error}</p>}
      <section aria-label="Totals" className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6">
        {Object.entries(LABELS).map(([k, label]) => (
          <div key={k} className="rounded-xl border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
            <p className="text-sm text-slate-600 dark:text-slate-400">{label}</p>
            <p className="mt-1 text-2xl font-semibold" data-testid={`count-${k}`}>{data ? data.counts[k]?.toLocaleString() : '—'}</p>
          </div>
        ))}
      </section>
      {data && (
        <section className="grid gap-4 lg:grid-cols-2">
          <div className="rounded-xl border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
            <h2 className="mb-2 font-medium">Students by status</h2>
            <BarSeries data={data.students_by_status} label="Students by status" />
          </div>
          <div className="rounded-xl border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
            <h2 className="mb-2 font-medium">Enrolments per term</h2>
            <BarSeries data={data.enrollments_by_term} label="Enrolments per term" />
          </div>
        </section>
      )}
    </div>
  );
}
