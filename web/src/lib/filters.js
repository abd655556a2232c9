// The event filters of the API contract, kept in the page's query string so that a dashboard URL
// `/?country=IQ&since=...` and its JSON twin `/api/events?country=IQ&since=...` name the same events.

export const FILTER_KEYS = ['since', 'until', 'country', 'place', 'actor', 'weapon', 'status', 'bbox', 'q'];
export const PAGE_KEYS = ['order', 'limit', 'offset'];
// Page-only: `dates=all` lifts the default date window of a big ledger (see dashboard/cap.js).
export const VIEW_KEYS = ['dates'];

/** Filters (and paging) from a query string; unknown keys are dropped, empty values too. */
export function readQuery(search = window.location.search) {
  const params = new URLSearchParams(search);
  const out = {};
  for (const key of [...FILTER_KEYS, ...PAGE_KEYS, ...VIEW_KEYS]) {
    const value = params.get(key);
    if (value !== null && value.trim() !== '') out[key] = value.trim();
  }
  return out;
}

/** Only the filter keys: what the map, the timeline and the totals share. */
export function filtersOf(query) {
  return Object.fromEntries(FILTER_KEYS.filter((k) => query[k]).map((k) => [k, query[k]]));
}

/** The query string of a page URL (`view` true) or of its JSON twin (page-only keys left out). */
export function queryString(query, view = true) {
  const params = new URLSearchParams();
  for (const key of [...FILTER_KEYS, ...PAGE_KEYS, ...(view ? VIEW_KEYS : [])]) {
    if (query[key] !== undefined && query[key] !== null && query[key] !== '') params.set(key, query[key]);
  }
  const qs = params.toString();
  return qs ? `?${qs}` : '';
}

/** Put a query in the address bar (a new history entry, so Back undoes a filter or a brush). */
export function pushQuery(query) {
  const url = `${window.location.pathname}${queryString(query)}`;
  if (url !== `${window.location.pathname}${window.location.search}`) window.history.pushState(null, '', url);
}

/** Rewrite the address bar without a history entry (the page filling in its own default). */
export function replaceQuery(query) {
  window.history.replaceState(null, '', `${window.location.pathname}${queryString(query)}`);
}
