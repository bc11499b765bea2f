import { spawn } from 'node:child_process';
import path from 'node:path';
import { ROOT, env, serverEnv } from './env.mjs';

// Child processes the bench starts (and stops): the API under test and the hello-world reference.

async function waitFor(url, child, ms = 60_000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`${url}: process exited with ${child.exitCode}`);
    try {
      const r = await fetch(url);
      if (r.status < 500) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not come up`);
}

function start(args, extraEnv, name) {
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...extraEnv }, stdio: ['ignore', 'inherit', 'inherit'] });
  child.benchName = name;
  return child;
}

// BENCH_API_SERVER: another build of the API (e.g. a worktree of an older commit) for before/after.
export async function startApi(nodeArgs = []) {
  const server = path.resolve(ROOT, process.env.BENCH_API_SERVER ?? 'apps/api/dist/server.js');
  const child = start([...nodeArgs, server], serverEnv(), 'api');
  await waitFor(`http://127.0.0.1:${env.port}/up`, child);
  return child;
}

export async function startHello() {
  const child = start([path.join(ROOT, 'bench/lib/hello-server.mjs')], { BENCH_HELLO_PORT: String(env.helloPort) }, 'hello');
  await waitFor(`http://127.0.0.1:${env.helloPort}/up`, child);
  return child;
}

export function stop(child) {
  if (!child || child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
