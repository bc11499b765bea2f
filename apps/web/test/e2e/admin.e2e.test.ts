import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTotp } from '../../../api/src/platform/crypto/totp';
import { Database } from '../../../api/src/platform/sqlite-driver';
import { axeViolations, fillSignIn, launchBrowser, screenshot, signIn, startPortal, watchErrors, type Portal } from './helpers';

// Administration pages in Chromium against the built app (see helpers.ts): a custom role built in
// the permission matrix and given to a new user; the audit log showing that change with a verified
// chain and a CSV export; profile security (revoke another session, change the password, sign in
// with the new one); the notifications page clearing the header bell. Every page gets an axe scan.

const VIEWPORT = { width: 1280, height: 900 };
const NEW_PASSWORD = 'Quartz-Meadow-4417!';

/** Waits until no list is loading and its fade back to full opacity (150 ms) is over, for axe. */
async function settled(page: Page) {
  await page.locator('[aria-busy="true"]').first().waitFor({ state: 'detached' });
  await page.waitForTimeout(300);
}

async function focusInDialog(page: Page): Promise<boolean> {
  return page.evaluate(() => !!document.activeElement?.closest('dialog[open]'));
}

describe.skipIf(!!process.env.TEST_DATABASE_URL)('administration pages in Chromium', () => {
  let portal: Portal;
  let browser: Browser;
  let owner: Page;
  let ownerErrors: string[];

  beforeAll(async () => {
    [portal, browser] = await Promise.all([startPortal(), launchBrowser()]);
    owner = await browser.newPage({ viewport: VIEWPORT });
    ownerErrors = watchErrors(owner);
    await signIn(owner, portal.base, 'owner@northbridge.demo');
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await portal?.stop();
  });

  it('builds a custom role in the permission matrix and gives it to a new user', async () => {
    const page = owner;
    const menu = page.getByRole('navigation', { name: 'Main' });
    await menu.getByRole('link', { name: 'Roles' }).click();
    await page.waitForURL(`${portal.base}/roles`);
    await page.locator('tbody tr', { hasText: 'university_owner' }).waitFor();
    expect(await page.title()).toBe('Roles · Bitflow Owner Portal');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'admin-roles');

    await page.getByRole('link', { name: 'New role' }).click();
    await page.waitForURL(`${portal.base}/roles/new`);
    await page.getByLabel('Display name').fill('Exam Office');
    expect(await page.getByLabel('Key').inputValue()).toBe('exam_office');
    await page.getByLabel('Students: View', { exact: true }).check();
    await page.getByLabel('Courses: View', { exact: true }).check();
    await page.getByLabel('Enrolments', { exact: true }).check(); // the whole row
    expect(await page.getByLabel('Enrolments: Restore').isChecked()).toBe(true);
    // God Mode is never offered; platform-only permissions are not grantable by a university owner.
    expect(await page.locator('[data-permission^="god_mode."]').count()).toBe(0);
    expect(await page.getByLabel('Universities: Purge').isDisabled()).toBe(true);
    await page.getByText('8 of').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.evaluate(() => window.scrollTo(0, 0)); // the sticky header stays at the top of the capture
    await screenshot(page, 'admin-role-matrix');
    await page.getByRole('button', { name: 'Create role' }).click();
    await page.waitForURL(`${portal.base}/roles`);
    await page.getByText('The role “Exam Office” was created.').waitFor();
    await page.locator('tbody tr', { hasText: 'exam_office' }).waitFor();
    // Edit it: one permission less.
    await page.getByRole('link', { name: 'Edit Exam Office' }).click();
    await page.waitForURL(/\/roles\/[0-9a-f-]{36}$/);
    expect(await page.getByLabel('Key').getAttribute('readonly')).not.toBeNull();
    // Courses: View is locked while Enrolments: Create needs it (the enrol form picks a course).
    expect(await page.getByLabel('Courses: View', { exact: true }).isDisabled()).toBe(true);
    await page.getByTestId('permission-prerequisites').getByText('Courses: View').waitFor();
    await page.getByLabel('Enrolments: Restore').uncheck();
    await page.getByText('7 of').waitFor();
    await page.getByRole('button', { name: 'Save role' }).click();
    await page.getByText('The role “Exam Office” was saved. Its holders have the new permissions now.').waitFor();
    await page.waitForURL(`${portal.base}/roles`);
    // Built-in roles open read-only.
    await page.getByRole('link', { name: 'View Registrar' }).click();
    await page.getByRole('heading', { name: 'Registrar', level: 1 }).waitFor();
    expect(await page.getByLabel('Students: View', { exact: true }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Save role' }).count()).toBe(0);
    await page.getByRole('link', { name: 'Back to roles' }).click();
    await page.waitForURL(`${portal.base}/roles`);

    // Add a user with an initial password: the API's field errors land under the fields.
    await menu.getByRole('link', { name: 'Users' }).click();
    await page.waitForURL(`${portal.base}/users`);
    await page.getByText(/^Showing 1–\d+ of \d+ users/).waitFor();
    await settled(page);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'admin-users');
    await page.getByRole('button', { name: 'Add user' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a user' });
    await dialog.waitFor();
    expect(await focusInDialog(page)).toBe(true);
    await dialog.getByRole('radio', { name: /Set a password/ }).check();
    await dialog.getByLabel('Full name').fill('Esme Okafor');
    await dialog.getByLabel('E-mail', { exact: true }).fill('registrar@northbridge.demo');
    await dialog.getByLabel('Initial password').fill('short');
    await dialog.getByRole('checkbox', { name: /Exam Office/ }).check();
    await dialog.getByRole('button', { name: 'Create user' }).click();
    await dialog.locator('#user-password-error, #user-email-error').first().waitFor();
    await dialog.getByLabel('Initial password').fill('Kestrel-Harbour-9051!');
    await dialog.getByRole('button', { name: 'Create user' }).click();
    await dialog.locator('#user-email-error', { hasText: 'A user with this e-mail already exists.' }).waitFor();
    expect(await dialog.getByLabel('E-mail', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'admin-user-dialog-errors', false);
    await dialog.getByLabel('E-mail', { exact: true }).fill('esme.okafor@northbridge.demo');
    await dialog.getByRole('button', { name: 'Create user' }).click();
    await page.getByText('Esme Okafor can now sign in as esme.okafor@northbridge.demo.').waitFor();
    await dialog.waitFor({ state: 'hidden' });

    await page.locator('#users-search').fill('Esme');
    await page.getByText('Showing 1–1 of 1 users').waitFor();
    const row = page.locator('tbody tr', { hasText: 'Esme Okafor' });
    const rolesCell = row.locator('td').nth(1);
    await rolesCell.getByText('Exam Office').waitFor();

    // Edit roles: add the read-only role.
    await row.getByRole('button', { name: 'Edit Esme Okafor' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit Esme Okafor' });
    await edit.getByRole('checkbox', { name: /Read-only/ }).check();
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await edit.waitFor({ state: 'hidden' });
    await rolesCell.getByText('Read-only').waitFor();
    // Focus went back to the button that opened the dialog.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Edit Esme Okafor');

    // The new user signs in with the role's permissions and has no administration menu.
    const esme = await browser.newPage({ viewport: VIEWPORT });
    await esme.goto(`${portal.base}/login`);
    await fillSignIn(esme, 'esme.okafor@northbridge.demo', 'Kestrel-Harbour-9051!');
    await esme.waitForURL(`${portal.base}/dashboard`);
    const esmeMenu = esme.getByRole('navigation', { name: 'Main' });
    await esmeMenu.getByRole('link', { name: 'Students' }).waitFor();
    expect(await esmeMenu.getByRole('link', { name: 'Users' }).count()).toBe(0);
    await esme.close();

    // Deactivate asks first, then signs them out everywhere.
    await row.getByRole('button', { name: 'Deactivate Esme Okafor' }).click();
    const confirm = page.getByRole('dialog', { name: 'Deactivate Esme Okafor?' });
    await confirm.getByRole('button', { name: 'Deactivate' }).click();
    await row.getByText('Disabled').waitFor();

    // A role still held by someone cannot be deleted: the failure is a toast and the dialog stays.
    await menu.getByRole('link', { name: 'Roles' }).click();
    await page.getByRole('button', { name: 'Delete Exam Office' }).click();
    const del = page.getByRole('dialog', { name: 'Delete “Exam Office”?' });
    await del.getByRole('button', { name: 'Delete role' }).click();
    await page.getByText('This role is still assigned to users. Reassign them first.').waitFor();
    expect(await del.isVisible()).toBe(true);
    await del.getByRole('button', { name: 'Cancel' }).click();
    await del.waitFor({ state: 'hidden' });
    expect(ownerErrors).toEqual([]);
  }, 120_000);

  it('shows the change in the audit log, verifies the chain and exports CSV', async () => {
    const page = owner;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' }).click();
    await page.waitForURL(`${portal.base}/audit`);
    await page.getByText(/^Showing 1–\d+ of \d+ entries/).waitFor();
    await page.getByLabel('Entity type').selectOption('role');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/entity_type=role/);
    const row = page.locator('tbody tr', { hasText: 'roles.created' });
    await row.waitFor();
    expect(await row.textContent()).toContain('Northbridge'); // the actor's name, not an id
    await row.getByRole('button', { name: /^View details of Roles created/ }).click();
    const detail = page.getByRole('dialog', { name: 'Roles created' });
    await detail.getByTestId('audit-changes').getByText('exam_office').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'admin-audit-detail', false);
    await page.keyboard.press('Escape');
    await detail.waitFor({ state: 'hidden' });

    await page.getByRole('button', { name: 'Verify chain' }).click();
    await page.getByTestId('chain-result').getByText('The chain is intact').waitFor();

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^audit-log-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = fs.readFileSync((await download.path())!, 'utf8');
    expect(csv.split('\n')[0]).toContain('action');
    expect(csv).toContain('roles.created');
    expect(csv).not.toContain('auth.login'); // the filter applies to the export too

    await page.getByRole('button', { name: 'Clear filters' }).first().click();
    await page.waitForURL(`${portal.base}/audit`);
    await page.locator('tbody tr', { hasText: 'users.updated' }).first().waitFor();
    await settled(page);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'admin-audit');
    expect(ownerErrors).toEqual([]);
  }, 90_000);

  it('profile: revokes another session, changes the password and signs in with the new one', async () => {
    const other = await browser.newContext({ viewport: VIEWPORT });
    const otherPage = await other.newPage();
    await signIn(otherPage, portal.base, 'registrar@northbridge.demo');

    const page = await browser.newPage({ viewport: VIEWPORT });
    const errors = watchErrors(page);
    await signIn(page, portal.base, 'registrar@northbridge.demo');
    await page.getByTestId('user-menu').click();
    await page.getByRole('link', { name: 'Profile & security' }).click();
    await page.waitForURL(`${portal.base}/profile`);
    const sessions = page.getByTestId('session');
    await sessions.first().waitFor();
    const before = await sessions.count();
    expect(before).toBeGreaterThanOrEqual(2);
    expect(await page.getByTestId('session').filter({ hasText: 'This device' }).count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'admin-profile');

    await sessions.filter({ hasNotText: 'This device' }).first().getByRole('button', { name: /^Sign out / }).click();
    await page.getByText(/^Signed out /).waitFor();
    await expect.poll(() => sessions.count()).toBe(before - 1);
    // The revoked device is signed out at its next request.
    await otherPage.reload();
    await otherPage.waitForURL(/\/login/);
    await other.close();

    // A wrong current password is a field error; then the change goes through.
    await page.getByLabel('Current password').fill('not-my-password');
    await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('Repeat the new password').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.locator('#current-password-error', { hasText: 'The current password is incorrect.' }).waitFor();
    await screenshot(page, 'admin-profile-password-error', false);
    await page.getByLabel('Current password').fill('Bitflow-Demo-2026!');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Password changed. Your other sessions were signed out.').waitFor();
    expect(await page.getByLabel('Current password').inputValue()).toBe('');

    // Sign out, then in again with the new password.
    await page.getByTestId('user-menu').click();
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.waitForURL(/\/login/);
    await fillSignIn(page, 'registrar@northbridge.demo', NEW_PASSWORD);
    await page.waitForURL(`${portal.base}/dashboard`);

    // Two-factor: set up with the sign-in's enrolment form, then turn it off with the password.
    await page.goto(`${portal.base}/profile`);
    const status = page.getByTestId('mfa-status');
    await status.getByText(/^Off\./).waitFor();
    await page.getByRole('button', { name: 'Set up' }).click();
    const setup = page.getByRole('dialog', { name: 'Set up two-factor authentication' });
    const secret = (await setup.getByTestId('mfa-secret').textContent())!.replace(/\s/g, '');
    expect(await focusInDialog(page)).toBe(true);
    await setup.getByLabel('Authentication code').fill(generateTotp(secret));
    await setup.getByRole('button', { name: 'Turn on two-factor authentication' }).click();
    await setup.getByRole('list', { name: 'Recovery codes' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'admin-profile-mfa-codes', false);
    await setup.getByRole('button', { name: 'I have saved them — done' }).click();
    await setup.waitFor({ state: 'hidden' });
    await status.getByText(/^On\./).waitFor();
    await page.getByRole('button', { name: 'Turn off' }).click();
    const off = page.getByRole('dialog', { name: 'Turn off two-factor authentication?' });
    await off.getByLabel('Password', { exact: true }).fill('not-my-password');
    await off.getByRole('button', { name: 'Turn off' }).click();
    await off.locator('#mfa-disable-password-error', { hasText: 'The password is incorrect.' }).waitFor();
    await off.getByLabel('Password', { exact: true }).fill(NEW_PASSWORD);
    await off.getByRole('button', { name: 'Turn off' }).click();
    await status.getByText(/^Off\./).waitFor();

    // Sign out everywhere asks first, then ends this session too.
    await page.getByRole('button', { name: 'Sign out everywhere' }).click();
    await page.getByRole('dialog', { name: 'Sign out everywhere?' }).getByRole('button', { name: 'Sign out everywhere' }).click();
    await page.waitForURL(/\/login\?signed_out=1/);
    await page.goto(`${portal.base}/profile`);
    await page.waitForURL(/\/login\?next=/);
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);

  it('gives the platform owner every tenant and the platform audit chain', async () => {
    const page = await browser.newPage({ viewport: VIEWPORT });
    const errors = watchErrors(page);
    await signIn(page, portal.base, 'owner@bitflow.demo');
    await page.goto(`${portal.base}/users?q=owner%40`);
    await page.locator('tbody tr', { hasText: 'owner@lakeside.demo' }).waitFor();
    await page.locator('tbody tr', { hasText: 'owner@northbridge.demo' }).waitFor();
    await page.locator('tbody tr', { hasText: 'owner@lakeside.demo' }).getByRole('cell', { name: 'Lakeside Institute of Technology', exact: true }).waitFor();
    await settled(page);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'admin-users-platform');
    await page.goto(`${portal.base}/roles`);
    await page.locator('tbody tr', { hasText: 'bitflow_owner' }).waitFor();
    await page.goto(`${portal.base}/roles/new`);
    await page.getByLabel('University').selectOption({ label: 'Lakeside Institute of Technology' });
    expect(await axeViolations(page)).toEqual([]);
    await page.goto(`${portal.base}/audit`);
    await page.getByText(/^Showing 1–\d+ of \d+ entries/).waitFor();
    await page.getByLabel('Chain to verify').selectOption('platform');
    await page.getByRole('button', { name: 'Verify chain' }).click();
    await page.getByTestId('chain-result').getByText('The chain is intact').waitFor();
    await page.getByLabel('Chain to verify').selectOption({ label: 'Northbridge University' });
    await page.getByRole('button', { name: 'Verify chain' }).click();
    await page.getByTestId('chain-result').getByText(/^All \d+ entries/).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'admin-audit-platform');

    // God Mode counts every chain's log up to 10,000 rows; "Next" goes on past that by cursor, and the
    // last page tells the exact total. 10,250 old rows of a chain no check reads, written straight
    // into the embedded database (the demo's own entries come before them).
    const sqlite = new Database(path.join(portal.dataDir, 'bitflow.sqlite'));
    const insert = sqlite.prepare("INSERT INTO audit_logs (id, chain_key, seq, university_id, action, entity_type, created_at, prev_hash, hash) VALUES (?, 'e2e-bulk', ?, NULL, 'bulk.e2e', 'test', ?, 'x', ?)");
    sqlite.transaction(() => {
      for (let i = 1; i <= 10_250; i++) insert.run(randomUUID(), i, `2020-01-01 00:${String(Math.floor(i / 1000)).padStart(2, '0')}:00.${String(i % 1000).padStart(3, '0')}`, `h${i}`);
    })();
    sqlite.close();
    const next = page.getByRole('button', { name: 'Next' });
    await page.goto(`${portal.base}/audit?per_page=100&page=100`);
    await page.getByText('Showing 9,901–10,000 of 10,000+ entries').waitFor();
    await page.getByText('Page 100 of 100+').waitFor();
    await next.click();
    await page.getByText('Showing 10,001–10,100 of 10,100+ entries').waitFor();
    await page.getByText('Page 101 of 101+').waitFor();
    await page.locator('tbody tr', { hasText: 'bulk.e2e' }).first().waitFor();
    await next.click();
    await page.getByText('Showing 10,101–10,200 of 10,200+ entries').waitFor();
    await next.click();
    const end = page.getByText(/^Showing 10,201–10,2\d\d of 10,2\d\d entries$/);
    await end.waitFor();
    const [, to, total] = /–([\d,]+) of ([\d,]+)/.exec((await end.textContent()) ?? '')!;
    expect(to).toBe(total);
    await page.getByText('Page 103 of 103').waitFor();
    expect(await next.isDisabled()).toBe(true);
    await screenshot(page, 'admin-audit-past-cap', false);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('works at phone width and in dark mode', async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const errors = watchErrors(phone);
    await signIn(phone, portal.base, 'owner@northbridge.demo');
    for (const path of ['/users', '/roles', '/audit', '/notifications', '/profile']) {
      await phone.goto(`${portal.base}${path}`);
      await phone.getByRole('heading', { level: 1 }).waitFor();
      await phone.locator('[aria-busy="true"], [role="status"][aria-label^="Loading"]').first().waitFor({ state: 'detached' }).catch(() => undefined);
      expect(await phone.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(390);
    }
    await phone.goto(`${portal.base}/users`);
    await phone.getByText(/^Showing 1–\d+ of \d+ users/).waitFor();
    await screenshot(phone, 'admin-users-phone');
    await phone.close();

    const dark = await browser.newPage({ viewport: VIEWPORT, colorScheme: 'dark' });
    await signIn(dark, portal.base, 'owner@northbridge.demo');
    await dark.goto(`${portal.base}/roles/new`);
    await dark.getByTestId('permission-matrix').waitFor();
    expect(await axeViolations(dark)).toEqual([]);
    await screenshot(dark, 'admin-role-matrix-dark', false);
    await dark.goto(`${portal.base}/audit`);
    await dark.getByText(/^Showing 1–\d+ of \d+ entries/).waitFor();
    await dark.locator('tbody tr').first().getByRole('button', { name: /^View details/ }).click();
    await dark.getByRole('dialog').waitFor();
    expect(await axeViolations(dark)).toEqual([]);
    await screenshot(dark, 'admin-audit-dark', false);
    expect(errors).toEqual([]);
    await dark.close();
  }, 90_000);

  it('notifications page: mark all as read clears the header bell', async () => {
    // Two invitations by the owner notify everyone else in the university who manages users.
    await owner.goto(`${portal.base}/users`);
    for (const [name, email] of [['Lior Benn', 'lior.benn@northbridge.demo'], ['Mira Sato', 'mira.sato@northbridge.demo']]) {
      await owner.getByRole('button', { name: 'Add user' }).click();
      const dialog = owner.getByRole('dialog', { name: 'Add a user' });
      await dialog.getByLabel('Full name').fill(name!);
      await dialog.getByLabel('E-mail', { exact: true }).fill(email!);
      await dialog.getByRole('checkbox', { name: /^Read-only/ }).check();
      await dialog.getByRole('button', { name: 'Send invitation' }).click();
      await owner.getByText(`Invitation sent to ${email}.`).waitFor();
      await dialog.waitFor({ state: 'hidden' });
    }

    const page = await browser.newPage({ viewport: VIEWPORT });
    const errors = watchErrors(page);
    await signIn(page, portal.base, 'admin.eng@northbridge.demo');
    const bell = page.getByRole('button', { name: /^Notifications, \d+ unread$/ });
    await bell.waitFor();
    await bell.click();
    await page.getByRole('link', { name: 'View all notifications' }).click();
    await page.waitForURL(`${portal.base}/notifications`);
    await page.getByTestId('notification').filter({ hasText: 'Mira Sato' }).waitFor();
    await page.getByRole('button', { name: /^Unread/ }).click();
    await page.waitForURL(/unread=true/);
    expect(await page.getByTestId('notification').count()).toBeGreaterThanOrEqual(2);
    await settled(page);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'admin-notifications');

    // One by one, then all at once; the bell follows the page.
    const unreadBefore = Number(/(\d+) unread/.exec((await bell.getAttribute('aria-label'))!)![1]);
    await page.getByRole('button', { name: /^Mark read: / }).first().click();
    await page.getByRole('button', { name: `Notifications, ${unreadBefore - 1} unread` }).waitFor();
    await page.getByRole('button', { name: 'Mark all as read' }).click();
    await page.getByRole('button', { name: 'Notifications', exact: true }).waitFor();
    await page.getByText('No unread notifications').waitFor();
    await screenshot(page, 'admin-notifications-read');

    // A new notice arrives live (the badge poll is a minute apart): badge, toast and list follow.
    await owner.getByRole('button', { name: 'Add user' }).click();
    const invite = owner.getByRole('dialog', { name: 'Add a user' });
    await invite.getByLabel('Full name').fill('Noor Haddad');
    await invite.getByLabel('E-mail', { exact: true }).fill('noor.haddad@northbridge.demo');
    await invite.getByRole('checkbox', { name: /^Read-only/ }).check();
    await invite.getByRole('button', { name: 'Send invitation' }).click();
    await page.getByRole('button', { name: 'Notifications, 1 unread' }).waitFor({ timeout: 10_000 });
    await page.getByTestId('notification').filter({ hasText: 'Noor Haddad' }).waitFor({ timeout: 10_000 });
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);
});
