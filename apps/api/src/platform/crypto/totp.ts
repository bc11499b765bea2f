import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

// RFC 6238 TOTP (SHA-1, 6 digits, 30 s steps) with node:crypto — the parameters every authenticator
// app supports. verifyTotp returns the matched time step so callers can refuse a replayed code.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const STEP = 30;

export function base32Encode(buf: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of buf) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

export function base32Decode(s: string): Buffer {
  const clean = s.toUpperCase().replace(/=+$/, '').replace(/\s/g, '');
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of clean) {
    const idx = ALPHABET.indexOf(ch);
    if (idx < 0) throw new Error('Invalid base32');
    value = (value << 5) | idx;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

export function generateTotpSecret(): string {
  return base32Encode(randomBytes(20));
}

export function totpUri(o: { secret: string; account: string; issuer: string }): string {
  const label = encodeURIComponent(`${o.issuer}:${o.account}`);
  const q = new URLSearchParams({ secret: o.secret, issuer: o.issuer, algorithm: 'SHA1', digits: '6', period: String(STEP) });
  // %20, not '+', for spaces: some authenticator apps show a '+' literally.
  return `otpauth://totp/${label}?${q.toString().replace(/\+/g, '%20')}`;
}

function hotp(key: Buffer, counter: number, digits = 6): string {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', key).update(msg).digest();
  const offset = mac[mac.length - 1]! & 0xf;
  const bin = (mac.readUInt32BE(offset) & 0x7fffffff) % 10 ** digits;
  return String(bin).padStart(digits, '0');
}

export function generateTotp(secret: string, now = Date.now(), digits = 6): string {
  return hotp(base32Decode(secret), Math.floor(now / 1000 / STEP), digits);
}

/** The matched time-step counter, or null. Accepts ±window steps for clock drift. */
export function verifyTotp(secret: string, code: string, opts: { now?: number; window?: number } = {}): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const key = base32Decode(secret);
  const current = Math.floor((opts.now ?? Date.now()) / 1000 / STEP);
  const window = opts.window ?? 1;
  for (let c = Math.max(0, current - window); c <= current + window; c++) {
    if (timingSafeEqual(Buffer.from(hotp(key, c)), Buffer.from(code))) return c;
  }
  return null;
}

// Recovery codes: no 0/1/l/o so they can be read aloud and typed back.
const RECOVERY_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

export function generateRecoveryCodes(n = 10): string[] {
  const pick = (k: number) => Array.from({ length: k }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join('');
  return Array.from({ length: n }, () => `${pick(4)}-${pick(4)}-${pick(2)}`);
}

export function hashRecoveryCode(code: string): string {
  return createHash('sha256').update(code.toLowerCase().replace(/[\s-]/g, '')).digest('hex');
}
