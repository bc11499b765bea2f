import { ListCache } from '../../modules/shared/list-cache.js';
import type { Platform } from '../index.js';
import { addEmbeddedEncryptionKey, embeddedEncryptionKeys } from '../keys.js';
import { rotateKeys, type RotationResult } from './key-rotation.js';

// `cli rotate-keys [--new-key]`: what the operator sees of key-rotation.ts. Progress goes to stdout
// at most once a second per table (and when a table is done); SIGINT/SIGTERM stop it after the
// batch in flight, and running it again finishes the job.

const n = (v: number) => v.toLocaleString('en-US');

export async function rotateKeysCommand(platform: Platform, opts: { newKey: boolean; out?: NodeJS.WritableStream }): Promise<number> {
  const out = opts.out ?? process.stdout;
  const say = (line: string) => out.write(`${line}\n`);
  let keys = embeddedEncryptionKeys(platform.config);
  if (opts.newKey) {
    const added = addEmbeddedEncryptionKey(platform.config);
    keys = added;
    say(`New key ${added.activeId} is active in DATA_DIR/keys/encryption.json (${added.previousId} and the earlier keys stay there for reading).`);
    say('Restart the server and workers so they write with it; then run `cli rotate-keys` again if any row below is still under an old key.');
  }
  say(`Re-encrypting under ${keys.activeId} (keys known: ${[...keys.keys.keys()].join(', ')}).`);

  const stop = new AbortController();
  const onSignal = () => {
    if (!stop.signal.aborted) say('Stopping after the batch in flight; run `cli rotate-keys` again to finish.');
    stop.abort();
  };
  process.on('SIGINT', onSignal).on('SIGTERM', onSignal);
  const lastPrinted = new Map<string, number>();
  let result: RotationResult;
  try {
    result = await rotateKeys({
      db: platform.database.db,
      keys,
      bumpLists: (u) => new ListCache(platform.cache).bump(u),
      signal: stop.signal,
      onProgress: (p) => {
        const now = Date.now();
        if (p.done < p.total && now - (lastPrinted.get(p.table) ?? 0) < 1000) return;
        lastPrinted.set(p.table, now);
        say(`${p.table}: ${n(p.done)}/${n(p.total)} re-encrypted`);
      },
    });
  } finally {
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
  }
  return report(result, say);
}

function report(r: RotationResult, say: (line: string) => void): number {
  let code = 0;
  for (const [table, t] of Object.entries(r.tables)) {
    if (t.conflicts) say(`${table}: ${n(t.conflicts)} rows changed by the app while being re-encrypted (read again).`);
    if (t.unreadable.length) {
      code = 1;
      say(`${table}: ${n(t.unreadable.length)} rows hold a value no configured key reads; left as they are: ${t.unreadable.slice(0, 20).join(', ')}${t.unreadable.length > 20 ? ', …' : ''}`);
    }
  }
  if (r.heads.resigned) say(`audit chain heads: ${n(r.heads.resigned)} re-signed under ${r.activeKeyId}.`);
  if (r.heads.invalid.length) say(`audit chain heads whose signature does not verify (left as they are; see GET /api/v1/audit-logs/verify): ${r.heads.invalid.join(', ')}`);
  const refs = Object.entries(r.referenced);
  say(`Key ids still referenced: ${refs.length ? refs.map(([k, c]) => `${k} (${n(c)})`).join(', ') : 'none'}.`);
  const old = refs.filter(([k]) => k !== r.activeKeyId).map(([k]) => k);
  if (r.interrupted) {
    say('Interrupted: run `cli rotate-keys` again to finish.');
    return 130;
  }
  if (old.length) {
    say(`Old keys still in use: ${old.join(', ')}. Keep them. Rows written by a node still on the old key show here: deploy the new key everywhere, then run again.`);
    return code || 1;
  }
  say(`Only ${r.activeKeyId} is referenced: the other keys can be removed from the configuration (keep them with the backups taken before today).`);
  return code;
}
