import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

// CPU time of a process from /proc/<pid>/stat (utime + stime, all its threads), the same reading for
// every process the bench compares: the API, the floor, MariaDB and Redis. Linux only.

const TICK_MS = 1000 / Number(safe(() => execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) ?? 100);

function safe(fn) {
  try {
    return fn();
  } catch {
    return null;
  }
}

/** CPU milliseconds the process has used since it started (null when it is gone or not readable). */
export function processCpuMs(pid) {
  if (!pid) return null;
  const stat = safe(() => fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  if (!stat) return null;
  // Fields after "(comm)", which may itself hold spaces: state is field 3, utime 14, stime 15.
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) * TICK_MS;
}

/** The pid of a running program by name (`pidof`), the first when there are several; null if none. */
export function pidOf(name) {
  const out = safe(() => execFileSync('pidof', [name], { encoding: 'utf8' }).trim());
  return out ? Number(out.split(/\s+/)[0]) : null;
}

/** Busy and total CPU milliseconds of the whole machine (all cores) from /proc/stat. */
export function machineCpuMs() {
  const line = safe(() => fs.readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]);
  if (!line) return null;
  // cpu  user nice system idle iowait irq softirq steal (guest time is already in user)
  const v = line.trim().split(/\s+/).slice(1, 9).map(Number);
  const total = v.reduce((a, x) => a + x, 0);
  return { busy: (total - v[3] - v[4]) * TICK_MS, steal: v[7] * TICK_MS, total: total * TICK_MS };
}

/** CPU milliseconds of one thread of a process (/proc/<pid>/task/<tid>/stat); null when it is gone. */
export function threadCpuMs(pid, tid) {
  return processCpuMs(`${pid}/task/${tid}`);
}

/**
 * Local ports of the process's TCP connections to `remotePort` (its database connections): the
 * socket inodes among its open files, looked up in /proc/net/tcp{,6}.
 */
export function connectionPorts(pid, remotePort) {
  const inodes = new Set();
  for (const fd of safe(() => fs.readdirSync(`/proc/${pid}/fd`)) ?? []) {
    const m = /^socket:\[(\d+)\]$/.exec(safe(() => fs.readlinkSync(`/proc/${pid}/fd/${fd}`)) ?? '');
    if (m) inodes.add(m[1]);
  }
  const ports = new Set();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of (safe(() => fs.readFileSync(file, 'utf8')) ?? '').split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 10) continue;
      const local = parseInt(f[1].split(':')[1], 16);
      const remote = parseInt(f[2].split(':')[1], 16);
      if (remote === remotePort && inodes.has(f[9])) ports.add(local);
    }
  }
  return ports;
}
