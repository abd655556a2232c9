// The event list: one page of /api/events under the current filters, with a status badge per row so
// a machine-coded ("reported") event never reads as verified, and the attacker's side in its colour.
import { el, fill } from '../lib/dom.js';
import { actorText, formatDate, placeText, statusBadge, weaponText } from '../lib/format.js';
import { paintSide, sideLabel } from '../lib/sides.js';

/** Render `page` ({total, limit, offset, items}) into the table body and the pager. */
export function renderEventList({ body, pager, total }, page, onPage) {
  fill(body, page.items.length ? page.items.map(eventRow) : emptyRow());
  fill(total, `${page.total.toLocaleString('en')} events`);
  renderPager(pager, page, onPage);
}

function eventRow(e) {
  const href = `/events/${encodeURIComponent(e.id)}`;
  return el('tr', { testid: 'event-row', dataset: { eventId: e.id, date: e.date ?? '', status: e.status ?? '', generic: e.generic_point ? 'true' : 'false' } },
    el('td', {}, statusBadge(e.status)),
    el('td', {}, el('a', { href, text: formatDate(e.date, e.date_precision) }),
      e.date_precision && e.date_precision !== 'day' ? el('span', { className: 'muted', text: ` (${e.date_precision})` }) : null),
    el('td', {}, el('a', { href, text: placeText(e) }),
      e.country ? el('span', { className: 'muted', text: ` ${e.country}` }) : null,
      e.generic_point ? el('span', { className: 'muted area-note', testid: 'generic-point-note', text: ' no position reported' }) : null),
    el('td', {}, paintSide(el('span', { className: 'swatch side-swatch', testid: 'side-swatch', title: sideLabel(e.actor1_affiliation) }), e.actor1_affiliation),
      ` ${actorText(e.actor1, e.actor1_affiliation)} → ${actorText(e.actor2, e.actor2_affiliation)}`),
    el('td', { className: 'weapons', dataset: { label: 'weapons' }, text: weaponText(e.weapons) }),
    el('td', { className: 'num', dataset: { label: 'killed / injured' }, text: casualties(e) }),
    el('td', { className: 'num', dataset: { label: 'sources' }, text: sourceCount(e) }),
  );
}

function casualties(e) {
  const part = (n) => (n === null || n === undefined ? '–' : String(n));
  return `${part(e.killed)} / ${part(e.injured)}`;
}

function sourceCount(e) {
  return String(new Set((e.sources ?? []).map((s) => s.doc)).size);
}

function emptyRow() {
  return el('tr', {}, el('td', { colspan: 7, className: 'empty', text: 'No events match these filters.' }));
}

function renderPager(pager, page, onPage) {
  const first = page.total === 0 ? 0 : page.offset + 1;
  const last = Math.min(page.offset + page.items.length, page.total);
  fill(pager,
    el('button', { type: 'button', testid: 'page-prev', disabled: page.offset === 0, onclick: () => onPage(Math.max(0, page.offset - page.limit)), text: '← previous' }),
    el('span', { testid: 'page-range', text: ` ${first}-${last} of ${page.total.toLocaleString('en')} ` }),
    el('button', { type: 'button', testid: 'page-next', disabled: last >= page.total, onclick: () => onPage(page.offset + page.limit), text: 'next →' }),
  );
}
