import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig, ZEnv } from '../../src/config.js';

// There is no Docker engine here, so the container files are kept honest by checking them against
// the config schema: every variable they set must be one the API reads, and must parse.
const root = path.resolve(__dirname, '../../../..');
const compose = parse(fs.readFileSync(path.join(root, 'deploy/docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, { environment?: Record<string, string>; ports?: string[]; command?: string[] }>;
};
const example = Object.fromEntries(
  fs.readFileSync(path.join(root, 'deploy/.env.example'), 'utf8').split('\n').filter((l) => /^[A-Z_]+=/.test(l)).map((l) => l.split(/=(.*)/s).slice(0, 2) as [string, string]),
);

describe('deploy files', () => {
  it('has the seed’s services plus object storage and a mail catcher', () => {
    expect(Object.keys(compose.services)).toEqual(expect.arrayContaining(['frontend', 'backend', 'queue-worker', 'mysql', 'redis', 'minio', 'mailpit']));
    expect(compose.services['queue-worker']!.command).toContain('apps/api/dist/worker.js');
  });

  it('sets only variables the config knows, and they parse together', () => {
    const known = new Set(Object.keys(ZEnv.shape));
    for (const name of ['backend', 'queue-worker']) {
      const env = compose.services[name]!.environment ?? {};
      for (const key of Object.keys(env)) expect(known.has(key), `${name}: ${key}`).toBe(true);
    }
    for (const key of Object.keys(example)) expect(known.has(key), `.env.example: ${key}`).toBe(true);
    const env = { ...example, ...compose.services.backend!.environment, ENCRYPTION_KEYS: `k1:${Buffer.alloc(32).toString('base64')}` };
    const config = loadConfig(env);
    expect(config.mode).toBe('production');
    expect(config.s3?.bucket).toBe('bitflow');
    expect(compose.services.backend!.ports).toContain(`${config.port}:${config.port}`);
  });

  it('builds the portal image on Node 24 as a non-root standalone server that proxies /api to the backend', () => {
    const docker = fs.readFileSync(path.join(root, 'deploy/Dockerfile.web'), 'utf8');
    expect(docker).toMatch(/^FROM node:24/m);
    expect(docker).toMatch(/^USER node$/m);
    expect(docker).toMatch(/HEALTHCHECK/);
    expect(docker).toContain('NEXT_OUTPUT=standalone');
    const frontend = compose.services.frontend as unknown as { build: { dockerfile: string; args: Record<string, string> } };
    expect(frontend.build.dockerfile).toBe('deploy/Dockerfile.web');
    const backendPort = compose.services.backend!.ports![0]!.split(':')[1];
    expect(frontend.build.args.BITFLOW_API_URL).toBe(`http://backend:${backendPort}`);
    // E-mailed links and CORS name the portal's public address.
    const published = (compose.services.frontend!.ports![0] ?? '').split(':')[0];
    expect(example.PUBLIC_URL).toBe(`http://localhost:${published}`);
  });

  it('builds the API image on Node 24 as a non-root user with a health check', () => {
    const docker = fs.readFileSync(path.join(root, 'deploy/Dockerfile.api'), 'utf8');
    expect(docker).toMatch(/^FROM node:24/m);
    expect(docker).toMatch(/^USER node$/m);
    expect(docker).toMatch(/HEALTHCHECK .*\n?.*\/up/);
    expect(docker).toContain('npm prune --omit=dev');
  });
});
