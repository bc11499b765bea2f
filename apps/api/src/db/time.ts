// Both dialects store UTC timestamps as 'YYYY-MM-DD HH:MM:SS.mmm': MySQL DATETIME(3) accepts and
// (with dateStrings) returns it, and in SQLite it sorts correctly as text. The API speaks ISO-8601.

export function toDbTime(d: Date = new Date()): string {
  return d.toISOString().replace('T', ' ').replace('Z', '');
}

export function nowDb(): string {
  return toDbTime(new Date());
}

// What both dialects hand back for a DATETIME(3): turned into ISO by rearranging, with no Date parse
// (a page of 15 rows has 45 timestamps; parsing them was 4 % of a list request's CPU).
const DB_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$/;

export function toIso(value: string | Date | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (DB_TIME.test(value)) return `${value.slice(0, 10)}T${value.slice(11)}Z`;
  const s = value.includes('T') ? value : value.replace(' ', 'T');
  const withMs = /\.\d+$/.test(s) ? s : `${s}.000`;
  return new Date(`${withMs}Z`).toISOString();
}

/** 'YYYY-MM-DD' dates are stored as-is (DATE in MySQL, text in SQLite). */
export function toDateOnly(value: string | Date | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return value.slice(0, 10);
}
