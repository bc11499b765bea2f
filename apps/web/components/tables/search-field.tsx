'use client';
import { Search } from 'lucide-react';
import { useEffect, useState } from 'react';
import { inputClass } from '@/components/ui/text-field';
import { cx } from '@/lib/cx';

/** A labelled search input that reports its value after the user pauses typing. */
export function SearchField({ id, label, placeholder, value, onSearch, delay = 300 }: { id: string; label: string; placeholder?: string; value: string; onSearch: (q: string) => void; delay?: number }) {
  const [text, setText] = useState(value);
  const [seen, setSeen] = useState(value);
  const [pushed, setPushed] = useState(value);
  // The value changed from elsewhere (Back, the header search): show it. Our own debounced value
  // coming back is ignored, so text typed meanwhile is kept.
  if (value !== seen) {
    setSeen(value);
    if (value !== pushed) setText(value);
  }

  useEffect(() => {
    if (text.trim() === value.trim()) return;
    const t = setTimeout(() => {
      setPushed(text.trim());
      onSearch(text.trim());
    }, delay);
    return () => clearTimeout(t);
  }, [text, value, delay, onSearch]);

  return (
    <div className="w-full sm:max-w-xs">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800 dark:text-slate-200">
        {label}
      </label>
      <div className="relative mt-1.5">
        <Search aria-hidden className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-slate-500 dark:text-slate-400" />
        <input id={id} type="search" value={text} placeholder={placeholder} onChange={(e) => setText(e.target.value)} autoComplete="off" className={cx(inputClass, 'pl-9')} />
      </div>
    </div>
  );
}
