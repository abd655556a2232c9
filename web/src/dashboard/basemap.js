// The map's background: world-atlas country outlines (a build-time GeoJSON asset, no tile server) and
// the countries' names, written only where a country is wide enough on screen to hold its name, so a
// map zoomed onto a handful of events still says which countries it shows.
import basemapUrl from '../generated/countries.json?url';
import { el } from '../lib/dom.js';
import L from '../lib/leaflet.js';

const STYLE = { color: '#8a96a3', weight: 0.7, fillColor: '#eef1f4', fillOpacity: 1 };
const CHAR_PX = 6.5; // the label font's average character width, with some room
const MAX_LABELS = 60; // at world zoom only the biggest countries are named

/** Draw the outlines and keep the country names in step with the zoom; resolves with the labels layer. */
export async function loadBasemap(map) {
  const response = await fetch(basemapUrl);
  const outlines = await response.json();
  // Canvas: 241 country polygons as SVG would be thousands of DOM nodes to pan and zoom.
  L.geoJSON(outlines, { renderer: L.canvas({ padding: 0.5 }), style: STYLE, interactive: false })
    .addTo(map)
    .bringToBack();
  // under the event markers (markerPane is 600), over the outlines
  map.createPane('countryLabels').style.zIndex = 450;
  const labels = L.layerGroup().addTo(map);
  const draw = () => drawLabels(labels, outlines.features, map.getZoom(), map.getBounds().pad(0.2));
  map.on('moveend', draw);
  // added layers wait for the map's first view; the canvas draws on the frame after
  map.whenReady(() => {
    draw();
    requestAnimationFrame(() => performance.mark('sitrep-basemap'));
  });
  return labels;
}

function drawLabels(layer, features, zoom, bounds) {
  layer.clearLayers();
  const inView = features.filter((f) => f.properties.label && bounds.contains([f.properties.label[1], f.properties.label[0]]));
  for (const f of labelledCountries(inView, zoom)) {
    const [lon, lat] = f.properties.label;
    layer.addLayer(L.marker([lat, lon], {
      interactive: false,
      keyboard: false,
      pane: 'countryLabels',
      icon: L.divIcon({ className: 'country-label', html: el('span', { testid: 'country-label', text: f.properties.name }), iconSize: null }),
    }));
  }
}

/** Of `features`, those whose name fits inside their largest polygon at `zoom`, widest first. */
export function labelledCountries(features, zoom) {
  const pxPerDegree = (256 * 2 ** zoom) / 360;
  return features
    // a polygon across the antimeridian (Fiji, Russia's far east) has a box around the whole world
    .filter((f) => f.properties.label && f.properties.span && f.properties.span[0] < 180)
    .map((f) => ({ f, width: f.properties.span[0] * pxPerDegree }))
    .filter(({ f, width }) => width >= f.properties.name.length * CHAR_PX + 8 && f.properties.span[1] * pxPerDegree >= 14)
    .sort((a, b) => b.width - a.width)
    .slice(0, MAX_LABELS)
    .map(({ f }) => f);
}
