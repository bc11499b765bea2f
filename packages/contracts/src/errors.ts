// Error codes shared by the API (which throws them) and clients (which branch on them). Every error
// answer carries one in `code`, beside the seed's `message` and `errors`:
//   {"success":false,"message":"…","errors":{…},"code":"NOT_FOUND"}
// Each code maps to exactly one HTTP status (several codes may share a status: a client that only
// knows FORBIDDEN still reads TENANT_SUSPENDED as a 403). The API's error handler takes the status
// from this table, and the OpenAPI document lists it, so the two cannot disagree. A code, once
// published, keeps its spelling and status; new conditions get new codes.
export const ERROR_CODES = {
  BAD_REQUEST: {
    status: 400,
    description: 'The request could not be read: a body that is not valid JSON (or empty with a JSON content type), a URL with invalid percent-encoding, a malformed upload.',
  },
  UNAUTHENTICATED: {
    status: 401,
    description: 'No valid credentials: the access token is missing, expired or revoked, the e-mail or password is wrong, or a sign-in step (MFA challenge, refresh) has expired. Refresh once, then sign in again.',
  },
  FORBIDDEN: {
    status: 403,
    description: 'Signed in, but not allowed: a permission the caller lacks, a role or permission above their own, a disabled account, or an action refused while impersonating.',
  },
  MFA_REQUIRED: {
    status: 403,
    description: 'Two-factor authentication is compulsory for this account (platform owners) and cannot be turned off. Signing in to such an account is not an error: it answers 200 with data.mfa_required = true.',
  },
  TENANT_SUSPENDED: {
    status: 403,
    description: "The caller's university is suspended by the platform operator; errors.suspended_reason carries the operator's reason when one was given.",
  },
  NOT_FOUND: {
    status: 404,
    description: "No such route or record. A record in another tenant's scope answers exactly the same.",
  },
  CONFLICT: {
    status: 409,
    description: 'The request clashes with the current state: a duplicate natural key (admission number, e-mail, role name) named in errors, a role still assigned, a report or export not ready, an Idempotency-Key still being processed.',
  },
  CAPACITY_REACHED: {
    status: 409,
    description: 'The course has no free seat for this enrolment (errors.course_id, or errors.status when reactivating one).',
  },
  PAYLOAD_TOO_LARGE: {
    status: 413,
    description: 'The request body or the uploaded file is over its size limit.',
  },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    description: 'The content type is not accepted here: an upload that is not multipart/form-data, or a file type the endpoint does not take.',
  },
  VALIDATION_FAILED: {
    status: 422,
    description: 'The input broke a rule; errors maps each field (dotted path for nested ones) to its messages.',
  },
  RATE_LIMITED: {
    status: 429,
    description: 'Too many requests, or too many sign-in attempts, in the current window; Retry-After gives the seconds to wait.',
  },
  INTERNAL: {
    status: 500,
    description: 'An unexpected failure on the server; the details are in its log under the X-Request-Id, never in the answer.',
  },
  SERVICE_UNAVAILABLE: {
    status: 503,
    description: 'A dependency (database, job queue) is down or slow, or the request ran past its deadline; Retry-After gives the seconds to wait.',
  },
} as const satisfies Record<string, { status: number; description: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** Every code, in the table's order (for z.enum and the OpenAPI document). */
export const ERROR_CODE_NAMES = Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]];

/** code → HTTP status, derived from ERROR_CODES. */
export const ERROR_STATUS = Object.fromEntries(ERROR_CODE_NAMES.map((c) => [c, ERROR_CODES[c].status])) as {
  readonly [C in ErrorCode]: (typeof ERROR_CODES)[C]['status'];
};

/** Field errors as the seed's envelope carries them: `{ field: ["message", …] }`. */
export type FieldErrors = Record<string, string[]>;
