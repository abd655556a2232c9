// `/documents`: every ingested document with its credibility, the flags behind it and the reason
// for each, the events citing it; `?id=` shows one document's clean text.
import '../styles/base.css';
import '../styles/documents.css';
import { getJSON } from '../lib/api.js';
import { el, fill } from '../lib/dom.js';
import { credibilityBadge, originalLink } from '../lib/format.js';
import { setState, showError } from '../lib/page.js';

const PAGE = 100;
// Events name their documents but documents do not name their events: the page inverts the list
// when the whole ledger fits in one request, and says so when it does not.
const CITING_LIMIT = 500;

const $ = (selector) => document.querySelector(selector);

function readParams() {
  const params = new URLSearchParams(window.location.search);
  return { credibility: params.get('credibility') || '', offset: Number(params.get('offset')) || 0, id: params.get('id') };
}

async function load() {
  setState('loading');
  const { credibility, offset, id } = readParams();
  const form = $('#doc-filters');
  form.elements.namedItem('credibility').value = credibility;
  const query = { credibility, limit: PAGE, offset };
  $('[data-testid=json-twin]').setAttribute('href', `/api/documents?${new URLSearchParams(Object.entries(query).filter(([, v]) => v !== '' && v !== 0))}`);
  const [page, citing] = await Promise.all([getJSON('/api/documents', query), citingEvents()]);
  fill($('[data-testid=doc-total]'), `${page.total.toLocaleString('en')} documents`);
  fill($('[data-testid=doc-list] tbody'), page.items.map((doc) => documentRow(doc, citing.byDoc)));
  fill($('[data-testid=citing-note]'), citing.complete ? '' : `Events citing each document are listed when the ledger has at most ${CITING_LIMIT} events.`);
  renderPager(page);
  if (id) await showDocument(id, citing.byDoc);
  setState('ready');
}

async function citingEvents() {
  const page = await getJSON('/api/events', { limit: CITING_LIMIT });
  const byDoc = new Map();
  if (page.total > page.items.length) return { complete: false, byDoc };
  for (const e of page.items) {
    for (const doc of new Set((e.sources ?? []).map((s) => s.doc))) {
      if (!byDoc.has(doc)) byDoc.set(doc, []);
      byDoc.get(doc).push(e);
    }
  }
  return { complete: true, byDoc };
}

function documentRow(doc, byDoc) {
  const flags = doc.flags ?? [];
  const events = byDoc.get(doc.id);
  return el('tr', { testid: 'doc-row', dataset: { doc: doc.id, credibility: doc.credibility ?? '' } },
    el('td', {},
      el('a', { href: `/documents?id=${encodeURIComponent(doc.id)}`, testid: 'doc-title', text: doc.title || doc.id }),
      el('div', { className: 'muted small', text: [doc.outlet, doc.id].filter(Boolean).join(' · ') })),
    el('td', { text: doc.published ?? '–' }),
    el('td', {}, credibilityBadge(doc.credibility)),
    el('td', { text: doc.source_reliability ?? '–' }),
    el('td', {}, flags.length
      ? el('ul', { className: 'flags' }, flags.map((f) => el('li', { testid: 'doc-flag' }, el('code', { text: f }), ': ', doc.reasons?.[f] ?? '')))
      : el('span', { className: 'muted', text: 'none' })),
    el('td', {}, events ? events.map((e) => el('a', { href: `/events/${encodeURIComponent(e.id)}`, className: 'citing', text: `${e.location ?? e.id} ${e.date ?? ''}` })) : '–'),
  );
}

function renderPager(page) {
  const go = (offset) => {
    const params = new URLSearchParams(window.location.search);
    params.delete('id');
    if (offset) params.set('offset', offset); else params.delete('offset');
    window.history.pushState(null, '', `/documents${params.size ? `?${params}` : ''}`);
    load().catch(showError);
  };
  const last = Math.min(page.offset + page.items.length, page.total);
  fill($('[data-testid=pager]'),
    el('button', { type: 'button', disabled: page.offset === 0, onclick: () => go(Math.max(0, page.offset - PAGE)), text: '← previous' }),
    el('span', { text: ` ${page.total ? page.offset + 1 : 0}-${last} of ${page.total} ` }),
    el('button', { type: 'button', disabled: last >= page.total, onclick: () => go(page.offset + PAGE), text: 'next →' }));
}

async function showDocument(id, byDoc) {
  const doc = await getJSON(`/api/documents/${encodeURIComponent(id)}`);
  const box = $('#single');
  box.hidden = false;
  fill(box,
    el('h1', { testid: 'document-title', text: doc.title || doc.id }),
    el('p', { className: 'muted' }, [doc.outlet, doc.published, doc.id].filter(Boolean).join(' · '), ' ', credibilityBadge(doc.credibility),
      originalLink(doc.url)),
    (byDoc.get(doc.id) ?? []).length ? el('p', {}, 'Cited by: ',
      byDoc.get(doc.id).map((e) => el('a', { href: `/events/${encodeURIComponent(e.id)}`, className: 'citing', text: `${e.location ?? e.id} ${e.date ?? ''}` }))) : null,
    el('pre', { className: 'doc-full', testid: 'document-text', text: doc.text ?? '' }));
}

$('#doc-filters').addEventListener('change', () => {
  const credibility = $('#doc-filters').elements.namedItem('credibility').value;
  window.history.pushState(null, '', `/documents${credibility ? `?credibility=${encodeURIComponent(credibility)}` : ''}`);
  load().catch(showError);
});
window.addEventListener('popstate', () => load().catch(showError));
load().catch(showError);
