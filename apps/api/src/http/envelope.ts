import type { Pagination } from '@bitflow/contracts';

// The seed's success envelope. Routes return these; errors go through the error handler.
export function ok<T>(data: T, message = 'OK') {
  return { success: true as const, message, data };
}

export function paginated<T>(items: T[], total: number, page: number, perPage: number, message = 'OK', capped = false, nextCursor?: string | null) {
  const pagination: Pagination = {
    // Cross-tenant God Mode lists count at most a bound; `total_capped` says the real total is larger.
    ...(capped ? { total_capped: true } : {}),
    current_page: page,
    per_page: perPage,
    total,
    last_page: Math.max(1, Math.ceil(total / perPage)),
    from: items.length ? (page - 1) * perPage + 1 : null,
    to: items.length ? (page - 1) * perPage + items.length : null,
    ...(nextCursor !== undefined ? { next_cursor: nextCursor } : {}),
  };
  return ok({ items, pagination }, message);
}
