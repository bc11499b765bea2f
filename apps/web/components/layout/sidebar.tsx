'use client';
import { Activity, BookOpen, Building2, FileText, GraduationCap, Landmark, LayoutDashboard, Library, ScrollText, ShieldCheck, Upload, UserCog, UsersRound, X, type LucideIcon } from 'lucide-react';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useEffect, useRef } from 'react';
import { Logo } from '@/components/ui/logo';
import { cx } from '@/lib/cx';
import { isActive, visibleNav, type NavIcon } from '@/lib/nav';
import { useUiStore } from '@/stores/ui-store';
import { useUserStore } from '@/stores/user-store';

const ICONS: Record<NavIcon, LucideIcon> = {
  dashboard: LayoutDashboard,
  colleges: Landmark,
  departments: Library,
  courses: BookOpen,
  students: GraduationCap,
  faculty: UsersRound,
  reports: FileText,
  imports: Upload,
  universities: Building2,
  health: Activity,
  users: UserCog,
  roles: ShieldCheck,
  audit: ScrollText,
};

/** The menu: only the entries the signed-in user's permissions allow. */
function NavList({ onNavigate }: { onNavigate?: () => void }) {
  const pathname = usePathname();
  const permissions = useUserStore((s) => s.me?.permissions ?? []);
  return (
    <div className="space-y-6">
      {visibleNav(permissions).map((section) => (
        <div key={section.label}>
          <p className="px-3 text-xs font-semibold tracking-wide text-slate-600 uppercase dark:text-slate-400">{section.label}</p>
          <ul className="mt-2 space-y-0.5">
            {section.items.map((item) => {
              const Icon = ICONS[item.icon];
              const active = isActive(pathname, item.href);
              return (
                <li key={item.href}>
                  <Link
                    href={item.href}
                    onClick={onNavigate}
                    aria-current={active ? 'page' : undefined}
                    className={cx(
                      'flex items-center gap-3 rounded-lg px-3 py-2 text-sm font-medium transition-colors',
                      active
                        ? 'bg-blue-50 text-blue-800 dark:bg-blue-500/15 dark:text-blue-200'
                        : 'text-slate-700 hover:bg-slate-100 hover:text-slate-900 dark:text-slate-300 dark:hover:bg-slate-800 dark:hover:text-white',
                    )}
                  >
                    <Icon aria-hidden className={cx('size-4', active ? 'text-blue-700 dark:text-blue-300' : 'text-slate-500 dark:text-slate-400')} />
                    {item.label}
                  </Link>
                </li>
              );
            })}
          </ul>
        </div>
      ))}
    </div>
  );
}

/** Always visible from the `lg` breakpoint. */
export function Sidebar() {
  return (
    <nav aria-label="Main" className="hidden w-64 shrink-0 border-r border-slate-200 bg-white lg:block dark:border-slate-800 dark:bg-slate-900">
      <div className="sticky top-16 max-h-[calc(100dvh-4rem)] overflow-y-auto px-3 py-6">
        <NavList />
      </div>
    </nav>
  );
}

/** Below `lg` the same menu opens as a modal drawer (native <dialog>: focus trap, Escape, inert page). */
export function MobileNav() {
  const open = useUiStore((s) => s.navOpen);
  const setOpen = useUiStore((s) => s.setNavOpen);
  const ref = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      aria-label="Main menu"
      onClose={() => setOpen(false)}
      onClick={(e) => {
        if (e.target === e.currentTarget) setOpen(false);
      }}
      className="m-0 h-dvh max-h-dvh w-72 max-w-[85vw] border-r border-slate-200 bg-white p-0 text-slate-900 backdrop:bg-slate-950/50 lg:hidden dark:border-slate-800 dark:bg-slate-900 dark:text-slate-100"
    >
      <div className="flex h-16 items-center justify-between border-b border-slate-200 px-4 dark:border-slate-800">
        <Logo />
        <button type="button" onClick={() => setOpen(false)} className="rounded-lg p-2 text-slate-600 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800" aria-label="Close menu">
          <X aria-hidden className="size-5" />
        </button>
      </div>
      <nav aria-label="Main" className="px-3 py-6">
        <NavList onNavigate={() => setOpen(false)} />
      </nav>
    </dialog>
  );
}
