import { AppError, PayloadTooLargeError, ServiceUnavailableError, ValidationError } from '../shared/errors';

/** Seconds a client is told to wait (Retry-After) when PostgreSQL or Redis is unreachable. */
export const RETRY_AFTER_SECONDS = 5;

interface ErrorLike {
  code?: unknown;
  type?: unknown;
  status?: unknown;
  message?: unknown;
  name?: unknown;
  limit?: unknown;
}

// Node's socket errors, PostgreSQL's connection-exception class (08) and its shutdown states (57P01-03).
const downCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', '57P01', '57P02', '57P03']);
// pg's own messages. knex puts the failed statement in front ("ROLLBACK - Connection terminated
// unexpectedly"), so each may follow "<sql> - " as well as start the message.
const pgDownMessages = [
  /Connection terminated/, // the server went away mid-query
  /Client has encountered a connection error/,
  /Client was closed and is not queryable/,
].map((re) => new RegExp(`(?:^|\\s-\\s)${re.source}`));
const downMessages = [
  ...pgDownMessages,
  /^Knex: Timeout acquiring a connection/, // every connection is stuck on a server that does not answer
  /^Redis is (?!ready)/, // queues.ts: the producer connection is not ready
  /Stream isn't writeable/, // ioredis without its offline queue
  /^Connection is closed/,
  /^Reached the max retries per request limit/,
];

/** Whether an error means PostgreSQL or Redis cannot be reached (the request may succeed later). */
export function isDependencyDown(err: unknown): boolean {
  const e = err as ErrorLike;
  if (!e || typeof e !== 'object') return false;
  if (typeof e.code === 'string' && (downCodes.has(e.code) || e.code.startsWith('08'))) return true;
  if (typeof e.message === 'string' && downMessages.some((re) => re.test(e.message as string))) return true;
  // AggregateError (Node's happy eyeballs: every address refused).
  const errors = (err as { errors?: unknown }).errors;
  return Array.isArray(errors) && errors.length > 0 && errors.every(isDependencyDown);
}

/**
 * The error an unexpected exception really is, for the client: what it must fix (400, 413), or a
 * dependency that is down (503, retry later). Null for a genuine bug (500, logged).
 */
export function knownError(err: unknown): AppError | null {
  if (err instanceof AppError) return err;
  // Express decodes path parameters: a malformed percent-escape (%ZZ) throws while routing.
  if (err instanceof URIError) return new ValidationError('The path holds a malformed percent-escape', [{ field: '(path)', message: 'malformed percent-escape' }], 'MALFORMED_PATH');
  const e = err as ErrorLike;
  switch (e?.type) {
    case 'entity.parse.failed':
      return new ValidationError('The request body is not valid JSON', [], 'INVALID_JSON');
    case 'entity.too.large':
      return new PayloadTooLargeError(`The request body is larger than ${String(e.limit)} bytes`);
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new ValidationError(String(e.message), [], 'UNSUPPORTED_ENCODING');
  }
  // body-parser's other client errors: a body that is not what its Content-Encoding says (bad gzip), cut short, ...
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500 && (e as { expose?: boolean }).expose) {
    return new ValidationError('The request body could not be read as sent (its Content-Encoding or length does not match it)', [], 'MALFORMED_BODY');
  }
  if (isDependencyDown(err)) return new ServiceUnavailableError('A service this request needs is unreachable; try again shortly', [], 'SERVICE_UNAVAILABLE');
  return null;
}
