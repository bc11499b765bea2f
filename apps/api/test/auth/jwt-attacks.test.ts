import { createHmac, generateKeyPairSync } from 'node:crypto';
import { exportJWK, SignJWT, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { createUniversity, createUser, login } from '../helpers/factories.js';

// RFC 8725 (JWT best current practice): every forged or misused token gets 401 on a protected route.
let ctx: TestContext;
let good: { access_token: string; refresh_token: string };
let claims: JWTPayload;

beforeAll(async () => {
  ctx = await createTestContext();
  const uni = await createUniversity(ctx.platform.database.db);
  const u = await createUser(ctx.platform.database.db, { role: 'university_owner', universityId: uni.id });
  good = await login(ctx.app, u.email);
  claims = JSON.parse(Buffer.from(good.access_token.split('.')[1]!, 'base64url').toString());
});
afterAll(() => ctx.close());

const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
const call = (token: string) => ctx.app.inject({ url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } });
const kid = () => ctx.platform.keys.active.kid;
const cfg = () => ctx.config.jwt;

/** Signs with OUR real private key, so only the claim or header under test is wrong. */
function ours(payload: JWTPayload, opts: { iss?: string; aud?: string; typ?: string } = {}) {
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'RS256', kid: kid(), typ: opts.typ ?? 'at+jwt' })
    .setIssuer(opts.iss ?? cfg().issuer)
    .setAudience(opts.aud ?? cfg().audience)
    .sign(ctx.platform.keys.active.privateKey);
}
const base = () => ({ sub: claims.sub, sid: claims.sid, tid: claims.tid, jti: 'x', iat: Math.floor(Date.now() / 1000) });

describe('JWT attacks (RFC 8725) → 401', () => {
  it('the genuine token works (control)', async () => {
    expect((await call(good.access_token)).statusCode).toBe(200);
  });

  it('alg: none', async () => {
    const token = `${b64({ alg: 'none', typ: 'at+jwt', kid: kid() })}.${good.access_token.split('.')[1]}.`;
    expect((await call(token)).statusCode).toBe(401);
    expect((await call(`${token}AAAA`)).statusCode).toBe(401);
  });

  it('HS256 signed with the public key (algorithm confusion)', async () => {
    const publicPem = (await import('node:crypto')).createPublicKey({ key: ctx.platform.keys.active.jwk as never, format: 'jwk' }).export({ type: 'spki', format: 'pem' });
    const head = b64({ alg: 'HS256', typ: 'at+jwt', kid: kid() });
    const body = good.access_token.split('.')[1];
    const sig = createHmac('sha256', publicPem).update(`${head}.${body}`).digest('base64url');
    expect((await call(`${head}.${body}.${sig}`)).statusCode).toBe(401);
  });

  it('unknown or injected kid', async () => {
    for (const k of ['nope', '../../../../dev/null', "' OR '1'='1"]) {
      const [, body, sig] = good.access_token.split('.');
      const head = b64({ alg: 'RS256', typ: 'at+jwt', kid: k });
      expect((await call(`${head}.${body}.${sig}`)).statusCode, k).toBe(401);
    }
  });

  it('embedded jwk or jku pointing at an attacker key', async () => {
    const attacker = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwk = await exportJWK(attacker.publicKey);
    for (const extra of [{ jwk }, { jku: 'https://attacker.example/jwks.json' }]) {
      const token = await new SignJWT(base())
        .setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', kid: kid(), ...extra })
        .setIssuer(cfg().issuer)
        .setAudience(cfg().audience)
        .setExpirationTime('10m')
        .sign(attacker.privateKey);
      expect((await call(token)).statusCode).toBe(401);
    }
  });

  it('expired', async () => {
    const now = Math.floor(Date.now() / 1000);
    expect((await call(await ours({ ...base(), iat: now - 3600, exp: now - 60 }))).statusCode).toBe(401);
  });

  it('expired after it was accepted (the verified-token cache checks the time again)', async () => {
    const now = Math.floor(Date.now() / 1000);
    // Accepted while within the 5 s clock tolerance, then past it.
    const token = await ours({ ...base(), iat: now - 60, exp: now - 3 });
    expect((await call(token)).statusCode).toBe(200);
    await new Promise((r) => setTimeout(r, 2600));
    expect((await call(token)).statusCode).toBe(401);
  });

  it('nbf in the future', async () => {
    const now = Math.floor(Date.now() / 1000);
    expect((await call(await ours({ ...base(), exp: now + 600, nbf: now + 300 }))).statusCode).toBe(401);
  });

  it('wrong issuer or audience', async () => {
    const exp = Math.floor(Date.now() / 1000) + 600;
    expect((await call(await ours({ ...base(), exp }, { iss: 'someone-else' }))).statusCode).toBe(401);
    expect((await call(await ours({ ...base(), exp }, { aud: 'another-api' }))).statusCode).toBe(401);
    // Control: the same construction with the right values is accepted.
    expect((await call(await ours({ ...base(), exp }))).statusCode).toBe(200);
  });

  it('wrong typ (an MFA challenge token used as an access token)', async () => {
    const exp = Math.floor(Date.now() / 1000) + 600;
    expect((await call(await ours({ ...base(), exp }, { typ: 'mfa+jwt' }))).statusCode).toBe(401);
  });

  it('a refresh token used as an access token', async () => {
    expect((await call(good.refresh_token)).statusCode).toBe(401);
  });

  it('a claim edited after signing', async () => {
    const [head, body, sig] = good.access_token.split('.');
    const edited = b64({ ...JSON.parse(Buffer.from(body!, 'base64url').toString()), tid: '00000000-0000-0000-0000-000000000000' });
    expect((await call(`${head}.${edited}.${sig}`)).statusCode).toBe(401);
  });

  it('garbage and malformed headers', async () => {
    for (const h of ['Bearer', 'Bearer ', 'Basic abc', `bearer ${good.access_token}x`, 'Bearer a.b.c']) {
      const res = await ctx.app.inject({ url: '/api/v1/auth/me', headers: { authorization: h } });
      expect(res.statusCode, h).toBe(401);
    }
  });

  it('a token after logout', async () => {
    const u = await createUser(ctx.platform.database.db, { role: 'viewer', universityId: String(claims.tid) });
    const t = await login(ctx.app, u.email);
    await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { authorization: `Bearer ${t.access_token}` } });
    expect((await call(t.access_token)).statusCode).toBe(401);
  });
});
