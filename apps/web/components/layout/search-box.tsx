'use client';
import { Search } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useRef, useState } from 'react';
import { useHotkey } from '@/hooks/use-hotkey';
import { useCan } from '@/stores/user-store';

// Header search. "/" focuses it from anywhere. For now it searches students (the list's `q`);
// grouped results across entities arrive with the global search page.
export function SearchBox() {
  const router = useRouter();
  const input = useRef<HTMLInputElement>(null);
  const [value, setValue] = useState('');
  const canSearch = useCan('students.view');
  useHotkey('/', () => input.current?.focus());

  if (!canSearch) return <div className="flex-1" />;
  return (
    <form
      role="search"
      className="relative max-w-md flex-1"
      onSubmit={(e) => {
        e.preventDefault();
        const q = value.trim();
        router.push(q ? `/students?q=${encodeURIComponent(q)}` : '/students');
        input.current?.blur();
      }}
    >
      <label htmlFor="global-search" className="sr-only">
        Search students
      </label>
      <Search aria-hidden className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-slate-500 dark:text-slate-400" />
      <input
        ref={input}
        id="global-search"
        type="search"
        value={value}
        onChange={(e) => setValue(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') e.currentTarget.blur();
        }}
        placeholder="Search students…"
        autoComplete="off"
        aria-keyshortcuts="/"
        className="h-10 w-full rounded-lg border border-slate-300 bg-slate-50 pr-10 pl-9 text-sm text-slate-900 placeholder:text-slate-500 focus:border-blue-600 focus:bg-white focus:ring-2 focus:ring-blue-600/30 focus:outline-none dark:border-slate-700 dark:bg-slate-800 dark:text-slate-100 dark:placeholder:text-slate-400 dark:focus:bg-slate-900"
      />
      <kbd aria-hidden className="pointer-events-none absolute top-1/2 right-2.5 hidden -translate-y-1/2 rounded border border-slate-300 bg-white px-1.5 font-sans text-xs text-slate-600 sm:block dark:border-slate-600 dark:bg-slate-900 dark:text-slate-300">
        /
      </kbd>
    </form>
  );
}
