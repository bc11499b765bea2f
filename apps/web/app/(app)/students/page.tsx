'use client';
import { useEffect, useState } from 'react';
import { api, apiError } from '@/lib/api';

interface Student {
  id: string;
  admission_number: string;
  first_name: string;
  last_name: string;
  program: string | null;
  year_of_study: number;
  status: string;
}
interface Page {
  items: Student[];
  pagination: { current_page: number; last_page: number; total: number; from: number | null; to: number | null };
}

// Server-side paginated, searchable, sortable student list.
export default function StudentsPage() {
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [sort, setSort] = useState('last_name');
  const [data, setData] = useState<Page | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const t = setTimeout(() => {
      api.get('/students', { params: { page, per_page: 15, sort, ...(q.trim().length ? { q: q.trim() } : {}) } }).then(
        (r) => {
          setData(r.data.data);
          setError(null);
        },
        (e) => setError(apiError(e).message),
      );
    }, 200);
    return () => clearTimeout(t);
  }, [q, page, sort]);

  const header = (key: string, label: string) => (
    <th scope="col" className="px-3 py-2 text-left font-medium">
      <button onClick={() => setSort(sort === key ? `-${key}` : key)} className="hover:underline">
        {label} {sort === key ? '▲' : sort === `-${key}` ? '▼' : ''}
      </button>
    </th>
  );

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <h1 className="text-2xl font-semibold">Students</h1>
        <div>
          <label htmlFor="student-search" className="block text-sm font-medium">Search</label>
          <input id="student-search" value={q} onChange={(e) => { setQ(e.target.value); setPage(1); }} placeholder="Name, admission no. or e-mail" className="mt-1 w-72 rounded-md border border-slate-300 bg-white px-3 py-2 dark:border-slate-700 dark:bg-slate-900" />
        </div>
      </div>
      {error && <p role="alert" className="rounded-md bg-red-50 p-3 text-red-800">{error}</p>}
      <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
        <table className="min-w-full text-sm">
          <thead className="bg-slate-50 dark:bg-slate-800">
            <tr>
              {header('admission_number', 'Admission no.')}
              {header('last_name', 'Name')}
              <th scope="col" className="px-3 py-2 text-left font-medium">Programme</th>
              {header('year_of_study', 'Year')}
              <th scope="col" className="px-3 py-2 text-left font-medium">Status</th>
            </tr>
          </thead>
          <tbody>
            {!data && (
              <tr><td colSpan={5} className="px-3 py-8 text-center text-slate-500">Loading…</td></tr>
            )}
            {data?.items.length === 0 && (
              <tr><td colSpan={5} className="px-3 py-8 text-center text-slate-500">No students match.</td></tr>
            )}
            {data?.items.map((s) => (
              <tr key={s.id} className="border-t border-slate-100 dark:border-slate-800">
                <td className="px-3 py-2 font-mono">{s.admission_number}</td>
                <td className="px-3 py-2">{s.last_name}, {s.first_name}</td>
                <td className="px-3 py-2">{s.program ?? '—'}</td>
                <td className="px-3 py-2">{s.year_of_study}</td>
                <td className="px-3 py-2 capitalize">{s.status}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {data && (
        <nav aria-label="Pagination" className="flex items-center justify-between text-sm">
          <p>{data.pagination.total ? `${data.pagination.from}–${data.pagination.to} of ${data.pagination.total}` : '0 students'}</p>
          <div className="flex gap-2">
            <button disabled={page <= 1} onClick={() => setPage(page - 1)} className="rounded-md border border-slate-300 px-3 py-1 disabled:opacity-40 dark:border-slate-700">Previous</button>
            <button disabled={page >= data.pagination.last_page} onClick={() => setPage(page + 1)} className="rounded-md border border-slate-300 px-3 py-1 disabled:opacity-40 dark:border-slate-700">Next</button>
          </div>
        </nav>
      )}
    </div>
  );
}
