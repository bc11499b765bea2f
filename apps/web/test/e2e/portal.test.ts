import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// End-to-end: the built portal and API served together by `node apps/api/dist/server.js` on the
// embedded default with the demo data, driven in Debian's Chromium. Screenshots go to
// test-artifacts/e2e/ (ignored by git). Needs `npm run build` first (npm test does it).
const root = path.resolve(__dirname, '../../../..');
const artifacts = path.join(root, 'test-artifacts/e2e');
const PASSWORD = 'Bitflow-Demo-2026!';
let server: ChildProcess;
let browser: Browser;
let base: string;
let dataDir: string;

async function freePort() {
  return new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

describe.skipIf(!!process.env.TEST_DATABASE_URL)('portal in Chromium', () => {
  beforeAll(async () => {
    fs.mkdirSync(artifacts, { recursive: true });
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bf-e2e-'));
    const port = await freePort();
    base = `http://localhost:${port}`;
    server = spawn(process.execPath, [path.join(root, 'apps/api/dist/server.js')], {
      env: { PATH: process.env.PATH, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'warn', HOST: '127.0.0.1', CORS_ORIGINS: base },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    for (let i = 0; i < 120; i++) {
      if (await fetch(`${base}/up`).then((r) => r.ok, () => false)) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    server?.kill('SIGTERM');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function signIn(page: Page, email: string) {
    await page.goto(`${base}/dashboard`);
    await page.waitForURL(/\/login/);
    await page.getByLabel('E-mail').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/dashboard/);
    await page.getByTestId('count-students').filter({ hasNotText: '—' }).waitFor();
  }

  async function axe(page: Page) {
    await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
    const result = await page.evaluate(async () => (window as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string }[] }> } }).axe.run());
    return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
  }

  it('signs in to the dashboard, keeps the session on reload, and signs out', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/login`);
    expect(await axe(page)).toEqual([]);
    await page.screenshot({ path: path.join(artifacts, 'login.png') });
    // A wrong password shows the API's message and keeps you on the form.
    await page.getByLabel('E-mail').fill('owner@northbridge.demo');
    await page.getByLabel('Password').fill('wrong-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'do not match' }).waitFor();
    await signIn(page, 'owner@northbridge.demo');
    expect(await page.getByTestId('count-students').textContent()).toBe('200');
    expect(await page.getByTestId('user-name').textContent()).toContain('Northbridge');
    await page.locator('.recharts-bar-rectangle').first().waitFor();
    await page.screenshot({ path: path.join(artifacts, 'dashboard.png'), fullPage: true });
    expect(await axe(page)).toEqual([]);
    await page.reload();
    await page.getByTestId('count-students').filter({ hasText: '200' }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/login/);
    await page.goto(`${base}/dashboard`);
    await page.waitForURL(/\/login/);
    await page.close();
  }, 60_000);

  it('lists and searches students, and a university sees only its own', async () => {
    const page = await browser.newPage();
    await signIn(page, 'owner@northbridge.demo');
    await page.getByRole('link', { name: 'Students' }).click();
    await page.getByText('of 200').waitFor();
    await page.getByLabel('Search').fill('NBU-2026-0001');
    await page.getByText('1–1 of 1').waitFor();
    await page.screenshot({ path: path.join(artifacts, 'students-search.png'), fullPage: true });
    await page.close();

    const other = await browser.newPage();
    await signIn(other, 'owner@lakeside.demo');
    expect(await other.getByTestId('count-students').textContent()).toBe('120');
    await other.goto(`${base}/students`);
    await other.getByText('of 120').waitFor();
    await other.getByLabel('Search').fill('NBU-');
    await other.getByText('No students match.').waitFor();
    await other.close();
  }, 60_000);

  it('shows a college admin only the menu their permissions allow, at phone width too', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await signIn(page, 'admin.eng@northbridge.demo');
    const count = Number(await page.getByTestId('count-students').textContent());
    expect(count).toBeGreaterThan(0);
    expect(count).toBeLessThan(200);
    // The menu is reachable at phone width and holds only what the role may use.
    const menu = page.getByRole('navigation', { name: 'Main' });
    expect(await menu.getByRole('link').allTextContents()).toEqual(['Dashboard', 'Students']);
    await page.screenshot({ path: path.join(artifacts, 'dashboard-phone.png'), fullPage: true });
    await page.close();
  }, 60_000);
});

