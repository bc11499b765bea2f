import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';

describe('config', () => {
  it('gives a working embedded default with no environment at all', () => {
    const c = loadConfig({});
    expect(c.mode).toBe('embedded');
    expect(c.port).toBe(3000);
    expect(c.database.sqlitePath).toMatch(/data[/\\]bitflow\.sqlite$/);
    expect(c.demo).toBe(true);
    expect(c.redisUrl).toBeUndefined();
  });

  it('treats empty strings as missing', () => {
    const c = loadConfig({ PORT: '', DATABASE_URL: '  ', REDIS_URL: '' });
    expect(c.port).toBe(3000);
    expect(c.mode).toBe('embedded');
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'postgres://x@localhost/db'],
    ['REDIS_URL', 'not a url'],
    ['LOG_LEVEL', 'loud'],
    ['BITFLOW_DEMO', 'maybe'],
  ])('stops with one line naming %s when it is %j', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrowError(new RegExp(`^Invalid configuration: ${name} `));
  });

  it('needs the owner e-mail and password together, and no weak owner password', () => {
    expect(() => loadConfig({ BITFLOW_OWNER_EMAIL: 'a@b.co' })).toThrow(/BITFLOW_OWNER_EMAIL and BITFLOW_OWNER_PASSWORD/);
    expect(() => loadConfig({ BITFLOW_OWNER_EMAIL: 'a@b.co', BITFLOW_OWNER_PASSWORD: 'short' })).toThrow(/BITFLOW_OWNER_PASSWORD/);
  });

  it('switches to production mode with MySQL + Redis, which requires encryption keys', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://root@127.0.0.1/x' })).toThrow(/ENCRYPTION_KEYS/);
    const c = loadConfig({
      DATABASE_URL: 'mysql://root@127.0.0.1/x',
      REDIS_URL: 'redis://127.0.0.1:6379',
      ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
    });
    expect(c.mode).toBe('production');
    expect(c.demo).toBe(false);
    expect(c.encryptionKeys?.activeId).toBe('k1');
  });
});
