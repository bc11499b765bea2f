import fs from 'node:fs';

// CPU time the hypervisor gave to other guests while this VM had work (the "st" of vmstat), from
// /proc/stat. On the shared 2 vCPU machines this bench runs on, steal came and went within a session
// (0-2 % idle, bursts under load; get by id at 2,028 and then 873 req/s twenty minutes apart on the
// same code, 2026-12-02): a figure measured while the host took a share of the cores is not the
// code's, so each measurement reports it. null where there is no /proc/stat.

export function cpuTimes() {
  try {
    const line = fs.readFileSync('/proc/stat', 'utf8').split('\n', 1)[0];
    // cpu  user nice system idle iowait irq softirq steal guest guest_nice
    const v = line.trim().split(/\s+/).slice(1, 9).map(Number);
    return { steal: v[7], total: v.reduce((a, x) => a + x, 0) };
  } catch {
    return null;
  }
}

/** Steal as a percentage of all CPU time between two readings. */
export function stealPct(a, b) {
  if (!a || !b || b.total <= a.total) return null;
  return Math.round(((b.steal - a.steal) / (b.total - a.total)) * 1000) / 10;
}
