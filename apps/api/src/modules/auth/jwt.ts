import { randomUUID } from 'node:crypto';
import { decodeProtectedHeader, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import type { Config } from '../../config.js';
import { cryptoLanes } from '../../platform/crypto/crypto-lanes.js';
import type { KeyRing } from '../../platform/crypto/jwt-keys.js';

// Access tokens (RFC 9068 style, typ "at+jwt") and short MFA challenge tokens ("mfa+jwt").
// Verification pins RS256 and resolves the key only from our own key ring by kid, so alg:none,
// HS/RS confusion, injected jwk/jku and unknown kids all fail (RFC 8725).

export type TokenType = 'at+jwt' | 'mfa+jwt';

export interface AccessClaims {
  sub: string; // user id
  sid: string; // session id
  tid: string | null; // university (tenant) id
}

// Access tokens already verified, by their exact text: a signature over the same bytes verifies the
// same way, so a repeat request skips the RSA check (and its hop to the thread pool). Time claims are
// checked again on every hit; the key ring is fixed for the life of the process. Bounded, oldest out.
const VERIFIED_MAX = 10_000;
const CLOCK_TOLERANCE_S = 5;

export class Tokens {
  private readonly verified = new Map<string, JWTPayload>();

  constructor(
    private readonly ring: KeyRing,
    private readonly jwtConfig: Config['jwt'],
  ) {
    // The service is built once per app from this section, so it applies CRYPTO_CONCURRENCY to the
    // process's crypto lanes (password hashing shares them).
    if (jwtConfig.cryptoConcurrency !== undefined) cryptoLanes.setLimit(jwtConfig.cryptoConcurrency);
  }

  get jwks() {
    return this.ring.jwks;
  }

  // WebCrypto signing runs on libuv's thread pool, so the ~5 ms of RSA-4096 stays off the event loop;
  // it waits for a crypto lane first (shared with argon2), so sign-ins leave the event loop a core.
  // Built inside the lane, so iat/exp count from when it is signed, not from when it queued.
  sign(claims: AccessClaims | { sub: string; purpose: string }, typ: TokenType, ttlSeconds: number): Promise<string> {
    return cryptoLanes.run(() =>
      new SignJWT({ ...claims } as JWTPayload)
        .setProtectedHeader({ alg: 'RS256', kid: this.ring.active.kid, typ })
        .setIssuer(this.jwtConfig.issuer)
        .setAudience(this.jwtConfig.audience)
        .setIssuedAt()
        .setNotBefore('0s')
        .setJti(randomUUID())
        .setExpirationTime(`${ttlSeconds}s`)
        .sign(this.ring.active.privateKey),
    );
  }

  signAccess(claims: AccessClaims) {
    return this.sign(claims, 'at+jwt', this.jwtConfig.accessTtlSeconds);
  }

  /** Returns the payload, or null for any invalid token (the caller answers 401). */
  async verify(token: string, typ: TokenType): Promise<JWTPayload | null> {
    const known = typ === 'at+jwt' ? this.verified.get(token) : undefined;
    if (known) {
      const now = Date.now() / 1000;
      if ((known.exp ?? 0) + CLOCK_TOLERANCE_S > now && (known.nbf ?? 0) - CLOCK_TOLERANCE_S <= now) return known;
      this.verified.delete(token);
      return null;
    }
    const payload = await this.verifySignature(token, typ);
    if (payload && typ === 'at+jwt') {
      if (this.verified.size >= VERIFIED_MAX) this.verified.delete(this.verified.keys().next().value!);
      this.verified.set(token, payload);
    }
    return payload;
  }

  private async verifySignature(token: string, typ: TokenType): Promise<JWTPayload | null> {
    try {
      const header = decodeProtectedHeader(token);
      if (header.alg !== 'RS256' || header.jwk || header.jku || header.x5u || header.x5c || header.crit) return null;
      const key = typeof header.kid === 'string' ? this.ring.byKid.get(header.kid) : undefined;
      if (!key) return null;
      const { payload } = await jwtVerify(token, key.publicKey, {
        algorithms: ['RS256'],
        issuer: this.jwtConfig.issuer,
        audience: this.jwtConfig.audience,
        typ,
        clockTolerance: CLOCK_TOLERANCE_S,
        requiredClaims: ['exp', 'iat', 'sub', 'jti'],
      });
      return payload;
    } catch {
      return null;
    }
  }
}
