// Build step: world-atlas country outlines (TopoJSON) -> one GeoJSON asset for the map's basemap.
//
// Done at build time so the browser loads a ready-made file from our own origin: no tile server,
// no TopoJSON decoding on every page load. Detail goes where the events are: countries in the
// theatre (the Levant, Iraq, Iran, the Arabian peninsula) and small countries missing from the
// coarse set (Bahrain) come from the 1:50m outlines, the rest of the world from 1:110m. The whole
// world at 1:50m is ten times the vertices and makes the first paint of the map slower for no gain
// at the zoom levels where those countries are seen.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { feature } from 'topojson-client';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const TARGET = join(here, '..', 'src', 'generated', 'countries.json');
const THEATRE = { minLon: 24, minLat: 10, maxLon: 64, maxLat: 42 }; // a country's centre inside: 1:50m
const DECIMALS = 3; // about 100 m: finer than 1:50m outlines resolve

function countries(file) {
  const topology = JSON.parse(readFileSync(require.resolve(`world-atlas/${file}`), 'utf8'));
  return feature(topology, topology.objects.countries).features.filter((f) => f.geometry !== null);
}

function keyOf(f) {
  return f.id ?? f.properties.name;
}

function centre(geometry) {
  let minLon = Infinity, minLat = Infinity, maxLon = -Infinity, maxLat = -Infinity;
  const visit = (c) => {
    if (typeof c[0] === 'number') {
      minLon = Math.min(minLon, c[0]); maxLon = Math.max(maxLon, c[0]);
      minLat = Math.min(minLat, c[1]); maxLat = Math.max(maxLat, c[1]);
    } else c.forEach(visit);
  };
  visit(geometry.coordinates);
  return [(minLon + maxLon) / 2, (minLat + maxLat) / 2];
}

// Where a country's name goes on the map: the middle of its largest polygon's box (not of the whole
// country: an island or an exclave would pull the name into the sea), and that box's size in degrees,
// so the page writes a name only where the country is wide enough on screen to hold it.
function labelPoint(geometry) {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  let best = null;
  for (const rings of polygons) {
    const lons = rings[0].map((c) => c[0]);
    const lats = rings[0].map((c) => c[1]);
    const box = [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)];
    const area = (box[2] - box[0]) * (box[3] - box[1]);
    if (!best || area > best.area) best = { box, area };
  }
  const [w, s, e, n] = best.box;
  return { label: roundPoint([(w + e) / 2, (s + n) / 2]), span: roundPoint([e - w, n - s]) };
}

function inTheatre(f) {
  const [lon, lat] = centre(f.geometry);
  return lon >= THEATRE.minLon && lon <= THEATRE.maxLon && lat >= THEATRE.minLat && lat <= THEATRE.maxLat;
}

function roundPoint([lon, lat]) {
  const f = 10 ** DECIMALS;
  return [Math.round(lon * f) / f, Math.round(lat * f) / f];
}

// Rounding can make neighbouring vertices equal; dropping the repeats keeps each ring closed and valid.
function roundRing(ring) {
  const out = [];
  for (const point of ring.map(roundPoint)) {
    const last = out[out.length - 1];
    if (!last || last[0] !== point[0] || last[1] !== point[1]) out.push(point);
  }
  return out;
}

function roundGeometry(geometry) {
  const polygon = (rings) => rings.map(roundRing).filter((ring) => ring.length >= 4);
  const coordinates = geometry.type === 'Polygon'
    ? polygon(geometry.coordinates)
    : geometry.coordinates.map(polygon).filter((rings) => rings.length > 0);
  return { type: geometry.type, coordinates };
}

function basemap() {
  const coarse = new Map(countries('countries-110m.json').map((f) => [keyOf(f), f]));
  const features = countries('countries-50m.json').map((detailed) => {
    const rough = coarse.get(keyOf(detailed));
    const chosen = !rough || inTheatre(detailed) ? detailed : rough;
    const geometry = roundGeometry(chosen.geometry);
    return { type: 'Feature', properties: { name: detailed.properties.name, ...labelPoint(geometry) }, geometry };
  });
  return { type: 'FeatureCollection', features };
}

const collection = basemap();
mkdirSync(dirname(TARGET), { recursive: true });
writeFileSync(TARGET, JSON.stringify(collection));
console.log(`basemap: ${collection.features.length} countries -> ${TARGET}`);
