// How many events the map asks for.
//
// A ledger of 100,000 events would send 100,000 features to the browser and make the cluster layer
// place them all before anything is drawn. The map asks `/api/events.geojson` for the newest
// MARKER_CAP matching events with coordinates (its `limit`); the API also returns `total`, the
// number matching, and the note under the map says "showing N of M" and which dates N covers.
// Brushing the timeline or setting dates narrows the filter, and a narrow enough window is shown whole.
export const MARKER_CAP = 5000;

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
