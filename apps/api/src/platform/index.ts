import type { Config } from '../config.js';
import { openCache, type Cache } from './cache.js';
import { FieldCipher } from './crypto/field-encryption.js';
import { loadKeyRing, type KeyRing } from './crypto/jwt-keys.js';
import { openDatabase, type Database_, type DbLogger } from './db.js';
import { embeddedEncryptionKeys } from './keys.js';
import { openMailer, type Mailer } from './mail.js';

// The adapters, chosen once at boot from config. Business code receives these and never asks
// which mode it is in.
export interface Platform {
  config: Config;
  database: Database_;
  cache: Cache;
  cipher: FieldCipher;
  keys: KeyRing;
  mailer: Mailer;
  close(): Promise<void>;
}

export async function openPlatform(config: Config, opts: { dbLog?: DbLogger } = {}): Promise<Platform> {
  const keys = await loadKeyRing({
    dir: config.jwt.keysDir,
    activeKid: config.jwt.activeKid,
    generateIfEmpty: config.mode === 'embedded' || config.env === 'test',
  });
  const encryption = embeddedEncryptionKeys(config);
  const database = openDatabase(config, opts.dbLog);
  const cache = openCache(config.redisUrl, config.redisPrefix);
  const mailer = openMailer(config);
  return {
    config,
    database,
    cache,
    keys,
    mailer,
    cipher: new FieldCipher(encryption.keys, encryption.activeId),
    async close() {
      mailer.close();
      await Promise.allSettled([database.close(), cache.close()]);
    },
  };
}
