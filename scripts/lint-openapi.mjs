// Writes the API's OpenAPI document (the built bundle's `cli openapi`, in a throwaway embedded data
// folder) and lints it with Redocly's recommended rules (redocly.yaml). Run after `npm run build`.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bitflow-openapi-'));
const file = path.join(dir, 'openapi.json');
const run = (cmd, args, env = {}) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } }).status ?? 1;
try {
  // Only the document is wanted: the embedded defaults, never the caller's database.
  const env = { DATA_DIR: path.join(dir, 'data'), DATABASE_URL: '', REDIS_URL: '', LOG_LEVEL: 'warn' };
  if (run(process.execPath, ['apps/api/dist/cli.js', 'openapi', file], env) !== 0) process.exit(1);
  process.exitCode = run(process.execPath, [path.join(root, 'node_modules/@redocly/cli/bin/cli.js'), 'lint', file, '--config', 'redocly.yaml', '--format=summary']);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
