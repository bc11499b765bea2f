'use client';
import { PERMISSION_CATALOGUE, prerequisitesOf, withPrerequisites, type Permission } from '@bitflow/contracts';
import { useEffect, useRef } from 'react';
import { humanize } from '@/lib/format';

// Entities × actions: one checkbox per permission of the catalogue (packages/contracts), a tri-state
// checkbox per row for the whole entity. Permissions the editor does not hold cannot be granted
// (the API refuses them) and are shown disabled. God Mode permissions never go into custom roles.
// Checking a permission also checks what it needs to be usable (packages/contracts prerequisites:
// students.update needs students.view and, for the form's department select, departments.view);
// those stay checked, and locked, while something needs them. The API applies the same rule.

const ENTITIES = (Object.keys(PERMISSION_CATALOGUE) as (keyof typeof PERMISSION_CATALOGUE)[]).filter((e) => e !== 'god_mode');
const ACTIONS = ['view', 'create', 'update', 'delete', 'restore', 'view_sensitive', 'export', 'suspend', 'purge'] as const;
const ACTION_LABELS: Record<string, string> = { view_sensitive: 'View personal data' };
const ENTITY_LABELS: Record<string, string> = { audit_logs: 'Audit log', scheduled_reports: 'Scheduled reports', enrollments: 'Enrolments' };

export const MATRIX_PERMISSIONS: string[] = ENTITIES.flatMap((e) => (PERMISSION_CATALOGUE[e] as readonly string[]).map((a) => `${e}.${a}`));

const entityLabel = (e: string) => ENTITY_LABELS[e] ?? humanize(e);
const actionLabel = (a: string) => ACTION_LABELS[a] ?? humanize(a);

/** "Students: Update" for students.update. */
export function permissionLabel(p: string): string {
  const [e, a] = p.split('.') as [string, string];
  return `${entityLabel(e)}: ${actionLabel(a)}`;
}

/** For each selected permission another selected one needs: the first that needs it. */
export function neededBy(selected: readonly string[]): Map<string, string> {
  const has = new Set(selected);
  const out = new Map<string, string>();
  for (const q of selected) {
    if (!(q.split('.')[0]! in PERMISSION_CATALOGUE)) continue;
    for (const p of prerequisitesOf(q as Permission)) if (has.has(p) && !out.has(p)) out.set(p, q);
  }
  return out;
}

function RowToggle({ id, label, checked, indeterminate, disabled, onChange }: { id: string; label: string; checked: boolean; indeterminate: boolean; disabled: boolean; onChange: (on: boolean) => void }) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = indeterminate;
  }, [indeterminate]);
  return (
    <div className="flex items-center gap-2">
      <input ref={ref} id={id} type="checkbox" checked={checked} disabled={disabled} onChange={(e) => onChange(e.target.checked)} className="size-4 accent-blue-700 disabled:opacity-40" />
      <label htmlFor={id} className="font-medium whitespace-nowrap text-slate-900 dark:text-slate-100">
        {label}
      </label>
    </div>
  );
}

export function PermissionMatrix({
  value,
  onChange,
  grantable,
  descriptions,
  readOnly = false,
}: {
  value: string[];
  onChange: (next: string[]) => void;
  /** Permissions the editor may grant; the others are disabled. */
  grantable: readonly string[];
  descriptions: Record<string, string>;
  readOnly?: boolean;
}) {
  const selected = new Set(value);
  const set = (names: string[], on: boolean) => {
    const next = new Set(selected);
    for (const n of names) {
      if (on) next.add(n);
      else next.delete(n);
    }
    const closed = new Set(withPrerequisites([...next]).permissions);
    onChange(MATRIX_PERMISSIONS.filter((p) => closed.has(p)).concat([...closed].filter((p) => !MATRIX_PERMISSIONS.includes(p))));
  };
  const usable = (p: string) => !readOnly && grantable.includes(p);
  const needs = neededBy(value);

  return (
    <div className="overflow-x-auto rounded-xl border border-slate-200 dark:border-slate-800">
      <table className="min-w-full text-sm" data-testid="permission-matrix">
        <caption className="sr-only">Permissions by entity and action</caption>
        <thead className="border-b border-slate-200 bg-slate-50 text-xs font-semibold tracking-wide text-slate-600 uppercase dark:border-slate-800 dark:bg-slate-800/60 dark:text-slate-400">
          <tr>
            <th scope="col" className="px-4 py-2.5 text-left">
              Entity
            </th>
            {ACTIONS.map((a) => (
              <th key={a} scope="col" className="px-2 py-2.5 text-center whitespace-nowrap">
                {actionLabel(a)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {ENTITIES.map((e) => {
            const perms = (PERMISSION_CATALOGUE[e] as readonly string[]).map((a) => `${e}.${a}`);
            const toggleable = perms.filter(usable);
            const on = perms.filter((p) => selected.has(p));
            return (
              <tr key={e} className="hover:bg-slate-50 dark:hover:bg-slate-800/40">
                <th scope="row" className="px-4 py-2 text-left font-normal">
                  <RowToggle
                    id={`perm-row-${e}`}
                    label={entityLabel(e)}
                    checked={on.length > 0 && on.length === perms.length}
                    indeterminate={on.length > 0 && on.length < perms.length}
                    disabled={toggleable.length === 0}
                    onChange={(checked) => set(toggleable, checked)}
                  />
                </th>
                {ACTIONS.map((a) => {
                  const name = `${e}.${a}`;
                  if (!perms.includes(name)) return <td key={a} className="px-2 py-2" />;
                  const by = readOnly ? undefined : needs.get(name);
                  const disabled = !usable(name) || !!by;
                  return (
                    <td key={a} className="px-2 py-2 text-center">
                      <input
                        type="checkbox"
                        aria-label={`${entityLabel(e)}: ${actionLabel(a)}`}
                        title={by ? `Needed by ${permissionLabel(by)}` : (descriptions[name] ?? name)}
                        data-needed-by={by}
                        data-permission={name}
                        checked={selected.has(name)}
                        disabled={disabled}
                        onChange={(ev) => set([name], ev.target.checked)}
                        className="size-4 accent-blue-700 disabled:opacity-40"
                      />
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
