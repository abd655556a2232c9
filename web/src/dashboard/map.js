// The map: one clustered marker per event with coordinates over the basemap (basemap.js). Colour =
// the attacker's side (lib/sides.js, shared with the timeline and the list), shape = status; an event
// placed at an area's generic point (a sea area) is drawn as an area, never as a position.
import { el } from '../lib/dom.js';
import { actorText, formatDate, placeText, statusBadge, statusClass, weaponText } from '../lib/format.js';
import L from '../lib/leaflet.js';
import { paintSide } from '../lib/sides.js';
import { loadBasemap } from './basemap.js';

const THEATRE = { center: [29, 46], zoom: 5 }; // Iraq, Syria, Jordan and the Gulf
// A handful of events close together would zoom to a featureless patch: the view spans at least this
// many degrees, so borders and country names show around them.
const MIN_SPAN = 7;
const MAX_ZOOM = 7;
const LABELLED = 40; // up to this many markers, each place is named beside its marker
const LABELLED_CLUSTER = 20; // a cluster up to this size names its places (reading more costs time)

export function createMap(container) {
  // No view yet: the first markers set it, so the basemap is drawn once, at the view they need.
  const map = L.map(container, { minZoom: 2, maxZoom: 13, worldCopyJump: true });
  let placed = false; // whether a view is set
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution('Borders: Natural Earth (world-atlas)');
  const basemap = loadBasemap(map);
  const clusters = L.markerClusterGroup({
    chunkedLoading: true,
    maxClusterRadius: 45,
    showCoverageOnHover: false,
    spiderfyOnMaxZoom: true,
    iconCreateFunction: clusterIcon,
  });
  // One popup for the layer, built on click: a popup object per marker costs ~3,000 objects up front.
  clusters.on('click', (e) => L.popup({ offset: [0, -4] }).setLatLng(e.layer.getLatLng())
    .setContent(popupContent(e.layer.options.event)).openOn(map));
  clusters.addTo(map);
  return {
    map,
    basemap,
    /** Replace the markers; resolves once every marker is in the cluster layer and the frame is drawn. */
    setFeatures: (collection) => {
      const shown = showFeatures(map, clusters, collection, placed);
      placed = true;
      return shown;
    },
  };
}

function showFeatures(map, clusters, collection, placed) {
  clusters.clearLayers();
  const markers = collection.features.filter((f) => f.geometry && f.geometry.type === 'Point').map(eventMarker);
  labelPlaces(markers);
  // Fit first: zooming while the cluster layer is still adding chunks makes it recluster twice.
  fitTo(map, markers, placed);
  return new Promise((resolve) => {
    const drawn = () => requestAnimationFrame(() => resolve(markers.length));
    if (markers.length === 0) {
      drawn();
      return;
    }
    // Called after each chunk; the last call comes just before the final chunk's markers are shown.
    clusters.options.chunkProgress = (processed, total) => {
      if (processed === total) queueMicrotask(drawn);
    };
    clusters.addLayers(markers);
  });
}

function fitTo(map, markers, placed) {
  if (markers.length === 0) {
    if (!placed) map.setView(THEATRE.center, THEATRE.zoom);
    return;
  }
  const bounds = atLeast(L.latLngBounds(markers.map((m) => m.getLatLng())), MIN_SPAN);
  map.fitBounds(bounds, { padding: [30, 30], maxZoom: MAX_ZOOM, animate: false });
}

/** `bounds` widened about its centre to span at least `span` degrees each way. */
export function atLeast(bounds, span) {
  const c = bounds.getCenter();
  const half = span / 2;
  return bounds.extend([[c.lat - half, c.lng - half], [c.lat + half, c.lng + half]]);
}

// The marker's element is made when the cluster layer first shows the marker, not for every event
// up front: most markers of a big window stay inside clusters.
const EventIcon = L.DivIcon.extend({
  createIcon(oldIcon) {
    const p = this.options.event;
    this.options.html = el('span', { testid: 'marker', dataset: { eventId: p.id, location: p.location ?? '', status: p.status ?? '', generic: p.generic_point ? 'true' : 'false' } });
    return paintSide(L.DivIcon.prototype.createIcon.call(this, oldIcon), p.actor1_affiliation);
  },
});

function eventMarker(feature) {
  const [lon, lat] = feature.geometry.coordinates;
  const p = { ...feature.properties, id: feature.properties.id ?? feature.id };
  const icon = new EventIcon({
    className: `ev-marker ${statusClass(p.status)}${p.generic_point ? ' ev-generic' : ''}`,
    iconSize: [16, 16],
    event: p,
  });
  const where = p.generic_point ? `somewhere in ${p.sea_area ?? p.location ?? 'the area'} (drawn at the area's point, not a position)` : (p.location ?? 'unknown place');
  const title = `${where}, ${p.date ?? 'date unknown'}: ${p.actor1 ?? 'unknown attacker'} (${p.status ?? 'no status'})`;
  return L.marker([lat, lon], { icon, title, keyboard: true, event: p });
}

/** Name each place once, beside one of its markers, when there are few enough markers to read. */
function labelPlaces(markers) {
  if (markers.length > LABELLED) return;
  const named = new Set();
  for (const m of markers) {
    const text = placeText(m.options.event);
    if (named.has(text)) continue;
    named.add(text);
    m.bindTooltip(el('span', { testid: 'place-label', text }), { permanent: true, direction: 'right', offset: [8, 0], className: 'place-label' });
  }
}

function popupContent(p) {
  const casualties = [p.killed != null ? `${p.killed} killed` : null, p.injured != null ? `${p.injured} injured` : null]
    .filter(Boolean).join(', ');
  return el('div', { className: 'popup', testid: 'popup' },
    el('p', {}, statusBadge(p.status), ' ', el('a', { href: `/events/${encodeURIComponent(p.id)}`, text: placeText(p) })),
    p.generic_point ? el('p', { className: 'muted', testid: 'generic-point-note', text: 'No position reported: the marker stands for the whole area.' }) : null,
    el('p', { text: formatDate(p.date, p.date_precision) }),
    el('p', { text: `${actorText(p.actor1, p.actor1_affiliation)} → ${actorText(p.actor2, p.actor2_affiliation)}` }),
    p.weapons?.length ? el('p', { text: weaponText(p.weapons) }) : null,
    casualties ? el('p', { text: casualties }) : null,
  );
}

// Neutral whatever its size: a cluster may hold both sides, so it must not wear either side's colour.
// A small cluster of events at one or two places names them, as a lone marker does.
function clusterIcon(cluster) {
  const n = cluster.getChildCount();
  const size = n < 10 ? 'small' : n < 100 ? 'medium' : 'large';
  const px = { small: 30, medium: 36, large: 44 }[size];
  const places = n <= LABELLED_CLUSTER ? [...new Set(cluster.getAllChildMarkers().map((m) => placeText(m.options.event)))] : [];
  return L.divIcon({
    className: `ev-cluster ev-cluster-${size}`,
    iconSize: L.point(px, px),
    html: el('span', { testid: 'marker-cluster', dataset: { count: n } }, String(n),
      places.length && places.length <= 2 ? el('span', { className: 'cluster-label', testid: 'place-label', text: places.join(' · ') }) : null),
  });
}
