import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

// Opaque tokens (refresh, invitation, reset): random, shown once, stored only as a SHA-256 hash.
export function newOpaqueToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
