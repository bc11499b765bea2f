import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, fillSignIn, launchBrowser, PASSWORD, screenshot, signIn, startPortal, watchErrors, type Portal } from './helpers';

// The signed-in portal in Chromium against the built app (see helpers.ts): the server-paginated,
// searchable, sortable lists; one university never seeing another's data; a menu made of the
// user's permissions with /unauthorized for the rest; the phone-width drawer.

describe.skipIf(!!process.env.TEST_DATABASE_URL)('portal in Chromium', () => {
  let portal: Portal;
  let browser: Browser;

  beforeAll(async () => {
    [portal, browser] = await Promise.all([startPortal(), launchBrowser()]);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await portal?.stop();
  });

  it('lists students with search, sorting and paging kept in the URL', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = watchErrors(page);
    await signIn(page, portal.base, 'owner@northbridge.demo');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Students' }).click();
    await page.waitForURL(`${portal.base}/students`);
    await page.getByText('Showing 1–15 of 200 students').waitFor();
    expect(await page.title()).toBe('Students · Bitflow Owner Portal');
    expect(await page.getByRole('navigation', { name: 'Breadcrumb' }).textContent()).toBe('HomePeopleStudents');

    // Sort by admission number, then reverse it.
    const header = page.getByRole('columnheader', { name: 'Admission no.' });
    await header.getByRole('button').click();
    await page.waitForURL(/sort=admission_number/);
    await page.locator('th[aria-sort="ascending"]', { hasText: 'Admission no.' }).waitFor();
    await page.locator('tbody tr').first().filter({ hasText: 'NBU-2026-0001' }).waitFor();
    await header.getByRole('button').click();
    await page.waitForURL(/sort=-admission_number/);
    await page.locator('tbody tr').first().filter({ hasText: 'NBU-2026-0200' }).waitFor();

    // Next page, then 50 per page.
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByText('Showing 16–30 of 200 students').waitFor();
    await page.getByLabel('Rows per page').selectOption('50');
    await page.getByText('Showing 1–50 of 200 students').waitFor();
    expect(await page.locator('tbody tr').count()).toBe(50);

    // Search (debounced into ?q=); Back restores the previous list.
    await page.getByLabel('Search students', { exact: true }).first().waitFor();
    await page.locator('#students-search').fill('NBU-2026-0007');
    await page.getByText('Showing 1–1 of 1 students').waitFor();
    expect(page.url()).toContain('q=NBU-2026-0007');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'students-search');
    await page.goBack();
    await page.getByText('Showing 1–50 of 200 students').waitFor();
    expect(await page.locator('#students-search').inputValue()).toBe('');
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('shows a university only its own data', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, portal.base, 'owner@lakeside.demo');
    expect(await page.getByTestId('count-students').textContent()).toBe('120');
    await page.goto(`${portal.base}/students?q=NBU-`);
    await page.getByText('No students match “NBU-”').waitFor();
    await screenshot(page, 'students-empty');
    await page.getByRole('button', { name: 'Clear search' }).click();
    await page.getByText('Showing 1–15 of 120 students').waitFor();
    for (const path of ['/colleges', '/departments', '/courses', '/faculty']) {
      await page.goto(`${portal.base}${path}`);
      await page.getByText(/^Showing 1–\d+ of \d+ /).waitFor();
      expect(await page.locator('tbody').textContent()).not.toMatch(/Northbridge|NBU-/);
    }
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  }, 60_000);

  it('builds the menu from permissions and sends other pages to /unauthorized', async () => {
    // A custom role with two permissions, and a user holding it, created by the university owner.
    const login = await fetch(`${portal.base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'owner@northbridge.demo', password: PASSWORD }) });
    const token = ((await login.json()) as { data: { access_token: string } }).data.access_token;
    const post = async (path: string, body: object) => {
      const res = await fetch(`${portal.base}/api/v1${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
      expect(res.status, `${path}: ${await res.clone().text()}`).toBe(201);
    };
    await post('/roles', { name: 'admissions_desk', display_name: 'Admissions desk', permissions: ['dashboard.view', 'students.view'] });
    await post('/users', { name: 'Ada Desk', email: 'desk@northbridge.demo', password: 'Kestrel-Harbour-9051!', roles: ['admissions_desk'] });

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = watchErrors(page);
    await page.goto(`${portal.base}/login`);
    await fillSignIn(page, 'desk@northbridge.demo', 'Kestrel-Harbour-9051!');
    await page.waitForURL(`${portal.base}/dashboard`);
    const menu = page.getByRole('navigation', { name: 'Main' });
    await menu.getByRole('link').first().waitFor();
    expect(await menu.getByRole('link').allTextContents()).toEqual(['Dashboard', 'Students']);
    await page.goto(`${portal.base}/reports`);
    await page.waitForURL(`${portal.base}/unauthorized?from=%2Freports`);
    await page.getByRole('heading', { name: 'You do not have access to this page' }).waitFor();
    await screenshot(page, 'unauthorized');
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('works at phone width: a college admin sees their college through the drawer menu', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const errors = watchErrors(page);
    await signIn(page, portal.base, 'admin.eng@northbridge.demo');
    const count = Number(await page.getByTestId('count-students').textContent());
    expect(count).toBeGreaterThan(0);
    expect(count).toBeLessThan(200);
    await page.locator('.recharts-bar-rectangle').first().waitFor();
    // Nothing overflows sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'dashboard-phone');

    await page.getByRole('button', { name: 'Open menu' }).click();
    const drawer = page.getByRole('dialog', { name: 'Main menu' });
    await drawer.waitFor();
    expect(await drawer.getByRole('link').allTextContents()).toEqual(['Dashboard', 'Colleges', 'Departments', 'Courses', 'Students', 'Faculty', 'Reports', 'Users', 'Audit log']);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'menu-phone', false);
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });

    await page.getByRole('button', { name: 'Open menu' }).click();
    await drawer.getByRole('link', { name: 'Students' }).click();
    await page.waitForURL(`${portal.base}/students`);
    await drawer.waitFor({ state: 'hidden' });
    await page.getByText(new RegExp(`of ${count} students`)).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'students-phone');
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});
