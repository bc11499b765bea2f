import type { Config } from '../config.js';
import { meteredCache, openCache, type Cache } from './cache.js';
import { Metrics } from './metrics.js';
import { FieldCipher } from './crypto/field-encryption.js';
import { loadKeyRing, type KeyRing } from './crypto/jwt-keys.js';
import { openDatabase, type Database_, type DbLogger } from './db.js';
import { embeddedEncryptionKeys } from './keys.js';
import { useChainHeadKeys } from '../modules/audit/chain-head.js';
import { openMailer, type Mailer } from './mail.js';
import { QueuedMailOutbox, type MailOutbox } from '../modules/mail/mail-outbox.js';
import { openPubSub, type PubSub } from './pubsub.js';
import { openQueue, type JobQueue } from './queue.js';
import { openStorage, type Storage } from './storage.js';

// The adapters, chosen once at boot from config. Business code receives these and never asks
// which mode it is in.
export interface Platform {
  config: Config;
  database: Database_;
  cache: Cache;
  cipher: FieldCipher;
  keys: KeyRing;
  /** The transport; only the `mail.send` job calls it. */
  mailer: Mailer;
  /** Where product code sends e-mail: recorded, then delivered by a job with retries. */
  mail: MailOutbox;
  storage: Storage;
  queue: JobQueue;
  pubsub: PubSub;
  metrics: Metrics;
  close(): Promise<void>;
}

export async function openPlatform(config: Config, opts: { dbLog?: DbLogger } = {}): Promise<Platform> {
  const keys = await loadKeyRing({
    dir: config.jwt.keysDir,
    activeKid: config.jwt.activeKid,
    generateIfEmpty: config.mode === 'embedded' || config.env === 'test',
  });
  const encryption = embeddedEncryptionKeys(config);
  // The audit chain heads are signed with a key derived from these (modules/audit/chain-head.ts).
  useChainHeadKeys(encryption);
  const metrics = new Metrics();
  const database = openDatabase(config, {
    log: (e) => {
      metrics.db.observe({ kind: /^\s*select/i.test(e.query.sql) ? 'read' : 'write' }, e.queryDurationMillis / 1000);
      if (e.level === 'error') metrics.dbErrors.inc();
      opts.dbLog?.(e);
    },
    onRoute: (target) => metrics.dbRouted.inc({ target }),
    onPoolWait: (seconds) => metrics.dbPoolWait.observe(seconds),
  });
  const cache = meteredCache(openCache(config.redisUrl, config.redisPrefix), metrics);
  const mailer = openMailer(config);
  const storage = openStorage(config);
  const queue = openQueue(config.redisUrl, config.redisPrefix, config.workerLockMs);
  const pubsub = openPubSub(config.redisUrl, config.redisPrefix);
  const cipher = new FieldCipher(encryption.keys, encryption.activeId);
  return {
    config,
    database,
    cache,
    keys,
    mailer,
    mail: new QueuedMailOutbox(database.primary, queue, cipher, config.mail),
    storage,
    queue,
    pubsub,
    metrics,
    cipher,
    async close() {
      // Finish in-flight jobs before the connections they need go away.
      await queue.close().catch(() => undefined);
      mailer.close();
      await Promise.allSettled([database.close(), cache.close(), pubsub.close()]);
    },
  };
}
