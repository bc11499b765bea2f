import { ERROR_STATUS, type ErrorCode, type FieldErrors } from '@bitflow/contracts';

// Services throw AppError for every expected failure; the error handler maps the code to a status.
// A bare Error is a bug and becomes a generic 500.
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly errors?: FieldErrors,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.status = ERROR_STATUS[code];
  }

  static notFound(what = 'Resource') {
    return new AppError('NOT_FOUND', `${what} not found.`);
  }
  static validation(errors: FieldErrors, message = 'Validation failed') {
    return new AppError('VALIDATION_FAILED', message, errors);
  }
  static conflict(field: string, message: string, code: 'CONFLICT' | 'CAPACITY_REACHED' = 'CONFLICT') {
    return new AppError(code, message, { [field]: [message] });
  }
}

/**
 * The seed's error envelope plus its stable code. Every error answer's body is built here — the
 * error handler's and the few hooks that answer on their own (request deadline, /metrics) — so
 * none can leave the code out.
 */
export function errorEnvelope(code: ErrorCode, message: string, errors?: FieldErrors) {
  return { success: false as const, message, ...(errors ? { errors } : {}), code };
}

/** A dependency (e.g. the job queue) is down; the client may retry shortly. */
export const unavailable = () =>
  new AppError('SERVICE_UNAVAILABLE', 'Background jobs are unavailable right now. Please try again shortly.', undefined, { 'Retry-After': '10' });
