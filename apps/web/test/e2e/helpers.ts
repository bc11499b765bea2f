import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

// Shared by the portal's end-to-end tests. They drive the BUILT app (`npm run build` first; `npm test`
// builds what is stale): `node apps/api/dist/server.js` serves API + portal on one random port with a
// fresh embedded DATA_DIR (SQLite, demo seeded), and Debian's Chromium (/usr/bin/chromium) drives it.

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
export const ARTIFACTS = path.join(ROOT, 'test-artifacts/e2e');
export const PASSWORD = 'Bitflow-Demo-2026!';
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface Portal {
  base: string;
  /** The server's DATA_DIR: SQLite file, keys, and the e-mail outbox (outbox/*.eml). */
  dataDir: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer().once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** Starts the built server on a random port with a temporary data directory. */
export async function startPortal(env: Record<string, string> = {}): Promise<Portal> {
  const server = path.join(ROOT, 'apps/api/dist/server.js');
  for (const [file, hint] of [
    [server, 'the API bundle'],
    [path.join(ROOT, 'apps/web/.next/BUILD_ID'), 'the portal'],
  ] as const) {
    if (!fs.existsSync(file)) throw new Error(`${hint} is not built (${path.relative(ROOT, file)} missing): run \`npm run build\` first`);
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bf-e2e-'));
  const port = await freePort();
  const base = `http://localhost:${port}`;
  let output = '';
  const child: ChildProcess = spawn(process.execPath, [server], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', CORS_ORIGINS: base, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  for (let i = 0; i < 240; i++) {
    if (child.exitCode !== null) break;
    if (await fetch(`${base}/up`).then((r) => r.ok, () => false)) {
      const login = await fetch(`${base}/login`);
      if (login.ok && login.headers.get('content-type')?.includes('text/html')) return { base, dataDir, stop };
      await stop();
      throw new Error(`the server runs but does not serve the portal (GET /login → ${login.status}); is mountNext wired in server.ts?\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`the server did not become ready:\n${output}`);
}

export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium`);
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
}

/**
 * Collects what a page reports as broken: uncaught errors and console errors such as CSP refusals.
 * Failed HTTP responses are logged by Chromium as console errors too; those are expected in tests
 * that sign in wrongly or force a 401, so they are left out.
 */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(`console: ${m.text()}`);
  });
  return errors;
}

/** Runs axe-core in the page and returns the serious and critical violations (id: first target). */
export async function axeViolations(page: Page): Promise<string[]> {
  // Next streams a page's metadata: right after a client-side navigation the <title> can be missing
  // for a moment. Scan the settled page.
  await page.waitForFunction(() => document.title.trim() !== '', undefined, { timeout: 5000 }).catch(() => undefined);
  // Evaluated through DevTools, which the page's CSP does not apply to (an injected <script> would be refused).
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, target: v.nodes[0]?.target.join(' ') ?? '' }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.target}`);
}

export async function screenshot(page: Page, name: string, fullPage = true) {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage });
}

/** Signs in through the form on /login (the page must be showing it). */
export async function fillSignIn(page: Page, email: string, password = PASSWORD) {
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** From anywhere: open /login, sign in, wait for the dashboard with its numbers. */
export async function signIn(page: Page, base: string, email: string) {
  await page.goto(`${base}/login`);
  await fillSignIn(page, email);
  await page.waitForURL(/\/dashboard$/);
  await page.getByTestId('count-students').waitFor();
}

/**
 * For a describe block: starts the built portal and Chromium before its tests and stops both after.
 * Read `.portal` and `.browser` inside the tests (they are set once beforeAll has run).
 */
export function usePortalAndBrowser(): { portal: Portal; browser: Browser } {
  const ctx = {} as { portal: Portal; browser: Browser };
  beforeAll(async () => {
    [ctx.portal, ctx.browser] = await Promise.all([startPortal(), launchBrowser()]);
  }, 120_000);
  afterAll(async () => {
    await ctx.browser?.close();
    await ctx.portal?.stop();
  });
  return ctx;
}

/** The newest e-mail in the portal's outbox to this address, decoded from quoted-printable. */
export async function lastMailTo(portal: Portal, to: string, timeoutMs = 10_000): Promise<string> {
  const dir = path.join(portal.dataDir, 'outbox');
  const safe = to.replace(/[^\w.@-]/g, '_');
  for (const until = Date.now() + timeoutMs; Date.now() < until; await new Promise((r) => setTimeout(r, 200))) {
    const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.includes(safe)).sort() : [];
    if (files.length) return fs.readFileSync(path.join(dir, files.at(-1)!), 'utf8').replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  }
  throw new Error(`no e-mail to ${to} in ${dir}`);
}
