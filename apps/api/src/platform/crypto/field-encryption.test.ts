import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FieldCipher } from './field-encryption.js';

// Personal fields at rest: AES-256-GCM, "keyId:iv:tag:ciphertext", keys rotated by id.
const k1 = randomBytes(32);
const k2 = randomBytes(32);

describe('FieldCipher', () => {
  it('round-trips text, including multi-byte characters, with a fresh IV each time', () => {
    const c = new FieldCipher(new Map([['k1', k1]]), 'k1');
    for (const plain of ['+1 555 0100', '2001-02-03', 'Rua São João 12, 1º andar — Zürich', '日本語の住所 🏫']) {
      const stored = c.encrypt(plain)!;
      expect(stored.split(':')).toHaveLength(4);
      expect(stored.startsWith('k1:')).toBe(true);
      expect(stored).not.toContain(plain);
      expect(c.decrypt(stored)).toBe(plain);
      expect(c.encrypt(plain)).not.toBe(stored);
    }
    expect(c.encrypt('')).toBeNull();
    expect(c.encrypt(null)).toBeNull();
    expect(c.decrypt(null)).toBeNull();
  });

  it('reads values written under an older key after rotation, and writes with the active one', () => {
    const old = new FieldCipher(new Map([['k1', k1]]), 'k1').encrypt('before rotation')!;
    const rotated = new FieldCipher(new Map([['k1', k1], ['k2', k2]]), 'k2');
    expect(rotated.decrypt(old)).toBe('before rotation');
    expect(rotated.encrypt('after')!.startsWith('k2:')).toBe(true);
  });

  it('refuses a tampered value, a wrong tag or an unknown key instead of returning garbage', () => {
    const c = new FieldCipher(new Map([['k1', k1]]), 'k1');
    const [id, iv, tag, data] = c.encrypt('+1 555 0100')!.split(':') as [string, string, string, string];
    const flipped = Buffer.from(data, 'base64url');
    flipped[0]! ^= 1;
    expect(() => c.decrypt([id, iv, tag, flipped.toString('base64url')].join(':'))).toThrow();
    expect(() => c.decrypt([id, iv, Buffer.alloc(16).toString('base64url'), data].join(':'))).toThrow();
    expect(() => c.decrypt(['k9', iv, tag, data].join(':'))).toThrow('Unreadable encrypted field');
    expect(() => c.decrypt('not-a-stored-value')).toThrow('Unreadable encrypted field');
  });
});
