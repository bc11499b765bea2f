import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';

// Key material for the embedded default: generated once under DATA_DIR/keys (mode 0600) so a
// restart keeps reading what it wrote. Production passes keys through config instead.
export interface EncryptionKeys {
  activeId: string;
  keys: Map<string, Buffer>;
}

interface KeyFile {
  activeId: string;
  keys: Record<string, string>;
}

const keyFile = (config: Config) => path.join(config.dataDir, 'keys', 'encryption.json');
const newKeyId = (taken: Map<string, unknown> | Record<string, unknown>) => {
  const has = (id: string) => (taken instanceof Map ? taken.has(id) : id in taken);
  let id = `k${Date.now().toString(36)}`;
  for (let n = 2; has(id); n++) id = `k${Date.now().toString(36)}${n}`;
  return id;
};

// Written to a temp file and renamed: a crash mid-write never leaves a half key file, which would
// make every stored value unreadable.
function writeKeyFile(file: string, content: KeyFile) {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(content), { mode: 0o600 });
  fs.renameSync(tmp, file);
}

function readKeyFile(file: string): EncryptionKeys {
  const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as KeyFile;
  return {
    activeId: parsed.activeId,
    keys: new Map(Object.entries(parsed.keys).map(([id, k]) => [id, Buffer.from(k, 'base64')])),
  };
}

export function embeddedEncryptionKeys(config: Config): EncryptionKeys {
  if (config.encryptionKeys) return config.encryptionKeys;
  const file = keyFile(config);
  if (!fs.existsSync(file)) {
    const id = newKeyId({});
    writeKeyFile(file, { activeId: id, keys: { [id]: randomBytes(32).toString('base64') } });
  }
  return readKeyFile(file);
}

/**
 * Adds a fresh key to DATA_DIR/keys/encryption.json and makes it the active one; the earlier keys
 * stay in the file so what they wrote still reads (`cli rotate-keys --new-key`). Refused when
 * ENCRYPTION_KEYS is set: there the operator owns the keys and adds the new one to that variable.
 */
export function addEmbeddedEncryptionKey(config: Config): EncryptionKeys & { previousId: string } {
  if (config.encryptionKeys) {
    throw new Error('ENCRYPTION_KEYS is set: put the new key first in ENCRYPTION_KEYS (keep the old ones after it), deploy, then run `cli rotate-keys` without --new-key.');
  }
  const current = embeddedEncryptionKeys(config);
  const id = newKeyId(current.keys);
  const keys = new Map(current.keys).set(id, randomBytes(32));
  writeKeyFile(keyFile(config), { activeId: id, keys: Object.fromEntries([...keys].map(([k, v]) => [k, v.toString('base64')])) });
  return { activeId: id, keys, previousId: current.activeId };
}
