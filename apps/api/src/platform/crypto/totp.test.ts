import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  base32Decode,
  base32Encode,
  generateRecoveryCodes,
  generateTotp,
  generateTotpSecret,
  hashRecoveryCode,
  totpUri,
  verifyTotp,
} from './totp.js';

// RFC 6238 Appendix B, SHA-1 rows: the seed is ASCII "12345678901234567890".
const RFC_SECRET = base32Encode(Buffer.from('12345678901234567890'));
const VECTORS: [number, string][] = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
];
const at = (seconds: number) => seconds * 1000;

describe('base32 (RFC 4648)', () => {
  it('matches the RFC 4648 vectors (without padding) and round-trips', () => {
    const cases: [string, string][] = [['', ''], ['f', 'MY'], ['fo', 'MZXQ'], ['foo', 'MZXW6'], ['foob', 'MZXW6YQ'], ['fooba', 'MZXW6YTB'], ['foobar', 'MZXW6YTBOI']];
    for (const [plain, enc] of cases) {
      expect(base32Encode(Buffer.from(plain))).toBe(enc);
      expect(base32Decode(enc).toString()).toBe(plain);
    }
    expect(base32Decode('mzxw6ytboi======').toString()).toBe('foobar'); // lower case and padding tolerated
    expect(RFC_SECRET).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    expect(() => base32Decode('MZ1W')).toThrow('Invalid base32');
  });
});

describe('TOTP', () => {
  it('reproduces the RFC 6238 SHA-1 test vectors', () => {
    for (const [t, code8] of VECTORS) {
      expect(generateTotp(RFC_SECRET, at(t), 8)).toBe(code8);
      expect(generateTotp(RFC_SECRET, at(t))).toBe(code8.slice(-6));
    }
  });

  it('verifies a code and returns its time-step counter (for replay protection)', () => {
    for (const [t, code8] of VECTORS) {
      expect(verifyTotp(RFC_SECRET, code8.slice(-6), { now: at(t) })).toBe(Math.floor(t / 30));
    }
  });

  it('accepts ±1 step of clock drift by default, and the window is configurable', () => {
    const t = 1111111111;
    const step = Math.floor(t / 30);
    const prev = generateTotp(RFC_SECRET, at(t - 30));
    const next = generateTotp(RFC_SECRET, at(t + 30));
    const old = generateTotp(RFC_SECRET, at(t - 60));
    expect(verifyTotp(RFC_SECRET, prev, { now: at(t) })).toBe(step - 1);
    expect(verifyTotp(RFC_SECRET, next, { now: at(t) })).toBe(step + 1);
    expect(verifyTotp(RFC_SECRET, old, { now: at(t) })).toBeNull();
    expect(verifyTotp(RFC_SECRET, old, { now: at(t), window: 2 })).toBe(step - 2);
    expect(verifyTotp(RFC_SECRET, prev, { now: at(t), window: 0 })).toBeNull();
  });

  it('rejects anything that is not exactly six digits', () => {
    const code = generateTotp(RFC_SECRET, at(59));
    for (const bad of ['', '12345', '1234567', `${code} `, ` ${code}`, '28708a', '２８７０８２', '94287082', '-28708']) {
      expect(verifyTotp(RFC_SECRET, bad, { now: at(59) })).toBeNull();
    }
  });

  it('rejects a code made with another secret', () => {
    const other = generateTotpSecret();
    expect(verifyTotp(other, generateTotp(RFC_SECRET, at(59)), { now: at(59) })).toBeNull();
  });

  it('generates 20-byte base32 secrets that verify against the current time', () => {
    const s = generateTotpSecret();
    expect(s).toMatch(/^[A-Z2-7]{32}$/);
    expect(base32Decode(s)).toHaveLength(20);
    expect(generateTotpSecret()).not.toBe(s);
    const now = Date.now(); // one instant, so a step boundary between the calls cannot flake the test
    expect(verifyTotp(s, generateTotp(s, now), { now })).toBe(Math.floor(now / 30_000));
  });

  it('builds an otpauth:// URI authenticator apps can read', () => {
    const uri = totpUri({ secret: 'JBSWY3DPEHPK3PXP', account: 'ada+mfa@uni.edu', issuer: 'Bitflow Owner Portal' });
    expect(uri.startsWith('otpauth://totp/Bitflow%20Owner%20Portal%3Aada%2Bmfa%40uni.edu?')).toBe(true);
    const q = new URL(uri).searchParams;
    expect(Object.fromEntries(q)).toEqual({ secret: 'JBSWY3DPEHPK3PXP', issuer: 'Bitflow Owner Portal', algorithm: 'SHA1', digits: '6', period: '30' });
  });
});

describe('recovery codes', () => {
  it('come as xxxx-xxxx-xx from an alphabet without 0/1/l/o, all different', () => {
    const codes = generateRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c).toMatch(/^[a-km-np-z2-9]{4}-[a-km-np-z2-9]{4}-[a-km-np-z2-9]{2}$/);
    expect(generateRecoveryCodes(3)).toHaveLength(3);
  });

  it('hash the normalised code: case, dashes and spaces do not matter', () => {
    const expected = createHash('sha256').update('abcd2345xy').digest('hex');
    expect(hashRecoveryCode('abcd-2345-xy')).toBe(expected);
    expect(hashRecoveryCode('ABCD-2345-XY')).toBe(expected);
    expect(hashRecoveryCode(' abcd 2345 xy ')).toBe(expected);
    expect(hashRecoveryCode('abcd2345xy')).toBe(expected);
    expect(hashRecoveryCode('abcd-2345-xz')).not.toBe(expected);
  });
});
