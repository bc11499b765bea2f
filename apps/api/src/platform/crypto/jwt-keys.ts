import { generateKeyPair as generateKeyPairCb } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { exportJWK, importPKCS8, importSPKI, type CryptoKey, type JWK } from 'jose';

const generateKeyPair = promisify(generateKeyPairCb);

// RS256 signing keys (RSA-4096, as the seed asks). Every `<kid>.pem` private key in the keys
// directory verifies; the active one (JWT_ACTIVE_KID, else the newest file) signs. Rotation = add a
// file, switch the active kid, remove the old file once its tokens have expired (15 min).
export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  jwk: JWK;
}

export interface KeyRing {
  active: SigningKey;
  byKid: Map<string, SigningKey>;
  jwks: { keys: JWK[] };
}

export async function generatePemKey(dir: string, kid: string): Promise<void> {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const { privateKey } = await generateKeyPair('rsa', {
    modulusLength: 4096,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  const tmp = path.join(dir, `.${kid}.${process.pid}.tmp`);
  fs.writeFileSync(tmp, privateKey, { mode: 0o600 });
  fs.renameSync(tmp, path.join(dir, `${kid}.pem`)); // atomic: parallel starters never read half a key
}

export async function loadKeyRing(opts: { dir: string; activeKid?: string; generateIfEmpty: boolean }): Promise<KeyRing> {
  const list = () => (fs.existsSync(opts.dir) ? fs.readdirSync(opts.dir).filter((f) => /^[\w-]+\.pem$/.test(f)) : []);
  if (list().length === 0) {
    if (!opts.generateIfEmpty) throw new Error(`No JWT signing keys (*.pem) found in ${opts.dir}`);
    await generatePemKey(opts.dir, `k${Date.now().toString(36)}`);
  }
  const files = list()
    .map((f) => ({ f, mtime: fs.statSync(path.join(opts.dir, f)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime || b.f.localeCompare(a.f));
  const byKid = new Map<string, SigningKey>();
  for (const { f } of files) {
    const kid = f.slice(0, -4);
    const pem = fs.readFileSync(path.join(opts.dir, f), 'utf8');
    const privateKey = await importPKCS8(pem, 'RS256', { extractable: true });
    const { createPublicKey } = await import('node:crypto');
    const spki = createPublicKey(pem).export({ type: 'spki', format: 'pem' }).toString();
    const publicKey = await importSPKI(spki, 'RS256', { extractable: true });
    const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
    byKid.set(kid, { kid, privateKey, publicKey, jwk });
  }
  const activeKid = opts.activeKid ?? files[0]!.f.slice(0, -4);
  const active = byKid.get(activeKid);
  if (!active) throw new Error(`JWT_ACTIVE_KID "${activeKid}" has no ${activeKid}.pem in ${opts.dir}`);
  return { active, byKid, jwks: { keys: [...byKid.values()].map((k) => k.jwk) } };
}
