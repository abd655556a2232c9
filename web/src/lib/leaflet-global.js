// See leaflet.js: leaflet.markercluster reads `window.L` when it is evaluated.
import L from 'leaflet';

window.L = L;
export default L;
