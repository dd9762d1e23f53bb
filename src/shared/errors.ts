/**
 * The errors a request can end in. One handler (http/error-handler.ts) turns them into
 * `{"error": {"code", "message", "details"}}`; anything else is an unexpected 500.
 */
export interface FieldProblem {
  field: string;
  message: string;
  /** What kind of problem (zod's issue code: too_small, too_big, invalid_type, …), so a page can say it in the reader's language. */
  code?: string;
}

export abstract class AppError extends Error {
  abstract readonly status: number;
  constructor(
    readonly code: string,
    message: string,
    readonly details: unknown[] = [],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends AppError {
  readonly status = 400;
  constructor(message: string, details: FieldProblem[] = [], code = 'VALIDATION_FAILED') {
    super(code, message, details);
  }
}

export class UnauthenticatedError extends AppError {
  readonly status = 401;
  constructor(message = 'Authentication required', code = 'UNAUTHENTICATED') {
    super(code, message);
  }
}

export class ForbiddenError extends AppError {
  readonly status = 403;
  constructor(message = 'Not allowed', code = 'FORBIDDEN') {
    super(code, message);
  }
}

export class NotFoundError extends AppError {
  readonly status = 404;
  constructor(message = 'Not found', code = 'NOT_FOUND') {
    super(code, message);
  }
}

export class ConflictError extends AppError {
  readonly status = 409;
  constructor(code: string, message: string, details: unknown[] = []) {
    super(code, message, details);
  }
}

export class ServiceUnavailableError extends AppError {
  readonly status = 503;
  constructor(message: string, details: unknown[] = [], code = 'SERVICE_UNAVAILABLE') {
    super(code, message, details);
  }
}

export class PayloadTooLargeError extends AppError {
  readonly status = 413;
  constructor(message: string) {
    super('PAYLOAD_TOO_LARGE', message);
  }
}

export class UnsupportedMediaTypeError extends AppError {
  readonly status = 415;
  constructor(message: string) {
    super('UNSUPPORTED_MEDIA_TYPE', message);
  }
}

export class TooManyRequestsError extends AppError {
  readonly status = 429;
  constructor(message = 'Too many requests, slow down') {
    super('RATE_LIMITED', message);
  }
}
