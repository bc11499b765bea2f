'use client';
import type { Role } from '@bitflow/contracts';
import { cx } from '@/lib/cx';

/** What the checklist shows of a role; a role the editor cannot grant is listed without its timestamps. */
export type ChecklistRole = Pick<Role, 'id' | 'name' | 'display_name' | 'description' | 'level' | 'is_system'>;

/** A fieldset of role checkboxes (value: role names), with its error announced. */
export function RoleChecklist({ id, roles, value, onChange, error }: { id: string; roles: ChecklistRole[]; value: string[]; onChange: (names: string[]) => void; error?: string }) {
  return (
    <fieldset aria-describedby={error ? `${id}-error` : undefined} aria-invalid={error ? true : undefined}>
      <legend className="text-sm font-medium text-slate-800 dark:text-slate-200">Roles</legend>
      {roles.length === 0 ? (
        <p className="mt-1.5 text-sm text-slate-600 dark:text-slate-400">There are no roles you can grant.</p>
      ) : (
        <ul className={cx('mt-1.5 divide-y divide-slate-100 rounded-lg border dark:divide-slate-800', error ? 'border-red-600' : 'border-slate-200 dark:border-slate-700')}>
          {roles.map((r) => {
            const inputId = `${id}-${r.name}`;
            return (
              <li key={r.id} className="flex items-start gap-3 px-3 py-2.5">
                <input
                  id={inputId}
                  type="checkbox"
                  checked={value.includes(r.name)}
                  onChange={(e) => onChange(e.target.checked ? [...value, r.name] : value.filter((n) => n !== r.name))}
                  className="mt-0.5 size-4 rounded border-slate-400 accent-blue-700"
                />
                <label htmlFor={inputId} className="min-w-0 text-sm">
                  <span className="font-medium text-slate-900 dark:text-slate-100">{r.display_name}</span>
                  {!r.is_system && <span className="ml-2 rounded-full bg-violet-50 px-1.5 py-0.5 text-xs font-medium text-violet-800 dark:bg-violet-500/15 dark:text-violet-200">Custom</span>}
                  {r.level === 'college' && <span className="ml-2 text-xs text-slate-600 dark:text-slate-400">(one college)</span>}
                  {r.description && <span className="block text-xs text-slate-600 dark:text-slate-400">{r.description}</span>}
                </label>
              </li>
            );
          })}
        </ul>
      )}
      {error && (
        <p id={`${id}-error`} className="mt-1.5 text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
    </fieldset>
  );
}
