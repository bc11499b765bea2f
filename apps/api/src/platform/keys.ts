import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';

// Key material for the embedded default: generated once under DATA_DIR/keys (mode 0600) so a
// restart keeps reading what it wrote. Production passes keys through config instead.
export function embeddedEncryptionKeys(config: Config): { activeId: string; keys: Map<string, Buffer> } {
  if (config.encryptionKeys) return config.encryptionKeys;
  const dir = path.join(config.dataDir, 'keys');
  const file = path.join(dir, 'encryption.json');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const id = `k${Date.now().toString(36)}`;
    fs.writeFileSync(file, JSON.stringify({ activeId: id, keys: { [id]: randomBytes(32).toString('base64') } }), {
      mode: 0o600,
    });
  }
  const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as { activeId: string; keys: Record<string, string> };
  return {
    activeId: parsed.activeId,
    keys: new Map(Object.entries(parsed.keys).map(([id, k]) => [id, Buffer.from(k, 'base64')])),
  };
}
