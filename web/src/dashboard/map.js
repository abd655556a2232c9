// The map: country outlines from world-atlas (a build-time GeoJSON asset, no tile server) and one
// clustered marker per event with coordinates. Colour = attacker's affiliation, shape = status.
import basemapUrl from '../generated/countries.json?url';
import { el } from '../lib/dom.js';
import { actorText, affiliationClass, formatDate, statusBadge, weaponText } from '../lib/format.js';
import L from '../lib/leaflet.js';

const THEATRE = { center: [29, 46], zoom: 5 }; // Iraq, Syria, Jordan and the Gulf
const BASEMAP_STYLE = { color: '#8a96a3', weight: 0.7, fillColor: '#eef1f4', fillOpacity: 1 };

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

// Canvas: 241 country polygons as SVG would be thousands of DOM nodes to pan and zoom.
async function loadBasemap(map) {
  const response = await fetch(basemapUrl);
  const outlines = await response.json();
  L.geoJSON(outlines, { renderer: L.canvas({ padding: 0.5 }), style: BASEMAP_STYLE, interactive: false })
    .addTo(map)
    .bringToBack();
  // added layers wait for the map's first view; the canvas draws on the frame after
  map.whenReady(() => requestAnimationFrame(() => performance.mark('sitrep-basemap')));
}

function showFeatures(map, clusters, collection, placed) {
  clusters.clearLayers();
  const markers = collection.features.filter((f) => f.geometry && f.geometry.type === 'Point').map(eventMarker);
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
  const bounds = L.latLngBounds(markers.map((m) => m.getLatLng()));
  map.fitBounds(bounds, { padding: [30, 30], maxZoom: 7, animate: false });
}

// The marker's element is made when the cluster layer first shows the marker, not for every event
// up front: most markers of a big window stay inside clusters.
const EventIcon = L.DivIcon.extend({
  createIcon(oldIcon) {
    const p = this.options.event;
    this.options.html = el('span', { testid: 'marker', dataset: { eventId: p.id, location: p.location ?? '', status: p.status } });
    return L.DivIcon.prototype.createIcon.call(this, oldIcon);
  },
});

function eventMarker(feature) {
  const [lon, lat] = feature.geometry.coordinates;
  const status = ['reported', 'corroborated', 'confirmed'].includes(feature.properties.status) ? feature.properties.status : 'reported';
  const p = { ...feature.properties, id: feature.properties.id ?? feature.id, status };
  const icon = new EventIcon({
    className: `ev-marker status-${status} ${affiliationClass(p.actor1_affiliation)}`,
    iconSize: [16, 16],
    event: p,
  });
  const title = `${p.location ?? 'unknown place'}, ${p.date ?? 'date unknown'}: ${p.actor1 ?? 'unknown attacker'} (${status})`;
  return L.marker([lat, lon], { icon, title, keyboard: true, event: p });
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
