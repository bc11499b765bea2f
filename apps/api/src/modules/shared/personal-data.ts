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

/** The personal fields of `row`, decrypted (or masked) onto `out`. */
export function decryptPersonal<T extends object>(cipher: FieldCipher, row: Encrypted, reveal: boolean, out: T = {} as T): T & Record<PersonalField, string | null> {
  const o = out as T & Record<PersonalField, string | null>;
  for (const f of PERSONAL_FIELDS) {
    const plain = cipher.decrypt(row[`${f}_enc`]);
    o[f] = plain === null ? null : reveal ? plain : mask(f, plain);
  }
  return o;
}
