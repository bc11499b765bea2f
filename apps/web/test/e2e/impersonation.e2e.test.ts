import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, launchBrowser, screenshot, signIn, startPortal, watchErrors, type Portal } from './helpers';

// God Mode impersonation in Chromium against the built app (see helpers.ts): the platform owner acts
// as Northbridge's university owner; a reload keeps the impersonation and its banner (its own
// httpOnly cookie), the profile hides the target's security settings, and End returns to the
// owner, for good across a reload. A second portal with IMPERSONATION_MAX_SECONDS=8 shows the tab
// going back to the owner on its own when the impersonation runs out.

const OPERATOR = 'owner@bitflow.demo';
const TARGET = 'owner@northbridge.demo';
const banner = (page: Page) => page.getByTestId('impersonation-banner');

async function impersonate(page: Page, base: string) {
  await page.goto(`${base}/universities`);
  await page.getByRole('button', { name: 'Impersonate a user of Northbridge University' }).click();
  const option = page.locator('#impersonate-user option', { hasText: TARGET });
  await option.waitFor({ state: 'attached' });
  await page.locator('#impersonate-user').selectOption((await option.getAttribute('value'))!);
  await page.getByLabel('Reason').fill('Ticket #4821: the registrar cannot see the spring courses');
  await page.getByRole('button', { name: 'Start impersonation' }).click();
  await page.waitForURL(/\/dashboard$/);
  await banner(page).waitFor();
}

describe.skipIf(!!process.env.TEST_DATABASE_URL)('God Mode impersonation in Chromium', () => {
  let portal: Portal;
  let browser: Browser;

  beforeAll(async () => {
    [portal, browser] = await Promise.all([startPortal(), launchBrowser()]);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await portal?.stop();
  });

  it('survives a reload with its banner, hides the target’s security, and End returns to the owner', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = watchErrors(page);
    await signIn(page, portal.base, OPERATOR);
    await impersonate(page, portal.base);
    await expect.poll(() => banner(page).textContent()).toMatch(/You are acting as .*owner@northbridge\.demo.*It ends by itself at/);
    await page.getByTestId('count-students').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'impersonation-banner-desktop', false);

    // Reload: the portal restores the impersonated session, not the owner's.
    await page.reload();
    await banner(page).waitFor();
    await expect.poll(() => banner(page).textContent()).toContain(TARGET);
    expect(await page.getByTestId('user-name').textContent()).not.toBe('Platform Owner');

    // The target's password, two-factor and sessions are theirs alone.
    await page.goto(`${portal.base}/profile`);
    await page.getByTestId('security-impersonating').waitFor();
    expect(await page.getByRole('heading', { name: /password/i }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /revoke|sign out everywhere|turn on/i }).count()).toBe(0);

    await banner(page).getByRole('button', { name: 'End impersonation' }).click();
    await page.waitForURL(/\/universities$/);
    await banner(page).waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Impersonate a user of Northbridge University' }).waitFor();
    // And a reload after End stays the owner.
    await page.reload();
    await page.getByRole('button', { name: 'Impersonate a user of Northbridge University' }).waitFor();
    expect(await banner(page).count()).toBe(0);
    expect(await page.getByTestId('user-name').textContent()).toBe('Platform Owner');
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('shows the banner on a phone, wrapping without hiding the End button', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await signIn(page, portal.base, OPERATOR);
    await impersonate(page, portal.base);
    await page.getByTestId('count-students').waitFor();
    const end = banner(page).getByRole('button', { name: 'End impersonation' });
    const box = (await end.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    // No sideways scrolling on a phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'impersonation-banner-phone', false);
    await end.click();
    await banner(page).waitFor({ state: 'detached' });
    await page.close();
  }, 120_000);
});

describe.skipIf(!!process.env.TEST_DATABASE_URL)('an impersonation that runs out (IMPERSONATION_MAX_SECONDS=8)', () => {
  let portal: Portal;
  let browser: Browser;

  beforeAll(async () => {
    [portal, browser] = await Promise.all([startPortal({ IMPERSONATION_MAX_SECONDS: '8' }), launchBrowser()]);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await portal?.stop();
  });

  it('returns the tab to the owner by itself at the end, and a reload stays the owner', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, portal.base, OPERATOR);
    await impersonate(page, portal.base);
    // Nobody clicks anything: the banner's timer makes the request that finds it over.
    await banner(page).waitFor({ state: 'detached', timeout: 30_000 });
    await page.getByText('The impersonation has ended. You are yourself again.').waitFor();
    await expect.poll(() => page.getByTestId('user-name').textContent()).toBe('Platform Owner');
    await page.reload();
    await expect.poll(() => page.getByTestId('user-name').textContent()).toBe('Platform Owner');
    expect(await banner(page).count()).toBe(0);
    await page.close();
  }, 120_000);
});
