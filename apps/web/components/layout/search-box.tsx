'use client';
import type { SearchGroups, SearchResult } from '@bitflow/contracts';
import { Search } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useEffect, useId, useRef, useState } from 'react';
import { useDismiss } from '@/hooks/use-dismiss';
import { useHotkey } from '@/hooks/use-hotkey';
import { api, type Envelope } from '@/lib/api';
import { cx } from '@/lib/cx';
import { formatTerm } from '@/lib/format';

// Header search across everything the user may see (GET /search?q=), results grouped by kind, as
// an ARIA combobox: "/" focuses it, arrows move through the results, Enter opens one (or, with none
// chosen, the student list filtered by the text), Escape closes.

type Group = keyof SearchGroups;
interface Option {
  id: string;
  group: Group;
  label: string;
  detail: string;
  href: string;
}

const GROUPS: { [G in Group]: { title: string; option: (h: SearchGroups[G][number]) => Omit<Option, 'id' | 'group'> } } = {
  students: { title: 'Students', option: (h) => ({ label: `${h.first_name} ${h.last_name}`, detail: h.admission_number, href: `/students/${h.id}` }) },
  faculty: { title: 'Faculty', option: (h) => ({ label: `${h.first_name} ${h.last_name}`, detail: h.employee_id, href: `/faculty?q=${encodeURIComponent(h.employee_id)}` }) },
  courses: { title: 'Courses', option: (h) => ({ label: `${h.code} · ${h.title}`, detail: h.term ? formatTerm(h.term) : '', href: `/courses/${h.id}` }) },
  departments: { title: 'Departments', option: (h) => ({ label: h.name, detail: h.code, href: `/departments?q=${encodeURIComponent(h.code)}` }) },
  colleges: { title: 'Colleges', option: (h) => ({ label: h.name, detail: h.code, href: `/colleges?q=${encodeURIComponent(h.code)}` }) },
  universities: { title: 'Universities', option: (h) => ({ label: h.name, detail: h.code, href: `/universities?q=${encodeURIComponent(h.code)}` }) },
};

/** One group's hits as options, typed by the group's hit schema. */
function optionsOf<G extends Group>(group: G, hits: SearchGroups[G]): Option[] {
  const { option } = GROUPS[group];
  return hits.map((h: SearchGroups[G][number]) => ({ id: `${group}-${h.id}`, group, ...option(h) }));
}

export function SearchBox() {
  const router = useRouter();
  const listId = useId();
  const root = useRef<HTMLFormElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const [value, setValue] = useState('');
  const [result, setResult] = useState<{ q: string; options: Option[] } | null>(null);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  useHotkey('/', () => input.current?.focus());
  useDismiss(root, open, () => setOpen(false));

  const q = value.trim();
  useEffect(() => {
    if (q.length < 2) return;
    const controller = new AbortController();
    const t = setTimeout(() => {
      api.get<Envelope<SearchResult>>('/search', { params: { q }, signal: controller.signal }).then(
        (r) => {
          const { groups } = r.data.data;
          const options = (Object.keys(GROUPS) as Group[]).flatMap((group) => optionsOf(group, groups[group]));
          setResult({ q, options });
          setActive(-1);
        },
        () => undefined, // Typing on cancels the previous search; a failed one leaves the last result.
      );
    }, 250);
    return () => {
      clearTimeout(t);
      controller.abort();
    };
  }, [q]);

  const options = q.length >= 2 && result ? result.options : [];
  const showPanel = open && q.length >= 2 && !!result;
  const go = (href: string) => {
    setOpen(false);
    setValue('');
    (document.activeElement as HTMLElement | null)?.blur();
    router.push(href);
  };

  return (
    <form
      ref={root}
      role="search"
      className="relative max-w-md flex-1"
      onSubmit={(e) => {
        e.preventDefault();
        const chosen = options[active];
        go(chosen ? chosen.href : q ? `/students?q=${encodeURIComponent(q)}` : '/students');
      }}
    >
      <label htmlFor="global-search" className="sr-only">
        Search everything
      </label>
      <Search aria-hidden className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-slate-500 dark:text-slate-400" />
      <input
        ref={input}
        id="global-search"
        type="search"
        role="combobox"
        aria-expanded={showPanel}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={showPanel && options[active] ? `${listId}-${options[active].id}` : undefined}
        value={value}
        onChange={(e) => {
          setValue(e.target.value);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            setOpen(false);
            e.currentTarget.blur();
          } else if (e.key === 'ArrowDown' && options.length) {
            e.preventDefault();
            setOpen(true);
            setActive((i) => (i + 1) % options.length);
          } else if (e.key === 'ArrowUp' && options.length) {
            e.preventDefault();
            setActive((i) => (i <= 0 ? options.length - 1 : i - 1));
          }
        }}
        placeholder="Search students, courses, people…"
        autoComplete="off"
        aria-keyshortcuts="/"
        className="h-10 w-full rounded-lg border border-slate-300 bg-slate-50 pr-10 pl-9 text-sm text-slate-900 placeholder:text-slate-500 focus:border-blue-600 focus:bg-white focus:ring-2 focus:ring-blue-600/30 focus:outline-none dark:border-slate-700 dark:bg-slate-800 dark:text-slate-100 dark:placeholder:text-slate-400 dark:focus:bg-slate-900"
      />
      <kbd aria-hidden hidden={value !== ''} className="pointer-events-none absolute top-1/2 right-2.5 hidden -translate-y-1/2 rounded border border-slate-300 bg-white px-1.5 font-sans text-xs text-slate-600 sm:block dark:border-slate-600 dark:bg-slate-900 dark:text-slate-300">
        /
      </kbd>
      <div
        id={listId}
        role="listbox"
        aria-label="Search results"
        hidden={!showPanel}
        className="absolute inset-x-0 z-40 mt-2 max-h-[70vh] overflow-y-auto rounded-xl border border-slate-200 bg-white py-2 shadow-lg dark:border-slate-700 dark:bg-slate-900"
      >
        {showPanel && options.length === 0 && <p className="px-4 py-3 text-sm text-slate-600 dark:text-slate-400">Nothing matches “{result.q}”.</p>}
        {showPanel &&
          (Object.keys(GROUPS) as Group[])
            .filter((g) => options.some((o) => o.group === g))
            .map((g) => (
              <div key={g} role="group" aria-labelledby={`${listId}-${g}`}>
                <p id={`${listId}-${g}`} className="px-4 pt-2 pb-1 text-xs font-semibold tracking-wide text-slate-600 uppercase dark:text-slate-400">
                  {GROUPS[g].title}
                </p>
                {options.map((o, i) =>
                  o.group !== g ? null : (
                    <div
                      key={o.id}
                      id={`${listId}-${o.id}`}
                      role="option"
                      aria-selected={i === active}
                      onMouseDown={(e) => e.preventDefault()}
                      onClick={() => go(o.href)}
                      onMouseEnter={() => setActive(i)}
                      className={cx('flex cursor-pointer items-baseline justify-between gap-3 px-4 py-2 text-sm', i === active && 'bg-blue-50 dark:bg-blue-500/15')}
                    >
                      <span className="truncate text-slate-900 dark:text-slate-100">{o.label}</span>
                      <span className="shrink-0 font-mono text-xs text-slate-600 dark:text-slate-400">{o.detail}</span>
                    </div>
                  ),
                )}
              </div>
            ))}
      </div>
    </form>
  );
}
