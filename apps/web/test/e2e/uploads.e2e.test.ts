import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { axeViolations, screenshot, signIn, watchErrors, usePortalAndBrowser } from './helpers';

// A student's photo and documents in Chromium against the built app: a photo picked with the file
// button shows in the page header (a resized thumbnail fetched with the session's token); a PDF
// offered as a photo is refused in the browser; a PDF dropped on the control is listed and then
// deleted after a confirmation.

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

describe.skipIf(!!process.env.TEST_DATABASE_URL)('uploads in Chromium', () => {
  const ctx = usePortalAndBrowser();

  it('uploads a photo shown on the student, lists a dropped PDF and deletes it', async () => {
    const page = await ctx.browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = watchErrors(page);
    await signIn(page, ctx.portal.base, 'owner@northbridge.demo');
    await page.goto(`${ctx.portal.base}/students`);
    await page.getByRole('table').getByRole('link').first().click();
    await page.waitForURL(/\/students\/[0-9a-f-]{36}$/);
    const files = page.getByRole('region', { name: 'Photos and documents' });
    await files.getByText('No photos or documents yet').waitFor({ timeout: 15_000 }).catch(async (e: unknown) => {
      await screenshot(page, 'uploads-debug-1');
      throw e;
    });
    const name = (await page.getByRole('heading', { level: 1 }).textContent())!;
    await screenshot(page, 'uploads-empty');

    // A PDF as a photo is explained before anything is sent.
    await files.getByText('Photo', { exact: true }).click();
    await files.getByLabel('choose a photo').setInputFiles({ name: 'cv.pdf', mimeType: 'application/pdf', buffer: PDF });
    await files.getByText('cv.pdf is not a PNG, JPEG or WebP image. Upload it as a document instead.').waitFor();

    const photo = await sharp({ create: { width: 900, height: 900, channels: 3, background: '#2f6fd0' } }).jpeg().toBuffer();
    await files.getByLabel('choose a photo').setInputFiles({ name: 'portrait.jpg', mimeType: 'image/jpeg', buffer: photo });
    const header = page.getByTestId('person-photo').first();
    await header.waitFor();
    expect(await header.getAttribute('alt')).toBe(`Photo of ${name}`);
    // Decoded, from a blob: of the thumbnail (not the 900 px original): 64 CSS px at DPR 1 → 64 px.
    const shown = await header.evaluate((img: HTMLImageElement) => ({ src: img.src, w: img.naturalWidth, done: img.complete }));
    expect(shown.src.startsWith('blob:')).toBe(true);
    expect(shown.w).toBe(64);
    await files.getByText('Current photo').waitFor();

    // Dropped on the control as a document: listed with its kind.
    await files.getByText('Document', { exact: true }).click();
    const transfer = await page.evaluateHandle((bytes) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(bytes)], 'transcript.pdf', { type: 'application/pdf' }));
      return dt;
    }, [...PDF]);
    await page.getByTestId('drop-document').dispatchEvent('drop', { dataTransfer: transfer });
    const row = files.getByRole('listitem').filter({ hasText: 'transcript.pdf' });
    await row.waitFor();
    expect(await row.getByText('Document', { exact: true }).count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'uploads-listed');

    await row.getByRole('button', { name: 'Delete transcript.pdf' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete this file?' });
    await confirm.getByRole('button', { name: 'Delete file' }).click();
    await page.locator('[aria-live="polite"]').getByText('transcript.pdf was deleted.').last().waitFor();
    await row.waitFor({ state: 'detached' });
    expect(await files.getByRole('listitem').count()).toBe(1); // the photo stays
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);
});
