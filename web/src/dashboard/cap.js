// How much of a big ledger the dashboard asks for before the reader chooses dates.
//
// Drawing a ledger of 100,000 events at once costs seconds: the whole-ledger daily statistics alone
// are over a megabyte, and the cluster layer must place every marker before anything shows. So:
// 1. With no date filter in the URL and more than WINDOW_THRESHOLD matching dated events, the page
//    opens on the latest DEFAULT_DAYS days up to the newest matching event, written into the URL
//    (so the JSON twin names the same events) and said in a note; "all dates" (`dates=all`) lifts it.
// 2. The map asks `/api/events.geojson` for at most MARKER_CAP events (the newest), and the note
//    under it says "showing N of M" and which dates the N cover.
import { getJSON } from '../lib/api.js';

export const WINDOW_THRESHOLD = 5000;
export const DEFAULT_DAYS = 90;
export const MARKER_CAP = 5000;
const DATED = '0001-01-01'; // a `since` that only drops events with no date

/** {since, until, matching} for a filter with no dates, or null when the ledger is small enough. */
export async function defaultWindow(filters) {
  const newest = await getJSON('/api/events', { ...filters, since: DATED, order: 'desc', limit: 1 });
  if (newest.total <= WINDOW_THRESHOLD || !newest.items[0]?.date) return null;
  const until = newest.items[0].date;
  return { since: shiftDays(until, -(DEFAULT_DAYS - 1)), until, matching: newest.total };
}

/** The dates covered by the features shown: [earliest, latest], or null. */
export function dateSpan(features) {
  let first = null;
  let last = null;
  for (const f of features) {
    const d = f.properties?.date;
    if (!d) continue;
    if (first === null || d < first) first = d;
    if (last === null || d > last) last = d;
  }
  return first ? [first, last] : null;
}

function shiftDays(day, n) {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86400000).toISOString().slice(0, 10);
}
