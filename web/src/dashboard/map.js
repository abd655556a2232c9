// The map: country outlines from world-atlas (a build-time GeoJSON asset, no tile server) and one
// clustered marker per event with coordinates. Colour = attacker's affiliation, shape = status.
import basemapUrl from '../generated/countries.json?url';
import { el } from '../lib/dom.js';
import { actorText, affiliationClass, formatDate, statusBadge, weaponText } from '../lib/format.js';
import L from '../lib/leaflet.js';

const THEATRE = { center: [29, 46], zoom: 5 }; // Iraq, Syria, Jordan and the Gulf
const BASEMAP_STYLE = { color: '#8a96a3', weight: 0.7, fillColor: '#eef1f4', fillOpacity: 1 };

export function createMap(container) {
  const map = L.map(container, { minZoom: 2, maxZoom: 13, worldCopyJump: true });
  map.setView(THEATRE.center, THEATRE.zoom);
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
  clusters.addTo(map);
  return {
    map,
    basemap,
    /** Replace the markers; resolves once every marker is in the cluster layer and the frame is drawn. */
    setFeatures: (collection) => showFeatures(map, clusters, collection),
  };
}

// Canvas: 241 country polygons as SVG would be thousands of DOM nodes to pan and zoom.
async function loadBasemap(map) {
  const response = await fetch(basemapUrl);
  const outlines = await response.json();
  L.geoJSON(outlines, { renderer: L.canvas({ padding: 0.5 }), style: BASEMAP_STYLE, interactive: false })
    .addTo(map)
    .bringToBack();
  performance.mark('sitrep-basemap');
}

function showFeatures(map, clusters, collection) {
  clusters.clearLayers();
  const markers = collection.features.filter((f) => f.geometry && f.geometry.type === 'Point').map(eventMarker);
  // Fit first: zooming while the cluster layer is still adding chunks makes it recluster twice.
  fitTo(map, markers);
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

function fitTo(map, markers) {
  if (markers.length === 0) return;
  const bounds = L.latLngBounds(markers.map((m) => m.getLatLng()));
  map.fitBounds(bounds, { padding: [30, 30], maxZoom: 7, animate: false });
}

function eventMarker(feature) {
  const [lon, lat] = feature.geometry.coordinates;
  const p = { ...feature.properties, id: feature.properties.id ?? feature.id };
  const status = ['reported', 'corroborated', 'confirmed'].includes(p.status) ? p.status : 'reported';
  const icon = L.divIcon({
    className: `ev-marker status-${status} ${affiliationClass(p.actor1_affiliation)}`,
    iconSize: [16, 16],
    html: el('span', { testid: 'marker', dataset: { eventId: p.id, location: p.location ?? '', status } }),
  });
  const title = `${p.location ?? 'unknown place'}, ${p.date ?? 'date unknown'}: ${p.actor1 ?? 'unknown attacker'} (${status})`;
  return L.marker([lat, lon], { icon, title, keyboard: true }).bindPopup(() => popupContent(p));
}

function popupContent(p) {
  const casualties = [p.killed != null ? `${p.killed} killed` : null, p.injured != null ? `${p.injured} injured` : null]
    .filter(Boolean).join(', ');
  return el('div', { className: 'popup', testid: 'popup' },
    el('p', {}, statusBadge(p.status), ' ', el('a', { href: `/events/${encodeURIComponent(p.id)}`, text: p.location ?? p.place_text ?? p.id })),
    el('p', { text: formatDate(p.date, p.date_precision) }),
    el('p', { text: `${actorText(p.actor1, p.actor1_affiliation)} → ${actorText(p.actor2, p.actor2_affiliation)}` }),
    p.weapons?.length ? el('p', { text: weaponText(p.weapons) }) : null,
    casualties ? el('p', { text: casualties }) : null,
  );
}

function clusterIcon(cluster) {
  const n = cluster.getChildCount();
  const size = n < 10 ? 'small' : n < 100 ? 'medium' : 'large';
  return L.divIcon({
    className: `ev-cluster ev-cluster-${size}`,
    iconSize: L.point(34, 34),
    html: el('span', { testid: 'marker-cluster', dataset: { count: n }, text: n }),
  });
}
