import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations, screenshot, signIn, watchErrors, usePortalAndBrowser } from './helpers';

// The working journeys in Chromium against the built app (see helpers.ts): a student created,
// found, enrolled, deleted with undo and restored from the trash; a CSV import with a bad row;
// a PDF report generated and downloaded while its notice arrives live; God Mode impersonation.

describe.skipIf(!!process.env.TEST_DATABASE_URL)('records in Chromium', () => {
  const ctx = usePortalAndBrowser();

  const open = async (email: string) => {
    const page = await ctx.browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = watchErrors(page);
    await signIn(page, ctx.portal.base, email);
    return { page, errors };
  };
  const toast = (page: Page, text: string | RegExp) => page.locator('[aria-live="polite"]').getByText(text).last().waitFor();

  it('creates a student, finds it, enrols it, deletes it with undo and restores it from the trash', async () => {
    const { page, errors } = await open('registrar@northbridge.demo');
    await page.goto(`${ctx.portal.base}/students`);
    await page.getByRole('link', { name: 'New student' }).click();
    await page.waitForURL(/\/students\/new$/);

    // Client-side validation with the API's schema: nothing is sent until the form is valid.
    await page.getByRole('button', { name: 'Create student' }).click();
    await page.getByText('This field is required.').first().waitFor();
    await page.getByLabel('Admission number').fill('NBU-2026-0001');
    await page.getByLabel('Department').selectOption({ index: 1 });
    await page.getByLabel('First name').fill('Grace');
    await page.getByLabel('Last name').fill('Hopper');
    await page.getByLabel('E-mail').fill('not-an-email');
    await page.getByRole('button', { name: 'Create student' }).click();
    await page.getByText('Enter a valid e-mail address.').waitFor();
    await page.getByLabel('E-mail').fill('grace.hopper@students.northbridge.demo');
    // A duplicate admission number is the API's 409, shown on its field.
    await page.getByRole('button', { name: 'Create student' }).click();
    await page.getByText('A student with this admission number already exists.').waitFor();
    expect(await page.getByLabel('Admission number').getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'student-form-errors');
    await page.getByLabel('Admission number').fill('NBU-E2E-0001');
    await page.getByRole('button', { name: 'Create student' }).click();
    await page.waitForURL(/\/students\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name: 'Grace Hopper' }).waitFor();
    await toast(page, 'Grace Hopper was added.');

    // Enrol in a course; it shows in the student's enrolments.
    await page.getByLabel('Enrol in a course').selectOption({ index: 1 });
    const course = (await page.getByLabel('Enrol in a course').locator('option:checked').textContent())!.split(' · ')[0]!;
    await page.getByRole('button', { name: 'Enrol', exact: true }).click();
    await page.getByRole('table', { name: /Enrolments of Grace Hopper/ }).getByText(course).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'student-detail');

    // It is in the list and in the header's grouped search.
    await page.goto(`${ctx.portal.base}/students?q=Hopper`);
    await page.getByText('Showing 1–1 of 1 students').waitFor();
    await page.locator('#global-search').fill('Hopper');
    await page.getByRole('listbox', { name: 'Search results' }).getByRole('option', { name: /Grace Hopper/ }).waitFor();
    await screenshot(page, 'global-search');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Grace Hopper' }).waitFor();

    // Delete, undo from the toast, delete again, restore from the trash.
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.waitForURL(/\/students$/);
    await page.locator('[aria-live="polite"]').getByRole('button', { name: 'Undo' }).click();
    await page.getByRole('heading', { name: 'Grace Hopper' }).waitFor();
    await toast(page, 'Grace Hopper was restored.');
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.waitForURL(/\/students$/);
    await page.getByRole('button', { name: 'Trash' }).click();
    await page.waitForURL(/trashed=only/);
    const row = page.locator('tbody tr', { hasText: 'NBU-E2E-0001' });
    await row.waitFor();
    await screenshot(page, 'students-trash');
    await row.getByRole('button', { name: /Restore/ }).click();
    await toast(page, 'Grace Hopper was restored.');
    await page.getByText('The trash is empty').waitFor();
    await page.getByRole('button', { name: 'Leave trash' }).click();
    // The list follows the URL: typing before it has left the trash view would be reset by it.
    await page.waitForURL((u) => !u.search.includes('trashed'));
    await page.getByRole('button', { name: 'Trash' }).waitFor();
    await page.locator('#students-search').fill('NBU-E2E-0001');
    await page.getByText('Showing 1–1 of 1 students').waitFor();
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);

  it('imports a CSV with a bad row: dry run, error report, then the valid rows', async () => {
    const { page, errors } = await open('owner@northbridge.demo');
    await page.goto(`${ctx.portal.base}/students`);
    await page.getByRole('link', { name: 'Import CSV' }).click();
    await page.waitForURL(/\/imports\?entity=students$/);
    const csv = ['admission_number,first_name,last_name,email,department_code,year_of_study', 'NBU-IMP-0001,Alan,Turing,alan@students.northbridge.demo,CS,2', 'NBU-IMP-0002,,Nobody,not-an-email,NOPE,2'].join('\n');
    await page.getByLabel('CSV file').setInputFiles({ name: 'students.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Start dry run' }).click();
    const summary = page.getByTestId('import-summary');
    await summary.getByText('Dry run: Completed').waitFor();
    // One bad row, however many of its cells are wrong.
    expect(await summary.locator('dd').allTextContents()).toEqual(['1', '0', '1']);
    await screenshot(page, 'import-dry-run');
    expect(await axeViolations(page)).toEqual([]);

    // The error report names the row, the column and the problem.
    const [download] = await Promise.all([page.waitForEvent('download'), summary.getByRole('button', { name: 'Error report' }).click()]);
    const report = fs.readFileSync((await download.path())!, 'utf8');
    expect(report).toMatch(/^row,column,message/m);
    expect(report).toMatch(/3,first_name,/);
    expect(report).toMatch(/3,email,Enter a valid e-mail address/);

    // Nothing was written by the dry run; importing the valid rows adds the one good student.
    await summary.getByRole('button', { name: 'Import the valid rows' }).click();
    await summary.getByText('Import: Completed').waitFor();
    expect((await summary.locator('dd').allTextContents())[0]).toBe('1');
    await page.getByRole('table', { name: 'Recent imports' }).getByText('students.csv').first().waitFor();
    await page.goto(`${ctx.portal.base}/students?q=NBU-IMP`);
    await page.getByText('Showing 1–1 of 1 students').waitFor();
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);

  it('generates a PDF report, downloads it, and its notice arrives live', async () => {
    const { page, errors } = await open('owner@northbridge.demo');
    await page.goto(`${ctx.portal.base}/reports`);
    const bell = page.getByRole('button', { name: /^Notifications/ });
    const before = await bell.getAttribute('aria-label');
    await page.locator('#report-type').selectOption('student_roster');
    await page.locator('#report-format').selectOption('pdf');
    await page.getByRole('button', { name: 'Generate' }).click();
    // The "report ready" notice is pushed over the stream (polling is once a minute): a toast and the badge.
    await toast(page, 'Student roster is ready');
    await page.waitForFunction((b) => document.querySelector('button[aria-label^="Notifications"]')?.getAttribute('aria-label') !== b, before);
    expect(await bell.getAttribute('aria-label')).toMatch(/Notifications, \d+ unread/);
    const row = page.getByTestId('report-row').first();
    await row.getByText('Ready').waitFor();
    await screenshot(page, 'reports');
    const [download] = await Promise.all([page.waitForEvent('download'), row.getByRole('button', { name: 'Download' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^student-roster-.*\.pdf$/);
    expect(fs.readFileSync((await download.path())!).subarray(0, 5).toString()).toBe('%PDF-');

    // Schedule it weekly for two recipients; a bad address is named; then pause it.
    await page.getByLabel('Name', { exact: true }).fill('Weekly roster for the dean');
    await page.getByLabel('Timezone').selectOption('Europe/London');
    await page.getByLabel('Recipients').fill('dean@northbridge.demo, not-an-address');
    await page.getByRole('button', { name: 'Schedule report' }).click();
    await page.getByText('not-an-address: Enter a valid e-mail address.').waitFor();
    await page.getByLabel('Recipients').fill('dean@northbridge.demo, registrar@northbridge.demo');
    await page.getByRole('button', { name: 'Schedule report' }).click();
    const schedule = page.getByTestId('schedule-row').filter({ hasText: 'Weekly roster for the dean' });
    await schedule.getByText('0 7 * * 1').waitFor();
    await schedule.getByText(/2 recipients/).waitFor();
    await schedule.getByRole('button', { name: 'Pause Weekly roster for the dean' }).click();
    await schedule.getByText('Paused', { exact: true }).waitFor();
    await schedule.getByRole('button', { name: 'Resume Weekly roster for the dean' }).waitFor();
    await screenshot(page, 'reports-scheduled');
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);

  it('God Mode: impersonates a registrar with a reason behind a persistent banner, then ends it', async () => {
    const { page, errors } = await open('owner@bitflow.demo');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Platform health' }).click();
    await page.getByTestId('health-dependencies').getByText('Database').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'god-mode-health');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Universities' }).click();
    await page.getByRole('button', { name: 'Impersonate a user of Northbridge University' }).click();
    const panel = page.getByRole('region', { name: /Impersonate a user of Northbridge/ });
    const registrar = panel.getByLabel('User').locator('option', { hasText: 'registrar@northbridge.demo' });
    await registrar.waitFor({ state: 'attached' });
    await panel.getByLabel('User').selectOption((await registrar.getAttribute('value'))!);
    await panel.getByLabel('Reason').fill('short');
    await panel.getByRole('button', { name: 'Start impersonation' }).click();
    await panel.getByText('Give a reason of at least 10 characters.').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'god-mode-universities');
    await panel.getByLabel('Reason').fill('Ticket 4821: registrar cannot see spring courses');
    await panel.getByRole('button', { name: 'Start impersonation' }).click();
    await page.waitForURL(/\/dashboard$/);
    const banner = page.getByTestId('impersonation-banner');
    await banner.getByText(/You are acting as .*registrar@northbridge\.demo/).waitFor();
    // The banner stays while moving around; the menu is the registrar's (no God Mode).
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Students' }).click();
    await page.getByText(/^Showing 1–15 of 2\d\d students/).waitFor();
    await banner.waitFor();
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Universities' }).count()).toBe(0);
    await screenshot(page, 'impersonation-banner');

    await banner.getByRole('button', { name: 'End impersonation' }).click();
    await page.waitForURL(/\/universities$/);
    await banner.waitFor({ state: 'detached' });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Platform health' }).waitFor();
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);

  it('creates a college, a department in it, a course and a faculty member; edits the course; deletes with undo', async () => {
    const { page, errors } = await open('owner@lakeside.demo');
    await page.goto(`${ctx.portal.base}/colleges`);
    await page.getByRole('link', { name: 'New college' }).click();
    await page.getByRole('button', { name: 'Create college' }).click();
    await page.getByText('This field is required.').first().waitFor();
    await page.getByLabel('Name').fill('College of Arts');
    await page.getByLabel('Code').fill('ART');
    await page.getByRole('button', { name: 'Create college' }).click();
    await page.waitForURL(/\/colleges$/);
    await toast(page, 'College of Arts was added.');

    await page.goto(`${ctx.portal.base}/departments/new`);
    await page.getByLabel('College').selectOption({ label: 'College of Arts (ART)' });
    await page.getByLabel('Name').fill('Painting');
    await page.getByLabel('Code').fill('PNT');
    await page.getByRole('button', { name: 'Create department' }).click();
    await page.waitForURL(/\/departments$/);

    await page.goto(`${ctx.portal.base}/courses/new`);
    await page.getByLabel('College').selectOption({ label: 'College of Arts (ART)' });
    await page.getByLabel('Department').selectOption({ label: 'Painting (PNT)' });
    await page.getByLabel('Code').fill('PNT101');
    await page.getByLabel('Title').fill('Oil Painting');
    await page.getByLabel('Term').fill('fall 2026');
    await page.getByLabel('Capacity').fill('12');
    await page.getByRole('button', { name: 'Create course' }).click();
    await page.getByText('Use a term like 2026-FA (SP, SU, FA or WI).').waitFor();
    await page.getByLabel('Term').fill('2026-FA');
    await page.getByRole('button', { name: 'Create course' }).click();
    await page.waitForURL(/\/courses\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name: 'PNT101 · Oil Painting' }).waitFor();

    // Editing loads the saved values (the department select shows it) and sends only the change.
    await page.getByRole('link', { name: 'Edit' }).click();
    await page.waitForURL(/\/edit$/);
    await page.getByLabel('Capacity').waitFor();
    // The department select mounts once its choices have loaded, with the saved one selected.
    await page.getByLabel('Department').locator('option:checked', { hasText: 'Painting (PNT)' }).waitFor({ state: 'attached' });
    expect(await page.getByLabel('Capacity').inputValue()).toBe('12');
    await page.getByLabel('Capacity').fill('25');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('heading', { name: 'PNT101 · Oil Painting' }).waitFor();
    await page.getByText('Seats left').locator('..').getByText('25').waitFor();
    expect(await axeViolations(page)).toEqual([]);

    // A faculty member whose employee id is taken: the API's 409 on the field.
    await page.goto(`${ctx.portal.base}/faculty?sort=employee_id`);
    await page.getByText(/^Showing 1–/).waitFor();
    const taken = (await page.locator('tbody tr td').first().textContent())!.trim();
    expect(taken).not.toBe('');
    await page.getByRole('link', { name: 'New faculty member' }).click();
    await page.getByLabel('Employee id').fill(taken);
    await page.getByLabel('Department').selectOption({ label: 'Painting (PNT)' });
    await page.getByLabel('First name').fill('Frida');
    await page.getByLabel('Last name').fill('Kahlo');
    await page.getByRole('button', { name: 'Create faculty member' }).click();
    await page.getByText('A faculty member with this employee id already exists.').waitFor();
    expect(await page.getByLabel('Employee id').getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'faculty-form-conflict');
    await page.getByLabel('Employee id').fill('LIT-F-ART-1');
    await page.getByRole('button', { name: 'Create faculty member' }).click();
    await page.waitForURL(/\/faculty$/);
    await toast(page, 'Frida Kahlo was added.');

    // Delete the department from its edit page, then undo.
    await page.goto(`${ctx.portal.base}/departments?q=PNT`);
    await page.getByRole('link', { name: 'Painting' }).click();
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.waitForURL(/\/departments$/);
    await page.locator('[aria-live="polite"]').getByRole('button', { name: 'Undo' }).click();
    await toast(page, 'Painting was restored.');
    await page.goto(`${ctx.portal.base}/departments?q=PNT`);
    await page.getByText('Showing 1–1 of 1 departments').waitFor();
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);
});
