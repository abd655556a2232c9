// Interception and impact summary from the stats totals of the current filters.
import { el, fill } from '../lib/dom.js';
import { formatRate } from '../lib/format.js';

export function renderSummary(section, totals) {
  const item = (label, value, testid) => el('div', { className: 'figure', testid },
    el('span', { className: 'figure-value', text: value }), el('span', { className: 'figure-label', text: label }));
  const n = (v) => (v === null || v === undefined ? '–' : Number(v).toLocaleString('en'));
  fill(section,
    item('events', n(totals.events), 'total-events'),
    item('launched', n(totals.launched), 'total-launched'),
    item('intercepted', n(totals.intercepted), 'total-intercepted'),
    item('impacts', n(totals.impacts), 'total-impacts'),
    item('interception rate', formatRate(totals.interception_rate), 'interception-rate'),
  );
  section.title = 'Interception rate = intercepted / launched, over events that report both.';
}
