// The hub's JSON API with the signed-in bearer token. The token lives in sessionStorage (this tab
// only, gone when it closes) and travels only in the Authorization header, never in a URL.

const KEY = 'vigil.console.token';

export function token() {
  return sessionStorage.getItem(KEY);
}

export function remember(value) {
  sessionStorage.setItem(KEY, value);
}

export function forget() {
  sessionStorage.removeItem(KEY);
}

/** An answer other than 2xx: `status` and the hub's stable `code` ({"error": CODE}). */
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** GET a path of this hub's API with query parameters; resolves to the parsed JSON body. */
export async function get(path, params = {}) {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') {
      query.set(name, value);
    }
  }
  const qs = query.toString();
  const url = qs ? `${path}?${qs}` : path;
  const response = await fetch(url, {
    headers: { Authorization: `Bearer ${token()}`, Accept: 'application/json' },
    cache: 'no-store',
    credentials: 'omit',
    referrerPolicy: 'no-referrer',
  });
  let body = null;
  try {
    body = await response.json();
  } catch {
    // A non-JSON error page: reported by status below.
  }
  if (!response.ok) {
    throw new ApiError(
      response.status,
      body?.error ?? `HTTP_${response.status}`,
      body?.message ?? response.statusText,
    );
  }
  return body;
}
