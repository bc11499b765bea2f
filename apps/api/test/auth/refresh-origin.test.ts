import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { createUniversity, createUser, login } from '../helpers/factories.js';

// A refresh authenticated by the httpOnly cookie alone is what any page could make a signed-in
// browser send: only the portal's own origin may use it. A refresh token in the body (API clients)
// needs no origin. Both backends.

let ctx: TestContext;
let uni: Awaited<ReturnType<typeof createUniversity>>;
beforeAll(async () => {
  ctx = await createTestContext({ CORS_ORIGINS: 'https://portal.example.edu', PUBLIC_URL: 'https://owner.example.edu' });
  uni = await createUniversity(ctx.platform.database.db);
});
afterAll(() => ctx.close());

const signedIn = async () => login(ctx.app, (await createUser(ctx.platform.database.db, { role: 'viewer', universityId: uni.id })).email);
const byCookie = (refresh: string, headers: Record<string, string> = {}) =>
  ctx.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', cookies: { bf_refresh: refresh }, headers });

describe('refresh by cookie', () => {
  it('refuses a foreign Origin with 403 in the envelope, and changes nothing', async () => {
    const t = await signedIn();
    for (const origin of ['https://evil.example', 'https://portal.example.edu.evil.example', 'null']) {
      const res = await byCookie(t.refresh_token, { origin });
      expect(res.statusCode, origin).toBe(403);
      expect(res.json()).toMatchObject({ success: false, message: expect.stringMatching(/portal/) });
      expect(res.json().data).toBeUndefined();
      expect(res.headers['set-cookie'], origin).toBeUndefined(); // neither rotated nor cleared
    }
    // The refresh token was not used up: the portal itself can still refresh with it.
    expect((await byCookie(t.refresh_token, { origin: 'https://portal.example.edu' })).statusCode).toBe(200);
  });

  it('refuses a cookie with no Origin, Sec-Fetch-Site or Referer, and a foreign Referer or cross-site fetch', async () => {
    const t = await signedIn();
    expect((await byCookie(t.refresh_token)).statusCode).toBe(403);
    expect((await byCookie(t.refresh_token, { referer: 'https://evil.example/page' })).statusCode).toBe(403);
    expect((await byCookie(t.refresh_token, { 'sec-fetch-site': 'cross-site' })).statusCode).toBe(403);
    expect((await byCookie(t.refresh_token, { 'sec-fetch-site': 'same-site' })).statusCode).toBe(403);
  });

  it("accepts the configured CORS origins, the portal's public URL, same-origin fetches and the API's own origin", async () => {
    let t = await signedIn();
    const cases: Record<string, string>[] = [
      { origin: 'https://portal.example.edu' },
      { origin: 'https://owner.example.edu' },
      { 'sec-fetch-site': 'same-origin' },
      { referer: 'https://portal.example.edu/dashboard' },
      { origin: 'http://localhost:80' }, // inject's host: the API serving the portal on its own origin
    ];
    for (const headers of cases) {
      const res = await byCookie(t.refresh_token, headers);
      expect(res.statusCode, JSON.stringify(headers)).toBe(200);
      t = res.json().data;
    }
  });

  it('needs no origin for a refresh token in the body', async () => {
    const t = await signedIn();
    const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refresh_token: t.refresh_token }, headers: { origin: 'https://evil.example' } });
    expect(res.statusCode).toBe(200);
  });

  it('still answers 401 when there is no cookie at all', async () => {
    const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: {} });
    expect(res.statusCode).toBe(401);
  });
});
