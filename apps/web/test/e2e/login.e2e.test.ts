import crypto from 'node:crypto';
import type { Page, Route } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations, fillSignIn, lastMailTo, PASSWORD, screenshot, signIn, watchErrors, usePortalAndBrowser } from './helpers';

// Sign-in journeys in Chromium against the built portal (see helpers.ts): the cookie gate, field
// errors, signing in, a reload restoring the session from the refresh cookie, one shared refresh for
// concurrent 401s, two tabs refreshing at once, the two-factor step, the theme, the "/" shortcut,
// the 404 page and signing out. Runs on the embedded default only (it starts its own server).

describe.skipIf(!!process.env.TEST_DATABASE_URL)('sign-in in Chromium', () => {
  const ctx = usePortalAndBrowser();

  it('signs in to the dashboard, survives a reload, and signs out', async () => {
    const page = await ctx.browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = watchErrors(page);

    // The cookie gate sends a visitor without a session to /login, remembering where they were going.
    await page.goto(`${ctx.portal.base}/dashboard`);
    await page.waitForURL(/\/login\?next=%2Fdashboard$/);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'login');

    // The contract's schema validates in the browser; the messages sit on labelled fields.
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Enter a valid e-mail address.').waitFor();
    expect(await page.getByLabel('E-mail').getAttribute('aria-invalid')).toBe('true');

    // A wrong password shows the API's message and keeps the visitor on the form.
    await fillSignIn(page, 'owner@northbridge.demo', 'not-the-password');
    await page.getByRole('alert').filter({ hasText: 'do not match our records' }).waitFor();
    await screenshot(page, 'login-error');

    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${ctx.portal.base}/dashboard`);
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    expect(await page.getByTestId('user-name').textContent()).toBe('Northbridge University Owner');
    await page.getByText('Welcome back, Northbridge University Owner').waitFor();
    expect(await page.getByTestId('count-students').textContent()).toBe('200');
    await page.locator('.recharts-bar-rectangle').first().waitFor();
    expect(await page.title()).toBe('Dashboard · Bitflow Owner Portal');
    // The access token lives in memory only.
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }));
    expect(stored).not.toMatch(/eyJ[\w-]+\.[\w-]+\./);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'dashboard');

    // A reload loses the in-memory token; the refresh cookie restores the session silently.
    await page.reload();
    await page.getByTestId('count-students').filter({ hasText: '200' }).waitFor();
    expect(page.url()).toBe(`${ctx.portal.base}/dashboard`);

    // Sign out from the user menu: back to /login, and the session is gone for good.
    await page.getByTestId('user-menu').click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/login\?signed_out=1$/);
    await page.getByText('You have been signed out.').waitFor();
    await page.goto(`${ctx.portal.base}/dashboard`);
    await page.waitForURL(/\/login\?next=/);
    const refresh = await page.request.post(`${ctx.portal.base}/api/v1/auth/refresh`, { data: {} });
    expect(refresh.status()).toBe(401);

    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);

  it('shares one refresh between requests that get 401 at once, then retries them', async () => {
    const page = await ctx.browser.newPage();
    const errors = watchErrors(page);
    await signIn(page, ctx.portal.base, 'owner@northbridge.demo');

    // The dashboard data and the unread badge both answer 401 once (an expired access token), and
    // are released together so both interceptors run while the refresh is in flight.
    const held: Route[] = [];
    let release!: () => void;
    const bothHeld = new Promise<void>((r) => (release = r));
    const failOnce = new Set(['/api/v1/dashboard', '/api/v1/notifications/unread-count']);
    await page.route(/\/api\/v1\/(dashboard|notifications\/unread-count)$/, async (route) => {
      const p = new URL(route.request().url()).pathname;
      if (!failOnce.delete(p)) return route.continue();
      held.push(route);
      if (held.length === 2) release();
      await bothHeld;
      await route.fulfill({ status: 401, contentType: 'application/json', body: JSON.stringify({ success: false, message: 'Unauthenticated.' }) });
    });
    const refreshes: string[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/api/v1/auth/refresh')) refreshes.push(r.url());
    });

    await page.reload(); // one refresh restores the session…
    await page.getByTestId('count-students').filter({ hasText: '200' }).waitFor(); // …the dashboard retried
    expect(failOnce.size).toBe(0);
    expect(refreshes).toHaveLength(2); // session restore + ONE shared refresh for the two 401s
    expect(page.url()).toBe(`${ctx.portal.base}/dashboard`);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('keeps the session when two tabs restore it at the same moment', async () => {
    // Refresh tokens rotate and a reused one revokes the whole session; a Web Lock makes the tabs
    // take turns, so the second tab sends the cookie the first one just received.
    const context = await ctx.browser.newContext();
    const [a, b] = [await context.newPage(), await context.newPage()];
    await signIn(a, ctx.portal.base, 'viewer@northbridge.demo');
    await b.goto(`${ctx.portal.base}/dashboard`);
    await b.getByTestId('count-students').waitFor();
    await Promise.all([a.reload(), b.reload()]);
    for (const p of [a, b]) {
      await p.getByTestId('count-students').waitFor();
      expect(p.url()).toBe(`${ctx.portal.base}/dashboard`);
    }
    // The session was not revoked: a third restore still works.
    await a.reload();
    await a.getByTestId('count-students').waitFor();
    expect(a.url()).toBe(`${ctx.portal.base}/dashboard`);
    await context.close();
  }, 60_000);

  it('asks for the second factor when the account has two-factor authentication on', async () => {
    // Turn on TOTP for the registrar through the API, as they would from their profile.
    const api = async (path: string, body: object, token?: string) => {
      const res = await fetch(`${ctx.portal.base}/api/v1${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(body),
      });
      return (await res.json()) as { data: Record<string, unknown> };
    };
    const email = 'registrar@northbridge.demo';
    const token = (await api('/auth/login', { email, password: PASSWORD })).data.access_token as string;
    const { secret } = (await api('/auth/mfa/setup', {}, token)).data as { secret: string };
    const enabled = (await api('/auth/mfa/enable', { code: totp(secret) }, token)).data as { recovery_codes: string[] };
    expect(enabled.recovery_codes.length).toBeGreaterThan(0);

    const page = await ctx.browser.newPage();
    const errors = watchErrors(page);
    await page.goto(`${ctx.portal.base}/login`);
    await fillSignIn(page, email);
    await page.getByRole('heading', { name: 'Two-factor authentication' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    // A wrong code: the API's field error lands on the code field.
    await page.getByLabel('Authentication code').fill('000000');
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByText('The code is not valid.').waitFor();
    await screenshot(page, 'login-mfa');
    // A recovery code signs in.
    await page.getByRole('button', { name: 'Use a recovery code instead' }).click();
    await page.getByLabel('Recovery code').fill(enabled.recovery_codes[0]!);
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.waitForURL(`${ctx.portal.base}/dashboard`);
    expect(await page.getByTestId('user-name').textContent()).toContain('Registrar');
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('focuses search with "/", remembers the dark theme and shows a 404 page', async () => {
    const page = await ctx.browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = watchErrors(page);
    await signIn(page, ctx.portal.base, 'owner@northbridge.demo');

    await page.locator('body').press('/');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('global-search');
    await page.keyboard.type('NBU-2026-0001');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/students\?q=NBU-2026-0001$/);
    await page.getByText('Showing 1–1 of 1 students').waitFor();

    await page.getByRole('link', { name: 'Dashboard', exact: true }).click();
    // Wait for the navigation: reloading before it lands reloads the students page (seen in CI).
    await page.waitForURL(/\/dashboard$/);
    await page.getByTestId('count-students').waitFor();
    await page.getByRole('button', { name: 'Switch to dark theme' }).click();
    expect(await page.evaluate(() => document.documentElement.classList.contains('dark'))).toBe(true);
    await page.reload();
    await page.getByTestId('count-students').waitFor();
    expect(await page.evaluate(() => document.documentElement.classList.contains('dark'))).toBe(true);
    await page.locator('.recharts-bar-rectangle').first().waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'dashboard-dark');
    await page.getByRole('button', { name: 'Switch to light theme' }).click();

    const res = await page.goto(`${ctx.portal.base}/no-such-page`);
    expect(res?.status()).toBe(404);
    await page.getByRole('heading', { name: 'We could not find that page' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'not-found');

    await page.goto(`${ctx.portal.base}/unauthorized`);
    await page.getByRole('heading', { name: 'You do not have access to this page' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('resets a forgotten password through the e-mailed single-use link', async () => {
    const page = await ctx.browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = watchErrors(page);
    const email = 'admin.bus@northbridge.demo';
    await page.goto(`${ctx.portal.base}/login`);
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.waitForURL(/\/forgot-password$/);
    await page.getByLabel('E-mail').fill(email);
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await page.getByText('If an account exists for that e-mail, a reset link is on its way.', { exact: false }).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    const link = /https?:\/\/\S+\/reset-password\?token=[^\s"<]+/.exec(await lastMailTo(ctx.portal, email))![0];
    await page.goto(`${ctx.portal.base}${new URL(link).pathname}${new URL(link).search}`);
    await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
    // The API's password policy answers on the field; mismatched repeats are caught before sending.
    await page.getByLabel('New password', { exact: true }).fill('password123');
    await page.getByLabel('Repeat the password', { exact: true }).fill('password124');
    await page.getByRole('button', { name: 'Set new password' }).click();
    await page.getByText('The passwords do not match.').waitFor();
    await page.getByLabel('Repeat the password', { exact: true }).fill('password123');
    await page.getByRole('button', { name: 'Set new password' }).click();
    await page.locator('#password-error').waitFor();
    await screenshot(page, 'reset-password-errors');
    await page.getByLabel('New password', { exact: true }).fill('Quiet-Harbour-2027');
    await page.getByLabel('Repeat the password', { exact: true }).fill('Quiet-Harbour-2027');
    await page.getByRole('button', { name: 'Set new password' }).click();
    await page.getByText('Password updated. You can sign in now.').waitFor();
    expect(await axeViolations(page)).toEqual([]);

    // The link works once; the new password signs in.
    await page.goto(`${ctx.portal.base}${new URL(link).pathname}${new URL(link).search}`);
    await page.getByLabel('New password', { exact: true }).fill('Another-Harbour-2028');
    await page.getByLabel('Repeat the password', { exact: true }).fill('Another-Harbour-2028');
    await page.getByRole('button', { name: 'Set new password' }).click();
    await page.getByText('This link has expired or was already used. Ask for a new one.').waitFor();
    await page.goto(`${ctx.portal.base}/login`);
    await fillSignIn(page, email, 'Quiet-Harbour-2027');
    await page.waitForURL(/\/dashboard$/);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});

/** RFC 6238 TOTP (SHA-1, 6 digits, 30 s), as authenticator apps compute it. */
function totp(base32: string, at = Date.now()): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of base32.replace(/=+$/, '').toUpperCase()) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const key = Buffer.from((bits.match(/.{8}/g) ?? []).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 30_000)));
  const mac = crypto.createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1]! & 0xf;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

export type { Page };
