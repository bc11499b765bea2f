import type { FieldCipher } from '../../platform/crypto/field-encryption.js';

// Personal fields of students and faculty: encrypted at rest, returned in full only to holders of
// `*.view_sensitive`, masked otherwise.
export const PERSONAL_FIELDS = ['phone', 'date_of_birth', 'address', 'national_id'] as const;
type PersonalField = (typeof PERSONAL_FIELDS)[number];
type Encrypted = { [K in PersonalField as `${K}_enc`]: string | null };

export function encryptPersonal(cipher: FieldCipher, input: Partial<Record<PersonalField, string | null | undefined>>): Partial<Encrypted> {
  const out: Partial<Encrypted> = {};
  for (const f of PERSONAL_FIELDS) {
    if (input[f] !== undefined) out[`${f}_enc`] = cipher.encrypt(input[f]);
  }
  return out;
}

function mask(field: PersonalField, value: string): string {
  if (field === 'phone' || field === 'national_id') return `${'•'.repeat(Math.max(0, value.length - 4))}${value.slice(-4)}`;
  if (field === 'date_of_birth') return '••••-••-••';
  return '••••••';
}

// Masks that show nothing of the value: a masked caller needs no decryption for these fields.
const VALUE_FREE_MASK: ReadonlySet<PersonalField> = new Set(['date_of_birth', 'address']);

// A stored value always decrypts to the same text (its key id, IV and tag are part of it), so the
// text of recently read values is kept: a list page's 30 fields cost 30 AES-GCM decryptions (the
// largest single cost of a list request, issue #22) the first time and a map lookup after. Bounded;
// per cipher, so a process holding another key set never reads through this one's memo.
const MEMO_MAX = 20_000;
const memos = new WeakMap<FieldCipher, Map<string, string | null>>();
function decrypted(cipher: FieldCipher, stored: string | null): string | null {
  if (!stored) return null;
  let memo = memos.get(cipher);
  if (!memo) memos.set(cipher, (memo = new Map()));
  let plain = memo.get(stored);
  if (plain === undefined) {
    plain = cipher.decrypt(stored);
    if (memo.size >= MEMO_MAX) memo.clear();
    memo.set(stored, plain);
  }
  return plain;
}

/** The personal fields of `row`, decrypted (or masked) onto `out`. */
export function decryptPersonal<T extends object>(cipher: FieldCipher, row: Encrypted, reveal: boolean, out: T = {} as T): T & Record<PersonalField, string | null> {
  const o = out as T & Record<PersonalField, string | null>;
  for (const f of PERSONAL_FIELDS) {
    const stored = row[`${f}_enc`];
    if (!reveal && VALUE_FREE_MASK.has(f)) {
      o[f] = stored ? mask(f, '') : null;
      continue;
    }
    const plain = decrypted(cipher, stored);
    o[f] = plain === null ? null : reveal ? plain : mask(f, plain);
  }
  return o;
}
