// fetch for the /api/v1 contract: the bearer token kept in sessionStorage, errors as ApiError.
const TOKEN_KEY = 'hotline.token';
const USER_KEY = 'hotline.user';

/** The contract's error `{error: {code, message, details}}`; status 0 means the network failed. */
export class ApiError extends Error {
  constructor(status, error) {
    super(error?.message || `HTTP ${status}`);
    this.status = status;
    this.code = error?.code || (status === 0 ? 'NETWORK' : `HTTP_${status}`);
    this.details = Array.isArray(error?.details) ? error.details : [];
  }

  /** `details` entries naming a field (validation errors), as `{field, message}`. */
  get fieldProblems() {
    return this.details.filter((d) => d && typeof d.field === 'string' && typeof d.message === 'string');
  }
}

export function getToken() {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function currentUser() {
  try {
    return JSON.parse(sessionStorage.getItem(USER_KEY) || 'null');
  } catch {
    return null;
  }
}

export function saveSession(token, user) {
  sessionStorage.setItem(TOKEN_KEY, token);
  sessionStorage.setItem(USER_KEY, JSON.stringify(user));
}

export function clearSession() {
  sessionStorage.removeItem(TOKEN_KEY);
  sessionStorage.removeItem(USER_KEY);
}

let onUnauthenticated = null;
/** Called when a signed-in request answers 401 (token expired or revoked). */
export function setUnauthenticatedHandler(fn) {
  onUnauthenticated = fn;
}

/**
 * Calls `/api/v1${path}`. `body` is sent as JSON; `query` values that are empty are left out.
 * Resolves with the parsed JSON (null for 204); rejects with ApiError.
 */
export async function api(path, { method = 'GET', body, query, headers = {}, idempotencyKey, anonymous = false } = {}) {
  const url = new URL(`/api/v1${path}`, location.origin);
  for (const [k, v] of Object.entries(query || {})) {
    if (v !== undefined && v !== null && v !== '') url.searchParams.set(k, String(v));
  }
  const h = { Accept: 'application/json', ...headers };
  const token = anonymous ? null : getToken();
  if (token) h.Authorization = `Bearer ${token}`;
  if (body !== undefined) h['Content-Type'] = 'application/json';
  if (idempotencyKey) h['Idempotency-Key'] = idempotencyKey;

  let res;
  try {
    res = await fetch(url, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, { code: 'NETWORK', message: 'Network error' });
  }
  if (res.status === 204) return null;
  let data = null;
  try {
    data = await res.json();
  } catch {
    data = null;
  }
  if (!res.ok) {
    if (res.status === 401 && token && onUnauthenticated) onUnauthenticated();
    throw new ApiError(res.status, data?.error ?? { message: `HTTP ${res.status}` });
  }
  return data;
}

/** A fresh Idempotency-Key for one submission (retries of the same submission reuse it). */
export function newIdempotencyKey(prefix = 'web') {
  const rnd = crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(16).slice(2)}`;
  return `${prefix}-${rnd}`;
}
