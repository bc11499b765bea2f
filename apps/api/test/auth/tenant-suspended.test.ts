import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { createUniversity, createUser, login, PASSWORD, signInAs } from '../helpers/factories.js';

// Issue #19 item 12: a suspended university's users were told only "Your university is suspended";
// the reason the operator gave now comes with it, on every request and at sign-in.

let ctx: TestContext;
const db = () => ctx.platform.database.db;

beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

describe('TENANT_SUSPENDED', () => {
  it('carries the operator’s reason in the message and in errors.suspended_reason', async () => {
    const uni = await createUniversity(db());
    const user = await createUser(db(), { role: 'registrar', universityId: uni.id });
    const session = await login(ctx.app, user.email);
    const god = await signInAs(ctx.app, db(), 'bitflow_owner');
    const reason = 'Invoice 2026-114 is 60 days overdue.';
    const s = await ctx.app.inject({ method: 'POST', url: `/api/v1/universities/${uni.id}/suspend`, headers: god.headers, payload: { reason } });
    expect(s.statusCode, s.body).toBe(200);

    const signedIn = await ctx.app.inject({ url: '/api/v1/auth/me', headers: { authorization: `Bearer ${session.access_token}` } });
    const signingIn = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: user.email, password: PASSWORD } });
    for (const res of [signedIn, signingIn]) {
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({
        success: false,
        message: `Your university is suspended. Reason given: ${reason} Contact the platform operator.`,
        errors: { suspended_reason: [reason] },
        code: 'TENANT_SUSPENDED',
      });
    }
  });
});
