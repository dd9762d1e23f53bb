// fetch for the /api/v1 contract: the bearer token from the session, errors as ApiError.
import { session } from '../session';

export interface FieldProblem {
  field: string;
  message: string;
  code?: string;
}

/** The contract's error `{error: {code, message, details}}`; status 0 means the network failed. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown[];

  constructor(status: number, error: { code?: string; message?: string; details?: unknown } | undefined) {
    super(error?.message || `HTTP ${status}`);
    this.status = status;
    this.code = error?.code || (status === 0 ? 'NETWORK' : `HTTP_${status}`);
    this.details = Array.isArray(error?.details) ? error.details : [];
  }

  /** `details` entries naming a field (validation errors). */
  get fieldProblems(): FieldProblem[] {
    return this.details.filter(
      (d): d is FieldProblem => typeof d === 'object' && d !== null && typeof (d as FieldProblem).field === 'string' && typeof (d as FieldProblem).message === 'string',
    );
  }
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  query?: Record<string, string | number | boolean | null | undefined>;
  idempotencyKey?: string;
  /** Send no token (public routes called from a page a signed-in person may also open). */
  anonymous?: boolean;
}

let onUnauthenticated: (() => void) | null = null;
/** Called when a signed-in request answers 401 (token expired or revoked). */
export function setUnauthenticatedHandler(fn: () => void): void {
  onUnauthenticated = fn;
}

/** Calls `/api/v1${path}`; resolves with the parsed JSON (null for 204), rejects with ApiError. */
export async function api<T = unknown>(path: string, opts: RequestOptions = {}): Promise<T> {
  const url = new URL(`/api/v1${path}`, location.origin);
  for (const [k, v] of Object.entries(opts.query ?? {})) {
    if (v !== undefined && v !== null && v !== '') url.searchParams.set(k, String(v));
  }
  const headers: Record<string, string> = { Accept: 'application/json' };
  const token = opts.anonymous ? null : session.token();
  if (token) headers.Authorization = `Bearer ${token}`;
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  if (opts.idempotencyKey) headers['Idempotency-Key'] = opts.idempotencyKey;

  let res: Response;
  try {
    res = await fetch(url, { method: opts.method ?? 'GET', headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
  } catch {
    throw new ApiError(0, { code: 'NETWORK', message: 'Network error' });
  }
  if (res.status === 204) return null as T;
  const data = await res.json().catch(() => null);
  if (!res.ok) {
    if (res.status === 401 && token && onUnauthenticated) onUnauthenticated();
    throw new ApiError(res.status, data?.error ?? { message: `HTTP ${res.status}` });
  }
  return data as T;
}

/** A fresh Idempotency-Key for one submission (retries of the same submission reuse it). */
export function newIdempotencyKey(prefix = 'web'): string {
  return `${prefix}-${crypto.randomUUID()}`;
}

/**
 * Saves a file the API writes (an export): fetched with the session's token, which a plain link
 * could not send, then handed to the browser as a download.
 */
export async function download(path: string, query: Record<string, string | number | undefined>, filename: string): Promise<void> {
  const url = new URL(`/api/v1${path}`, location.origin);
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') url.searchParams.set(k, String(v));
  const token = session.token();
  let res: Response;
  try {
    res = await fetch(url, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  } catch {
    throw new ApiError(0, { code: 'NETWORK', message: 'Network error' });
  }
  if (!res.ok) {
    const data = await res.json().catch(() => null);
    throw new ApiError(res.status, data?.error ?? { message: `HTTP ${res.status}` });
  }
  const link = document.createElement('a');
  link.href = URL.createObjectURL(await res.blob());
  link.download = filename;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}
