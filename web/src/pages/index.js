// `/`: filters, map, timeline, summary and event list, all driven by the page's query string.
import '../styles/base.css';
import '../styles/dashboard.css';
import { createMap } from '../dashboard/map.js';
import { readForm, setActorOptions, setCountryOptions, writeForm } from '../dashboard/form.js';
import { renderEventList } from '../dashboard/list.js';
import { renderSummary } from '../dashboard/summary.js';
import { createTimeline } from '../dashboard/timeline.js';
import { DEFAULT_DAYS, MARKER_CAP, dateSpan, defaultWindow } from '../dashboard/cap.js';
import { getJSON } from '../lib/api.js';
import { el, fill } from '../lib/dom.js';
import { sideLegend } from '../lib/sides.js';
import { filtersOf, pushQuery, queryString, readQuery, replaceQuery } from '../lib/filters.js';
import { showError, setState } from '../lib/page.js';

const $ = (selector) => document.querySelector(selector);
const ui = {
  form: $('#filters'),
  twin: $('[data-testid=json-twin]'),
  summary: $('[data-testid=summary]'),
  sides: $('[data-testid=sides]'),
  mapNote: $('[data-testid=map-note]'),
  order: $('[data-testid=order]'),
  windowNote: $('[data-testid=window-note]'),
  list: { body: $('[data-testid=event-list] tbody'), pager: $('[data-testid=pager]'), total: $('[data-testid=event-total]') },
};
const map = createMap($('#map'));
const timeline = createTimeline($('#timeline'), {
  onBrush: (since, until) => navigate({ ...readQuery(), since, until }),
  readout: $('[data-testid=timeline-readout]'),
});
// the test and benchmark hooks: what the page drew and when
window.__sitrep = { map: map.map, timeline, features: null };

let generation = 0;
let shownFilters = null;

function navigate(query) {
  const { offset, ...rest } = query;
  if (rest.since || rest.until) delete rest.dates;
  pushQuery(rest);
  load();
}

async function load() {
  const gen = ++generation;
  setState('loading');
  try {
    const { query, window_ } = await withDefaultWindow(readQuery());
    if (gen !== generation) return;
    if (window_) replaceQuery(query);
    showWindowNote(window_);
    writeForm(ui.form, query);
    ui.twin.setAttribute('href', `/api/events${queryString(query, false)}`);
    const filters = filtersOf(query);
    const key = JSON.stringify(filters);
    if (key === shownFilters) {
      await loadList(query, gen);
    } else {
      // the list waits for the map's and timeline's answers: one Python server answers them in turn
      let list;
      await loadOverview(filters, gen, () => { list = loadList(query, gen); });
      await list;
    }
    if (gen !== generation) return;
    shownFilters = key;
    setState('ready');
  } catch (error) {
    if (gen === generation) showError(error);
  }
}

// A big ledger opens on its latest days; the URL says so, and so does the note over the timeline.
async function withDefaultWindow(query) {
  if (query.since || query.until || query.dates === 'all') return { query, window_: null };
  const window_ = await defaultWindow(filtersOf(query));
  return { query: window_ ? { ...query, since: window_.since, until: window_.until } : query, window_ };
}

function showWindowNote(window_) {
  ui.windowNote.hidden = !window_;
  if (!window_) return;
  fill(ui.windowNote.querySelector('span'), `${window_.matching.toLocaleString('en')} dated events match, so the page `
    + `opens on the latest ${DEFAULT_DAYS} days only (${window_.since} to ${window_.until}). `);
}

async function loadList(query, gen) {
  ui.order.value = query.order ?? '';
  const page = await getJSON('/api/events', { ...filtersOf(query), order: query.order, limit: query.limit ?? 100, offset: query.offset ?? 0 });
  if (gen !== generation) return;
  renderEventList(ui.list, page, (offset) => {
    pushQuery({ ...readQuery(), offset: offset || undefined });
    load();
  });
  performance.mark('sitrep-list');
}

// The map and the timeline load side by side; the first render is when both are drawn.
async function loadOverview(filters, gen, onData) {
  const [stats, geo] = await Promise.all([
    getJSON('/api/stats', { ...filters, by: 'day' }),
    getJSON('/api/events.geojson', { ...filters, limit: MARKER_CAP }),
  ]);
  onData();
  if (gen !== generation) return;
  performance.mark('sitrep-data');
  renderSummary(ui.summary, stats.totals);
  fill(ui.sides, el('span', { className: 'sides-title', text: 'Attacker\u2019s side (map, timeline and list):' }), sideLegend(stats.by_affiliation));
  setCountryOptions(ui.form.elements.namedItem('country'), stats.by_country, filters.country);
  setActorOptions($('#actor-options'), stats.by_attacker);
  window.__sitrep.features = geo.features;
  const [shown] = await Promise.all([map.setFeatures(geo), timeline.setStats(stats, filters)]);
  renderMapNote(shown, geo.total ?? geo.features.length, stats.totals.events, dateSpan(geo.features));
  markFirstRender();
}

function renderMapNote(shown, mappable, matching, span) {
  const n = (v) => Number(v ?? 0).toLocaleString('en');
  ui.mapNote.dataset.shown = shown;
  ui.mapNote.dataset.mappable = mappable;
  const unmapped = Math.max(0, (matching ?? 0) - mappable);
  fill(ui.mapNote,
    shown < mappable
      ? el('strong', { testid: 'map-capped', text: `Showing the newest ${n(shown)} of ${n(mappable)} mapped events (${span ? `${span[0]} to ${span[1]}` : 'undated'}). ` })
      : `Showing all ${n(shown)} mapped events. `,
    unmapped ? `${n(unmapped)} more are known only to country level or have no place; they are in the list below. ` : '',
    shown < mappable ? 'Drag across the timeline or set dates to map another window.' : '');
}

function markFirstRender() {
  if (window.__sitrepFirstRender !== undefined) return;
  window.__sitrepFirstRender = performance.now();
  performance.mark('sitrep-first-render');
}

ui.form.addEventListener('submit', (event) => {
  event.preventDefault();
  const { order, dates } = readQuery();
  navigate({ ...readForm(ui.form), order, dates });
});
ui.order.addEventListener('change', () => navigate({ ...readQuery(), order: ui.order.value || undefined }));
$('[data-testid=clear-filters]').addEventListener('click', (event) => {
  event.preventDefault();
  navigate({});
});
$('[data-testid=clear-dates]').addEventListener('click', () => {
  const { since, until, ...rest } = readQuery();
  navigate({ ...rest, dates: 'all' });
});
window.addEventListener('popstate', load);
load();
