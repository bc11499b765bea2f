import { DEMO_PASSWORD, seedDemo } from '../../src/db/seed/demo.js';
import { createTestContext } from './context.js';
import { login } from './factories.js';

/** A test backend with the deterministic demo seeded, and access tokens for the named demo users. */
export async function createDemoContext<K extends string>(users: Record<K, string>) {
  const ctx = await createTestContext();
  await seedDemo(ctx.platform.database.db, ctx.platform.cipher);
  const tokens = {} as Record<K, string>;
  for (const [key, email] of Object.entries(users) as [K, string][]) tokens[key] = (await login(ctx.app, email, DEMO_PASSWORD)).access_token;
  return { ctx, tokens };
}
