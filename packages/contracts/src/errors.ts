// Error codes shared by the API (which throws them) and clients (which branch on them).
// Each code maps to exactly one HTTP status; the API's error handler uses this table.
export const ERROR_STATUS = {
  VALIDATION_FAILED: 422,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  TENANT_SUSPENDED: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  BAD_REQUEST: 400,
  INTERNAL: 500,
  SERVICE_UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** Field errors as the seed's envelope carries them: `{ field: ["message", …] }`. */
export type FieldErrors = Record<string, string[]>;
