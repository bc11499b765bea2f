import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig, ZEnv } from '../../src/config.js';

// There is no Docker engine here, so the container files are kept honest by checking them against
// the config schema: every variable they set must be one the API reads, and must parse.
const root = path.resolve(__dirname, '../../../..');
const compose = parse(fs.readFileSync(path.join(root, 'deploy/docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, { environment?: Record<string, string>; ports?: string[]; expose?: string[]; command?: string[]; volumes?: string[] }>;
};
const example = Object.fromEntries(
  fs.readFileSync(path.join(root, 'deploy/.env.example'), 'utf8').split('\n').filter((l) => /^[A-Z_]+=/.test(l)).map((l) => l.split(/=(.*)/s).slice(0, 2) as [string, string]),
);

describe('deploy files', () => {
  it('has the seed’s services plus object storage and a mail catcher', () => {
    expect(Object.keys(compose.services)).toEqual(expect.arrayContaining(['proxy', 'frontend', 'backend', 'backend-2', 'queue-worker', 'mysql', 'redis', 'minio', 'mailpit']));
    expect(compose.services['queue-worker']!.command).toContain('apps/api/dist/worker.js');
  });

  it('sets only variables the config knows, and they parse together', () => {
    const known = new Set(Object.keys(ZEnv.shape));
    for (const name of ['backend', 'backend-2', 'queue-worker']) {
      const env = compose.services[name]!.environment ?? {};
      for (const key of Object.keys(env)) expect(known.has(key), `${name}: ${key}`).toBe(true);
    }
    for (const key of Object.keys(example)) expect(known.has(key), `.env.example: ${key}`).toBe(true);
    const env = { ...example, ...compose.services.backend!.environment, ENCRYPTION_KEYS: `k1:${Buffer.alloc(32).toString('base64')}` };
    const config = loadConfig(env);
    expect(config.mode).toBe('production');
    expect(config.s3?.bucket).toBe('bitflow');
    expect(compose.services.backend!.expose).toContain(String(config.port));
    // Behind the proxy, which replaces X-Forwarded-For: the API must trust it to see the client's address.
    expect(config.trustProxy).toBe(true);
  });

  it('puts nginx at the edge, from the template the proxy drill runs, in front of both API nodes', () => {
    const proxy = compose.services.proxy!;
    const env = proxy.environment!;
    const template = fs.readFileSync(path.join(root, 'deploy/nginx/nginx.conf.template'), 'utf8');
    // The image renders /etc/nginx/templates/*.template with envsubst: every ${BITFLOW_*} must have a value.
    expect(proxy.volumes).toContain('./nginx/nginx.conf.template:/etc/nginx/templates/nginx.conf.template:ro');
    expect(env.NGINX_ENVSUBST_OUTPUT_DIR).toBe('/etc/nginx');
    for (const [, name] of template.matchAll(/\$\{(BITFLOW_\w+)\}/g)) expect(env[name!], name).toBeTruthy();
    // Both upstreams are API services on the port they listen on; the portal is the frontend.
    for (const upstream of [env.BITFLOW_API_1!, env.BITFLOW_API_2!]) {
      const [service, port] = upstream.split(':');
      expect(compose.services[service!]!.environment!.PORT).toBe(port);
    }
    expect(new Set([env.BITFLOW_API_1, env.BITFLOW_API_2]).size).toBe(2);
    expect(env.BITFLOW_PORTAL).toBe('frontend:3000');
    // The proxy is the only published web address; the redirect target is the published HTTPS port.
    expect(proxy.ports).toEqual(expect.arrayContaining([`${env.BITFLOW_HTTP_PORT}:80`, `${env.BITFLOW_HTTPS_PORT}:443`]));
    expect(compose.services.backend!.ports).toBeUndefined();
    expect(compose.services.frontend!.ports).toBeUndefined();
  });

  it('builds the portal image on Node 24 as a non-root standalone server that proxies /api to the backend', () => {
    const docker = fs.readFileSync(path.join(root, 'deploy/Dockerfile.web'), 'utf8');
    expect(docker).toMatch(/^FROM node:24/m);
    expect(docker).toMatch(/^USER node$/m);
    expect(docker).toMatch(/HEALTHCHECK/);
    expect(docker).toContain('NEXT_OUTPUT=standalone');
    const frontend = compose.services.frontend as unknown as { build: { dockerfile: string; args: Record<string, string> } };
    expect(frontend.build.dockerfile).toBe('deploy/Dockerfile.web');
    const backendPort = compose.services.backend!.environment!.PORT;
    expect(frontend.build.args.BITFLOW_API_URL).toBe(`http://backend:${backendPort}`);
    // E-mailed links and CORS name the portal's public address: the proxy's HTTPS port (443, so no port).
    expect(compose.services.proxy!.environment!.BITFLOW_HTTPS_PORT).toBe('443');
    expect(example.PUBLIC_URL).toBe('https://localhost');
    expect(example.CORS_ORIGINS).toBe(example.PUBLIC_URL);
  });

  it('builds the API image on Node 24 as a non-root user with a health check', () => {
    const docker = fs.readFileSync(path.join(root, 'deploy/Dockerfile.api'), 'utf8');
    expect(docker).toMatch(/^FROM node:24/m);
    expect(docker).toMatch(/^USER node$/m);
    expect(docker).toMatch(/HEALTHCHECK .*\n?.*\/up/);
    expect(docker).toContain('npm prune --omit=dev');
  });
});
