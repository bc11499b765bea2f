import { ALL_PERMISSIONS, type Permission } from '@bitflow/contracts';

// Routes of the signed-in portal: sidebar entries, breadcrumb labels and the permission each page
// needs. The (app) layout sends a user without that permission to /unauthorized; the sidebar hides
// the entry. The API checks the same permission on every request, so this is guidance, not the wall.

export type NavIcon = 'dashboard' | 'colleges' | 'departments' | 'courses' | 'students' | 'faculty' | 'reports' | 'imports' | 'universities' | 'health' | 'users' | 'roles' | 'audit';

export interface NavItem {
  href: string;
  label: string;
  icon: NavIcon;
  permission: Permission;
  /** The entity whose create/update permissions guard this list's /new and /{id}/edit pages (default: the permission's). */
  entity?: string;
}

export interface NavSection {
  label: string;
  items: NavItem[];
}

export const NAV: NavSection[] = [
  { label: 'Overview', items: [{ href: '/dashboard', label: 'Dashboard', icon: 'dashboard', permission: 'dashboard.view' }] },
  {
    label: 'God Mode',
    items: [
      { href: '/universities', label: 'Universities', icon: 'universities', permission: 'god_mode.access', entity: 'universities' },
      { href: '/god-mode', label: 'Platform health', icon: 'health', permission: 'god_mode.access' },
    ],
  },
  {
    label: 'Academics',
    items: [
      { href: '/colleges', label: 'Colleges', icon: 'colleges', permission: 'colleges.view' },
      { href: '/departments', label: 'Departments', icon: 'departments', permission: 'departments.view' },
      { href: '/courses', label: 'Courses', icon: 'courses', permission: 'courses.view' },
    ],
  },
  {
    label: 'People',
    items: [
      { href: '/students', label: 'Students', icon: 'students', permission: 'students.view' },
      { href: '/faculty', label: 'Faculty', icon: 'faculty', permission: 'faculty.view' },
      { href: '/imports', label: 'Imports', icon: 'imports', permission: 'imports.create' },
    ],
  },
  { label: 'Insight', items: [{ href: '/reports', label: 'Reports', icon: 'reports', permission: 'reports.view' }] },
  {
    label: 'Administration',
    items: [
      { href: '/users', label: 'Users', icon: 'users', permission: 'users.view' },
      { href: '/roles', label: 'Roles', icon: 'roles', permission: 'roles.view' },
      { href: '/audit', label: 'Audit log', icon: 'audit', permission: 'audit_logs.view' },
    ],
  },
];

const ITEMS = NAV.flatMap((s) => s.items);

/** The nav entry a path belongs to (longest matching prefix), if any. */
export function routeOf(pathname: string): NavItem | undefined {
  return ITEMS.filter((i) => pathname === i.href || pathname.startsWith(`${i.href}/`)).sort((a, b) => b.href.length - a.href.length)[0];
}

/**
 * Every permission a page needs: its section's, plus the action's on a form page — /students/new
 * needs students.create and /students/{id}/edit students.update, so a viewer who types the address
 * gets the "no access" page rather than a form the API would refuse.
 */
export function pagePermissions(pathname: string): Permission[] {
  const route = routeOf(pathname);
  if (!route) return [];
  const entity = route.entity ?? route.permission.split('.')[0]!;
  const rest = pathname.slice(route.href.length);
  const action = rest === '/new' ? 'create' : /^\/[^/]+\/edit$/.test(rest) ? 'update' : null;
  const needed = action && permissionNamed(`${entity}.${action}`);
  return needed ? [route.permission, needed] : [route.permission];
}

/** The catalogue's permission of this name (an entity without that action has no such form page). */
function permissionNamed(name: string): Permission | undefined {
  return ALL_PERMISSIONS.find((p) => p === name);
}

export function isActive(pathname: string, href: string): boolean {
  return pathname === href || pathname.startsWith(`${href}/`);
}

/** Sections with only the entries these permissions allow; empty sections are dropped. */
export function visibleNav(permissions: readonly string[]): NavSection[] {
  return NAV.map((s) => ({ ...s, items: s.items.filter((i) => permissions.includes(i.permission)) })).filter((s) => s.items.length > 0);
}

/** Where to land after sign-in: the requested page if safe, else the first page the user may open. */
export function landingPath(permissions: readonly string[], requested?: string | null): string {
  if (requested && requested.startsWith('/') && !requested.startsWith('//') && !requested.includes('\\') && !requested.startsWith('/login')) return requested;
  return ITEMS.find((i) => permissions.includes(i.permission))?.href ?? '/dashboard';
}
