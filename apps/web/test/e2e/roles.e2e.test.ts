import { BUILT_IN_ROLES } from '@bitflow/contracts';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { visibleNav } from '../../lib/nav';
import { PASSWORD, screenshot, usePortalAndBrowser, watchErrors } from './helpers';

// Issue #19 items 3 and 5: the portal shows each built-in role exactly what it may do. For every
// built-in role (a demo user each): the sidebar equals what lib/nav.ts allows for the role's
// permissions (packages/contracts BUILT_IN_ROLES), and each list page it can open shows its
// New / Trash / edit controls exactly when the role holds create / delete / update. A read-only user
// who types a form's address gets the "no access" page, not a form; a custom role with
// students.update but not students.view_sensitive saves a student (masked fields read-only).
// Sign-ins go through the API, the refresh cookie is handed to the browser: no sign-in form per role.

const VIEWPORT = { width: 1280, height: 900 };
const USERS: Record<string, string> = {
  bitflow_owner: 'owner@bitflow.demo',
  university_owner: 'owner@northbridge.demo',
  college_admin: 'admin.eng@northbridge.demo',
  registrar: 'registrar@northbridge.demo',
  viewer: 'viewer@northbridge.demo',
};

interface ListPage {
  href: string;
  entity: string;
  create: string;
  /** The list has a Trash view for holders of `${entity}.delete`. */
  trash?: boolean;
  /** Row names link to the edit form for holders of `${entity}.update`. */
  editLinks?: boolean;
  /** The record's own page, opened from the first row: its Edit (update) and Delete (delete) buttons, once `ready` shows. */
  detail?: { delete: boolean; ready: string };
}

const LISTS: ListPage[] = [
  { href: '/universities', entity: 'universities', create: 'New university' },
  { href: '/colleges', entity: 'colleges', create: 'New college', trash: true, editLinks: true },
  { href: '/departments', entity: 'departments', create: 'New department', trash: true, editLinks: true },
  { href: '/courses', entity: 'courses', create: 'New course', trash: true, detail: { delete: false, ready: 'h1:has-text("·")' } },
  { href: '/students', entity: 'students', create: 'New student', trash: true, detail: { delete: true, ready: '#student-facts' } },
  { href: '/faculty', entity: 'faculty', create: 'New faculty member', trash: true, editLinks: true },
  { href: '/users', entity: 'users', create: 'Add user' },
  { href: '/roles', entity: 'roles', create: 'New role' },
];

async function apiLogin(base: string, email: string, password = PASSWORD) {
  const res = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  expect(res.status, `sign-in of ${email}`).toBe(200);
  return ((await res.json()) as { data: { access_token: string; refresh_token: string } }).data;
}

/** A browser context signed in as `email`: the refresh cookie the API would set, so the portal restores the session. */
async function signedIn(browser: { newContext(o: object): Promise<BrowserContext> }, base: string, email: string, password = PASSWORD) {
  const { refresh_token } = await apiLogin(base, email, password);
  const context = await browser.newContext({ viewport: VIEWPORT });
  const cookie = { domain: 'localhost', secure: true, sameSite: 'Strict' as const };
  await context.addCookies([
    { name: 'bf_refresh', value: refresh_token, path: '/api/v1/auth', httpOnly: true, ...cookie },
    { name: 'bf_session', value: '1', path: '/', httpOnly: true, ...cookie },
  ]);
  const page = await context.newPage();
  return { context, page, errors: watchErrors(page) };
}

/** Waits for a list page's rows (and the end of its loading state). */
async function rowsLoaded(page: Page) {
  await page.locator('tbody tr').first().waitFor();
  await page.locator('[aria-busy="true"]').first().waitFor({ state: 'detached' });
}

const count = (page: Page, role: 'link' | 'button', name: string) => page.getByRole('main').getByRole(role, { name, exact: true }).count();

describe.skipIf(!!process.env.TEST_DATABASE_URL)('what each role sees in Chromium', () => {
  const ctx = usePortalAndBrowser();

  for (const role of BUILT_IN_ROLES) {
    it(`${role.name}: the menu and every list's controls follow the role's permissions`, async () => {
      const can = (p: string) => (role.permissions as readonly string[]).includes(p);
      const { context, page, errors } = await signedIn(ctx.browser, ctx.portal.base, USERS[role.name]!);
      await page.goto(`${ctx.portal.base}/dashboard`);
      const menu = page.getByRole('navigation', { name: 'Main' });
      await menu.getByRole('link').first().waitFor();
      const expected = visibleNav(role.permissions).flatMap((s) => s.items.map((i) => i.label));
      expect(await menu.getByRole('link').allTextContents()).toEqual(expected);

      for (const list of LISTS) {
        const item = visibleNav(role.permissions).flatMap((s) => s.items).find((i) => i.href === list.href);
        if (!item) continue;
        const at = `${role.name} ${list.href}`;
        await menu.getByRole('link', { name: item.label, exact: true }).click();
        await page.waitForURL(`${ctx.portal.base}${list.href}`);
        await rowsLoaded(page);
        const creates = (await count(page, 'link', list.create)) + (await count(page, 'button', list.create));
        expect(creates, `${at}: "${list.create}"`).toBe(can(`${list.entity}.create`) ? 1 : 0);
        if (list.trash) expect(await count(page, 'button', 'Trash'), `${at}: Trash`).toBe(can(`${list.entity}.delete`) ? 1 : 0);
        if (list.editLinks) expect((await page.locator('tbody a[href$="/edit"]').count()) > 0, `${at}: edit links`).toBe(can(`${list.entity}.update`));
        if (list.entity === 'users' && can('users.create')) {
          // It waits for the roles it may grant (GET /roles/grantable when the role cannot read /roles).
          await expect.poll(() => page.getByRole('button', { name: 'Add user' }).isEnabled(), { timeout: 10_000 }).toBe(true);
        }
        if (list.detail) {
          await page.locator('tbody tr').first().getByRole('link').first().click();
          await page.waitForURL(new RegExp(`${list.href}/[0-9a-f-]{36}$`));
          // The record's actions render with the record, after its own request (not the page's other lists).
          await page.locator(list.detail.ready).waitFor();
          expect(await count(page, 'link', 'Edit'), `${at}/{id}: Edit`).toBe(can(`${list.entity}.update`) ? 1 : 0);
          if (list.detail.delete) expect(await count(page, 'button', 'Delete'), `${at}/{id}: Delete`).toBe(can(`${list.entity}.delete`) ? 1 : 0);
        }
      }
      expect(errors).toEqual([]);
      await context.close();
    }, 90_000);
  }

  it('a read-only user who types a form address gets the no-access page, not the form', async () => {
    const { context, page } = await signedIn(ctx.browser, ctx.portal.base, USERS.viewer!);
    for (const [path, needs] of [
      ['/students/new', 'students.create'],
      ['/courses/new', 'courses.create'],
    ] as const) {
      await page.goto(`${ctx.portal.base}${path}`);
      await page.waitForURL(`${ctx.portal.base}/unauthorized?from=${encodeURIComponent(path)}&needs=${needs}`);
      await page.getByRole('heading', { name: 'You do not have access to this page' }).waitFor();
      await page.getByText(`Permission needed: ${needs}`).waitFor();
      expect(await page.locator('form').count()).toBe(0);
    }
    // An edit address too: the first student's, from the list the viewer may read.
    await page.goto(`${ctx.portal.base}/students`);
    await rowsLoaded(page);
    const href = (await page.locator('tbody tr').first().getByRole('link').first().getAttribute('href'))!;
    await page.goto(`${ctx.portal.base}${href}/edit`);
    await page.waitForURL(/\/unauthorized\?from=.*&needs=students\.update$/);
    expect(await page.locator('form').count()).toBe(0);
    await screenshot(page, 'roles-unauthorized');
    await context.close();
  }, 60_000);

  it('a role with students.update and faculty.update but not personal data saves both; the masked fields are read-only', async () => {
    const owner = await apiLogin(ctx.portal.base, USERS.university_owner!);
    const post = async (path: string, body: object) => {
      const res = await fetch(`${ctx.portal.base}/api/v1${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${owner.access_token}` }, body: JSON.stringify(body) });
      expect(res.status, `${path}: ${await res.clone().text()}`).toBe(201);
      return (await res.json()) as { message: string; data: { permissions?: string[] } };
    };
    // Asked for three permissions; the API adds what the forms need, and says so.
    const role = await post('/roles', { name: 'records_clerk', display_name: 'Records clerk', permissions: ['dashboard.view', 'students.update', 'faculty.update'] });
    expect(role.data.permissions).toEqual(['dashboard.view', 'departments.view', 'faculty.update', 'faculty.view', 'students.update', 'students.view']);
    expect(role.message).toContain('departments.view (for students.update)');
    await post('/users', { name: 'Rita Clerk', email: 'rita.clerk@northbridge.demo', password: 'Kestrel-Harbour-9051!', roles: ['records_clerk'] });

    const { context, page, errors } = await signedIn(ctx.browser, ctx.portal.base, 'rita.clerk@northbridge.demo', 'Kestrel-Harbour-9051!');
    await page.goto(`${ctx.portal.base}/students`);
    await rowsLoaded(page);
    expect(await count(page, 'link', 'New student')).toBe(0);
    await page.locator('tbody tr').first().getByRole('link').first().click();
    await page.getByRole('main').getByRole('link', { name: 'Edit', exact: true }).click();
    await page.waitForURL(/\/students\/[0-9a-f-]{36}\/edit$/);
    await page.getByLabel('First name').waitFor();
    // The four personal fields are shown, masked and locked, and are no inputs at all.
    expect(await page.locator('[data-readonly-field]').count()).toBe(4);
    expect(await page.getByRole('textbox', { name: 'Phone' }).count()).toBe(0);
    // The department select has its choices (departments.view came with the role).
    expect(await page.getByLabel('Department').locator('option').count()).toBeGreaterThan(1);
    await page.getByLabel('First name').fill('Rosalind');
    await screenshot(page, 'roles-student-edit-masked');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Changes saved.').waitFor();
    await page.getByRole('heading', { name: /^Rosalind / }).waitFor();

    // The faculty form (the generic record form): the masked phone is read-only, the rest saves.
    await page.goto(`${ctx.portal.base}/faculty`);
    await rowsLoaded(page);
    await page.locator('tbody a[href$="/edit"]').first().click();
    await page.waitForURL(/\/faculty\/[0-9a-f-]{36}\/edit$/);
    await page.getByLabel('Designation').waitFor();
    expect(await page.locator('[data-readonly-field]').count()).toBe(1);
    expect(await page.getByRole('textbox', { name: 'Phone' }).count()).toBe(0);
    await page.getByLabel('Designation').fill('Senior Lecturer');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.waitForURL(`${ctx.portal.base}/faculty`);
    await page.getByText('Changes saved.').waitFor();
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);

  // Last: it suspends the second demo university.
  it('a suspended university’s users see the operator’s reason, in the workspace and at sign-in', async () => {
    const { context, page } = await signedIn(ctx.browser, ctx.portal.base, 'owner@lakeside.demo');
    const god = await apiLogin(ctx.portal.base, USERS.bitflow_owner!);
    const auth = { 'content-type': 'application/json', authorization: `Bearer ${god.access_token}` };
    const universities = (await (await fetch(`${ctx.portal.base}/api/v1/universities?per_page=10`, { headers: auth })).json()) as { data: { items: { id: string; code: string }[] } };
    const lakeside = universities.data.items.find((u) => u.code !== 'NBU')!;
    const reason = 'The subscription ended on 30 November; renew it to restore access.';
    const res = await fetch(`${ctx.portal.base}/api/v1/universities/${lakeside.id}/suspend`, { method: 'POST', headers: auth, body: JSON.stringify({ reason }) });
    expect(res.status).toBe(200);

    await page.goto(`${ctx.portal.base}/dashboard`);
    await page.getByTestId('tenant-suspended').getByText(reason).waitFor();
    await page.goto(`${ctx.portal.base}/login`);
    await page.getByLabel('E-mail').fill('owner@lakeside.demo');
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('tenant-suspended').getByText(reason).waitFor();
    await screenshot(page, 'roles-login-suspended', false);
    await context.close();
  }, 60_000);
});
