import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createConnection } from 'mysql2/promise';

// Throwaway Redis and MariaDB servers for the degradation drills, on free ports of 127.0.0.1, so a
// drill can stop and restart them without touching the machine's shared servers.

export const hasBinary = (name: string) => spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export async function waitFor(check: () => Promise<unknown>, timeoutMs = 20_000, what = 'condition') {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      /* not yet */
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const canConnect = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = net.connect(port, '127.0.0.1', () => {
      s.destroy();
      resolve(true);
    });
    s.on('error', () => resolve(false));
  });

async function stopProcess(proc: ChildProcess | null, signal: NodeJS.Signals) {
  if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise((r) => proc.once('exit', r));
  proc.kill(signal);
  await exited;
}

export class ThrowawayRedis {
  private proc: ChildProcess | null = null;
  constructor(readonly port: number) {}
  get url() {
    return `redis://127.0.0.1:${this.port}`;
  }
  async start() {
    this.proc = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'], { stdio: 'ignore' });
    await waitFor(() => canConnect(this.port), 10_000, 'redis');
  }
  /** SIGKILL: the drill is an outage, not a polite shutdown. */
  async stop(signal: NodeJS.Signals = 'SIGKILL') {
    await stopProcess(this.proc, signal);
    this.proc = null;
  }
}

export class ThrowawayMariaDb {
  private proc: ChildProcess | null = null;
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bf-drill-mariadb-'));
  constructor(readonly port: number) {}
  get url() {
    return `mysql://root@127.0.0.1:${this.port}/mysql`;
  }
  async init() {
    const r = spawnSync('mariadb-install-db', ['--no-defaults', `--datadir=${this.dir}/data`, '--auth-root-authentication-method=normal', '--skip-test-db'], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`mariadb-install-db failed: ${r.stderr}`);
  }
  async start() {
    const args = [
      '--no-defaults', `--datadir=${this.dir}/data`, `--port=${this.port}`, '--bind-address=127.0.0.1', `--socket=${this.dir}/sock`,
      `--pid-file=${this.dir}/pid`, '--skip-log-bin', '--innodb-buffer-pool-size=32M', '--character-set-server=utf8mb4', '--collation-server=utf8mb4_unicode_ci',
      // Triggers (the audit log's append-only guard) without SUPER, as in production.
      '--log-bin-trust-function-creators=1',
    ];
    // mariadbd refuses to run as root unless told which user to be.
    if (process.getuid?.() === 0) args.push('--user=root');
    this.proc = spawn('mariadbd', args, { stdio: 'ignore' });
    await waitFor(async () => {
      const c = await createConnection({ host: '127.0.0.1', port: this.port, user: 'root', connectTimeout: 1_000 });
      await c.end();
      return true;
    }, 30_000, 'mariadb');
  }
  async stop(signal: NodeJS.Signals = 'SIGKILL') {
    await stopProcess(this.proc, signal);
    this.proc = null;
  }
  async remove() {
    await this.stop();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
