import { PERSONAL_FIELDS } from '../../modules/shared/personal-data.js';

// Every column that holds FieldCipher ciphertext ("keyId:iv:tag:ct"), by table. Key rotation
// (key-rotation.ts) re-encrypts exactly these, so a column missing here would keep an old key alive
// for ever: test/security/key-rotation.test.ts compares this list with the schema's `*_enc` columns.
// The personal columns come from the same list the services encrypt with (PERSONAL_FIELDS).
const personal = PERSONAL_FIELDS.map((f) => `${f}_enc` as const);

export const ENCRYPTED_COLUMNS = {
  students: personal,
  faculty: personal,
  users: ['mfa_secret_enc'],
  // Queued e-mails (migration 011): the JSON message, NULL once sent.
  mail_outbox: ['message'],
} as const satisfies Record<string, readonly string[]>;

export type EncryptedTable = keyof typeof ENCRYPTED_COLUMNS;

/**
 * Tables whose raw rows (ciphertext included) the list cache keeps (modules/shared/list-cache.ts),
 * by university_id: rotating their rows moves the university's list version on.
 */
export const LIST_CACHED: ReadonlySet<EncryptedTable> = new Set(['students', 'faculty']);
