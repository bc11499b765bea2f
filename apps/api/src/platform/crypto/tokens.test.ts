import { describe, expect, it } from 'vitest';
import { hashToken, newOpaqueToken, safeEqual } from './tokens.js';

describe('opaque tokens', () => {
  it('are base64url of the requested number of random bytes', () => {
    const t = newOpaqueToken();
    expect(t).toMatch(/^[A-Za-z0-9_-]{43}$/); // 32 bytes → 43 chars, no padding
    expect(Buffer.from(t, 'base64url')).toHaveLength(32);
    expect(Buffer.from(newOpaqueToken(16), 'base64url')).toHaveLength(16);
    expect(newOpaqueToken()).not.toBe(t);
  });

  it('hash to 64 lowercase hex chars (fits the char(64) columns), deterministically', () => {
    expect(hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'); // FIPS 180-2 vector
    const t = newOpaqueToken();
    expect(hashToken(t)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(t)).toBe(hashToken(t));
    expect(hashToken(t)).not.toBe(hashToken(`${t}x`));
  });
});

describe('safeEqual', () => {
  it('compares strings without throwing on length mismatch', () => {
    expect(safeEqual('secret', 'secret')).toBe(true);
    expect(safeEqual('secret', 'secreT')).toBe(false);
    expect(safeEqual('secret', 'secret-longer')).toBe(false);
    expect(safeEqual('', '')).toBe(true);
    expect(safeEqual('é', 'e')).toBe(false); // byte lengths differ, not just characters
  });
});
