import type { Config } from '../config.js';
import { openCache, type Cache } from './cache.js';
import { FieldCipher } from './crypto/field-encryption.js';
import { openDatabase, type Database_ } from './db.js';
import { embeddedEncryptionKeys } from './keys.js';

// The adapters, chosen once at boot from config. Business code receives these and never asks
// which mode it is in.
export interface Platform {
  config: Config;
  database: Database_;
  cache: Cache;
  cipher: FieldCipher;
  close(): Promise<void>;
}

export function openPlatform(config: Config): Platform {
  const database = openDatabase(config);
  const cache = openCache(config.redisUrl, config.redisPrefix);
  const keys = embeddedEncryptionKeys(config);
  return {
    config,
    database,
    cache,
    cipher: new FieldCipher(keys.keys, keys.activeId),
    async close() {
      await Promise.allSettled([database.close(), cache.close()]);
    },
  };
}
