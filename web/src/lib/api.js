// The JSON API (src/sitrep/api.py): one fetch helper so every page reports errors the same way.

export class ApiError extends Error {
  constructor(status, detail) {
    super(`${status}: ${detail}`);
    this.status = status;
    this.detail = detail;
  }
}

/** `path` with the non-empty `params` as its query string. */
export function apiUrl(path, params = {}) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== '') query.set(key, String(value));
  }
  const qs = query.toString();
  return qs ? `${path}?${qs}` : path;
}

export async function getJSON(path, params = {}, { signal } = {}) {
  const response = await fetch(apiUrl(path, params), { signal, headers: { Accept: 'application/json' } });
  if (!response.ok) {
    let detail = response.statusText;
    try {
      detail = (await response.json()).detail ?? detail;
    } catch {
      // a non-JSON error body (a proxy's page): the status text is all we can say
    }
    throw new ApiError(response.status, typeof detail === 'string' ? detail : JSON.stringify(detail));
  }
  return response.json();
}

/** Documents are shared by many values of one event: fetch each once per page. */
export function documentCache() {
  const cache = new Map();
  return (id) => {
    if (!cache.has(id)) cache.set(id, getJSON(`/api/documents/${encodeURIComponent(id)}`));
    return cache.get(id);
  };
}
