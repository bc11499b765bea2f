import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

// AES-256-GCM for personal fields at rest. Stored as "keyId:iv:tag:ciphertext" (base64url parts),
// so keys can rotate: new writes use the active key, reads pick the key by id.
export class FieldCipher {
  constructor(
    private readonly keys: Map<string, Buffer>,
    /** The key new values are written with. */
    readonly activeKeyId: string,
  ) {
    for (const [id, key] of keys) if (key.length !== 32) throw new Error(`Encryption key ${id} must be 32 bytes`);
    if (!keys.has(activeKeyId)) throw new Error(`Active encryption key ${activeKeyId} is missing`);
  }

  encrypt(plain: string | null | undefined): string | null {
    if (plain === null || plain === undefined || plain === '') return null;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.activeKeyId)!, iv);
    const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    const parts = [iv, cipher.getAuthTag(), data].map((b) => b.toString('base64url'));
    return [this.activeKeyId, ...parts].join(':');
  }

  /** The id of the key `stored` was written with (its first part), or null for an empty value. */
  static keyIdOf(stored: string | null | undefined): string | null {
    if (!stored) return null;
    const at = stored.indexOf(':');
    return at < 0 ? stored : stored.slice(0, at);
  }

  /** Every key id this cipher can read. */
  keyIds(): string[] {
    return [...this.keys.keys()];
  }

  decrypt(stored: string | null | undefined): string | null {
    if (!stored) return null;
    const [keyId, iv, tag, data] = stored.split(':');
    const key = keyId ? this.keys.get(keyId) : undefined;
    if (!key || !iv || !tag || data === undefined) throw new Error('Unreadable encrypted field');
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
  }
}
