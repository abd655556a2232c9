// Leaflet with the marker-cluster plugin and both stylesheets, bundled by vite (no CDN).
// The plugin is a UMD script that extends the global `L`, so the global is set first, in its own
// module: ES imports run in order, and a module body would only run after all its imports.
import L from './leaflet-global.js';
import 'leaflet.markercluster';
import 'leaflet/dist/leaflet.css';
import 'leaflet.markercluster/dist/MarkerCluster.css';

export default L;
