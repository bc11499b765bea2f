import { describe, expect, it } from 'vitest';
import { axeViolations, screenshot, signIn, usePortalAndBrowser, watchErrors } from './helpers';

// The reports page's compliance part (issue #21 item 5): an owner generates an access review with
// its parameter, records it as reviewed with a note, and sees the review listed. Screenshots at
// desktop and phone width, light and dark.

describe('compliance reports', () => {
  const env = usePortalAndBrowser();

  it('an owner generates an access review and records the review as done', async () => {
    const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signIn(page, env.portal.base, 'owner@northbridge.demo');
    await page.goto(`${env.portal.base}/reports`);
    await page.locator('#report-type').selectOption('access_review');
    await page.getByLabel('Flag accounts unused for (days)').fill('60');
    await page.getByRole('button', { name: 'Generate', exact: true }).click();
    // The report turns ready, then the access-reviews form offers it.
    await page.getByLabel('Access-review report').waitFor({ timeout: 30_000 });
    await page.getByLabel('What was found and done').fill('Disabled two unused accounts; asked staff to turn on two-factor.');
    await page.getByRole('button', { name: 'Record review as done' }).click();
    await expect.poll(() => page.getByTestId('access-review-list').textContent()).toContain('Disabled two unused accounts');
    expect(await axeViolations(page)).toEqual([]);
    await page.locator('#report-type').selectOption('audit_summary');
    await page.getByLabel('From').waitFor();
    await screenshot(page, 'compliance-desktop-light');
    for (const [name, opts] of [
      ['compliance-desktop-dark', { viewport: { width: 1280, height: 900 }, colorScheme: 'dark' as const }],
      ['compliance-mobile-light', { viewport: { width: 390, height: 844 }, colorScheme: 'light' as const }],
      ['compliance-mobile-dark', { viewport: { width: 390, height: 844 }, colorScheme: 'dark' as const }],
    ] as const) {
      const c = await env.browser.newContext(opts);
      const p = await c.newPage();
      await signIn(p, env.portal.base, 'owner@northbridge.demo');
      await p.goto(`${env.portal.base}/reports`);
      await p.getByTestId('access-review-list').waitFor();
      await screenshot(p, name);
      await c.close();
    }
    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);

  it('a registrar is not offered compliance reports or the access reviews', async () => {
    const context = await env.browser.newContext();
    const page = await context.newPage();
    await signIn(page, env.portal.base, 'registrar@northbridge.demo');
    await page.goto(`${env.portal.base}/reports`);
    await page.locator('#report-type option').first().waitFor({ state: 'attached' });
    const options = await page.locator('#report-type').locator('option').allTextContents();
    expect(options).toContain('Student roster');
    expect(options).not.toContain('Access review');
    expect(await page.getByText('Access reviews').count()).toBe(0);
    await context.close();
  }, 60_000);
});
