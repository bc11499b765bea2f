// God Mode's list totals (issue #22 item 4). A cross-tenant list counts at most PLATFORM_COUNT_CAP
// + 1 rows for its total — 10,001 index entries read on every page view of the 1M-student list,
// most of the SQL it cost, for a figure that says "more than 10,000" nearly always. Tenant lists keep
// their totals in the ListCache under the university's data version; the platform has no version
// (every tenant's write would be one), so here a total is kept for a few seconds per filter set in
// this process: recounted in the background once due (single flight), and at once after a write
// made through this process (so an operator's own change shows on their next page).

export interface Total {
  total: number;
  capped: boolean;
}

const TTL_MS = 10_000;
const REFRESH_AFTER_MS = 8_000;
const MAX_ENTRIES = 1_000;

let writes = 0;
/** Called by every write to a counted table (dashboard-counts.ts `withCounts`). */
export const notePlatformWrite = () => {
  writes++;
};

type Entry = { w: number; at: number; p: Promise<Total>; refreshing: boolean };

export class PlatformTotals {
  private readonly memo = new Map<string, Entry>();

  /** The total for `key` (table + filters), counted with `count` when missing, expired or after a local write. */
  get(key: string, count: () => Promise<Total>): Promise<Total> {
    const now = Date.now();
    const m = this.memo.get(key);
    if (m && m.w === writes && now - m.at < TTL_MS) {
      if (now - m.at >= REFRESH_AFTER_MS && !m.refreshing) {
        // Due: served as it is while one recount runs; a failed one leaves it until it expires.
        m.refreshing = true;
        const w = writes;
        count().then((t) => this.put(key, { w, at: Date.now(), p: Promise.resolve(t), refreshing: false }), () => (m.refreshing = false));
      }
      return m.p;
    }
    const entry: Entry = { w: writes, at: now, p: count(), refreshing: false };
    this.put(key, entry);
    entry.p.catch(() => this.memo.get(key) === entry && this.memo.delete(key));
    return entry.p;
  }

  private put(key: string, e: Entry) {
    if (this.memo.size >= MAX_ENTRIES && !this.memo.has(key)) this.memo.clear();
    this.memo.set(key, e);
  }
}
