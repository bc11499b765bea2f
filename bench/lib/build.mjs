// Bundles bench/lib/api-entry.ts (the API's own TypeScript) into node_modules/.cache/bitflow-bench/api.mjs, the same way
// apps/api/build.mjs bundles the server: workspace packages inlined, npm packages external.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const here = path.dirname(fileURLToPath(import.meta.url));
// esbuild is a dependency of apps/api (its build tool), installed there.
const { build } = createRequire(path.join(here, '..', '..', 'apps', 'api', 'package.json'))('esbuild');

export async function buildApiBundle() {
  // Under node_modules/.cache: ignored by git and lint, and npm packages resolve from there.
  const outfile = path.join(here, '..', '..', 'node_modules', '.cache', 'bitflow-bench', 'api.mjs');
  await build({
    entryPoints: [path.join(here, 'api-entry.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
    // Resolve npm packages from apps/api, where they are installed.
    nodePaths: [path.join(here, '..', '..', 'apps', 'api', 'node_modules'), path.join(here, '..', '..', 'node_modules')],
    plugins: [
      {
        name: 'external-npm',
        setup(b) {
          b.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@bitflow/') ? undefined : { path: args.path, external: true }));
        },
      },
    ],
  });
  return outfile;
}

export async function loadApi() {
  const file = await buildApiBundle();
  return import(file);
}
