// The admin console's one way to the gateway: JSON requests to /api/ with the session cookie
// (set by the gateway, never seen by this page) and, on every change, the session's CSRF
// token in `X-CSRF-Token` (docs/operations.md, "Operators and API keys").

/** A request that did not give what was asked: `status` 0 when the gateway was not reached. */
export class ApiError extends Error {
  constructor(status, message, { body = null, retryAfter = null } = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.body = body;
    this.retryAfter = retryAfter;
  }
}

/** Words for a status the gateway gave without an `{"error": ...}` body. */
function statusText(status, what) {
  switch (status) {
    case 401: return 'You are not signed in (or the session ended). Sign in again.';
    case 403: return 'The gateway refused the change: the page\'s security token is missing or stale. Reload the page.';
    case 404: return `${what}: the gateway does not offer this (404). It may be an older version.`;
    case 413: return `${what}: the request is too large for the gateway.`;
    case 429: return 'Too many requests; wait a moment and try again.';
    case 503: return 'The gateway is shutting down or not ready (503).';
    default: return `${what}: the gateway answered ${status}.`;
  }
}

/**
 * The gateway's own words for a failure: `{"error": "..."}` from the admin handlers, or
 * `{"error": {"message": "..."}}` from the HTTP framework's errors; null when neither.
 */
export function errorWords(data) {
  if (!data || !data.error) return null;
  if (typeof data.error === 'string') return data.error;
  return typeof data.error.message === 'string' ? data.error.message : null;
}

export class AdminApi {
  /** The CSRF token of the current session (POST /api/session or GET /api/session gives it). */
  csrfToken = null;
  #onUnauthorized;

  /** `onUnauthorized(message)`: a request outside the sign-in found the session gone. */
  constructor({ onUnauthorized }) {
    this.#onUnauthorized = onUnauthorized;
  }

  /**
   * Sends `method path` with `body` as JSON; resolves with `{status, data}` for a 2xx and
   * for the statuses in `accept` (422 for a refused dialplan), and rejects with an ApiError
   * otherwise. `what` names the action in error messages ("Loading trunks").
   */
  async request(method, path, { body, accept = [], what = 'The request' } = {}) {
    const headers = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (method !== 'GET' && method !== 'HEAD' && this.csrfToken) headers['X-CSRF-Token'] = this.csrfToken;
    let response;
    try {
      response = await fetch(path, {
        method, headers, credentials: 'same-origin', cache: 'no-store',
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      throw new ApiError(0, `${what}: the gateway did not answer. Check that it is running and reachable from this computer.`);
    }
    const text = await response.text();
    let data = null;
    if (text) {
      try {
        data = JSON.parse(text);
      } catch {
        data = null;
      }
    }
    if (response.ok || accept.includes(response.status)) return { status: response.status, data };
    const serverWords = errorWords(data);
    const retryAfter = Number(response.headers.get('Retry-After')) || null;
    const error = new ApiError(response.status, serverWords ? `${what}: ${serverWords}` : statusText(response.status, what),
                               { body: data, retryAfter });
    if (response.status === 401 && !path.startsWith('/api/session')) {
      this.csrfToken = null;
      this.#onUnauthorized(serverWords || statusText(401, what));
    }
    throw error;
  }

  async get(path, what) {
    return (await this.request('GET', path, { what })).data;
  }

  /**
   * Sends a form's content as `method path`: resolves with {data} when the gateway took it,
   * or with {refusal: {error, field}} for the form to show at the field the gateway named
   * (400 {error, field}; `refused` when it gave no words) or, with field null, when the
   * gateway was not reached or answered something else.
   */
  async submit(method, path, body, { what, refused }) {
    let answer;
    try {
      answer = await this.request(method, path, { body, accept: [400], what });
    } catch (error) {
      return { refusal: { error: error.message, field: null } };
    }
    if (answer.status !== 400) return { data: answer.data };
    const data = answer.data || {};
    return { refusal: { error: data.error || refused, field: data.field || null } };
  }
}
