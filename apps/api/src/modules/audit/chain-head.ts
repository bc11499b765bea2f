import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

// The chain head: each chain's newest (seq, hash), kept outside audit_logs and signed with a key the
// database does not hold. Cutting the newest rows leaves a chain that still links; only a head
// that the table no longer reaches shows it. A database user who also rewinds the head row cannot
// sign the rewound one without the key. (Putting back an older head row they saved, with its
// signature, is not detected here: ship the heads off the database for that — see the report.)

export interface ChainHead { chain_key: string; seq: number; hash: string; signature: string | null }

// Derived from the field-encryption keys (config ENCRYPTION_KEYS, or the embedded keys under
// DATA_DIR), so no new secret to provision; HKDF keeps the two uses of one key apart. The key id
// goes into the signature so the heads survive a key rotation.
let keys: { activeId: string; byId: Map<string, Buffer> } | null = null;

/** Called once per process when the platform opens; without it heads are written unsigned. */
export function useChainHeadKeys(encryption: { activeId: string; keys: Map<string, Buffer> }) {
  const byId = new Map([...encryption.keys].map(([id, k]) => [id, Buffer.from(hkdfSync('sha256', k, Buffer.alloc(0), 'bitflow audit chain head v1', 32))]));
  keys = { activeId: encryption.activeId, byId };
}

const mac = (key: Buffer, h: Pick<ChainHead, 'chain_key' | 'seq' | 'hash'>) => createHmac('sha256', key).update(`${h.chain_key}\n${Number(h.seq)}\n${h.hash}`).digest('hex');

/** "keyId:hex", or null when this process has no key. */
export function signHead(h: Pick<ChainHead, 'chain_key' | 'seq' | 'hash'>): string | null {
  return keys ? `${keys.activeId}:${mac(keys.byId.get(keys.activeId)!, h)}` : null;
}

/** 'unsigned' for a head carried over from before migration 009 (or written without a key). */
export function checkHeadSignature(h: ChainHead): 'valid' | 'invalid' | 'unsigned' {
  if (h.signature === null) return 'unsigned';
  const at = h.signature.lastIndexOf(':');
  const key = keys?.byId.get(h.signature.slice(0, at));
  if (at < 0 || !key) return 'invalid';
  const given = Buffer.from(h.signature.slice(at + 1), 'hex');
  const want = Buffer.from(mac(key, h), 'hex');
  return given.length === want.length && timingSafeEqual(given, want) ? 'valid' : 'invalid';
}
