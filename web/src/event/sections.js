// The parts of the event page. Each takes the event (and a document getter) and returns elements;
// a value is always shown next to the passage it was read from.
import { el, fill } from '../lib/dom.js';
import { actorText, credibilityBadge, eventPhrase, formatCount, formatDate, originalLink, statusBadge, weaponText } from '../lib/format.js';
import { sourceLine } from './evidence.js';
import { citations, fieldEvidence, mentionEvidence, passageBox } from './passages.js';

const FIELDS = [
  ['date', 'date', (e) => (e.date ? `${formatDate(e.date, e.date_precision)} (${e.date_precision} precision)` : null)],
  ['time', 'time', (e) => e.time],
  ['location', 'place', (e) => e.location],
  ['sub_event_type', 'type', (e) => e.sub_event_type],
  ['weapons', 'weapons', (e) => weaponText(e.weapons) || null],
  ['weapon_models', 'weapon models', (e) => (e.weapon_models ?? []).join(', ') || null],
  ['defences', 'defences', (e) => (e.defences ?? []).join(', ') || null],
  ['actor1', 'attacker', (e) => (e.actor1 ? actorText(e.actor1, e.actor1_affiliation) : null)],
  ['actor2', 'target', (e) => (e.actor2 ? actorText(e.actor2, e.actor2_affiliation) : null)],
  ['killed', 'killed', (e) => e.killed],
  ['injured', 'injured', (e) => e.injured],
  ['launched', 'launched', (e) => formatCount(e.launched) || null],
  ['intercepted', 'intercepted', (e) => formatCount(e.intercepted) || null],
  ['impacts', 'impacts', (e) => formatCount(e.impacts) || null],
  ['damage', 'damage', (e) => e.damage],
  ['claimed_by', 'claimed by', (e) => e.claimed_by],
  ['operation', 'operation', (e) => e.operation],
];

export function headerSection(e) {
  const title = `${e.sub_event_type ?? 'Attack'} at ${e.location ?? e.place_text ?? 'an unknown place'}, ${formatDate(e.date, e.date_precision)}`;
  const c = e.credibility ?? {};
  const grade = [c.source_reliability, c.information].filter((v) => v !== null && v !== undefined).join('');
  return el('section', { className: 'panel', testid: 'event-header' },
    el('h1', { text: title }),
    el('p', { className: 'badges' }, statusBadge(e.status), ' ',
      el('span', { testid: 'credibility' }, 'credibility ', credibilityBadge(c.level),
        grade ? el('span', { testid: 'admiralty', title: 'Admiralty code: source reliability A-F, information credibility 1-6', text: ` Admiralty ${grade}` }) : null,
        c.source_reliability ? el('span', { className: 'muted', text: ` · source reliability ${c.source_reliability}` }) : null,
        c.information ? el('span', { className: 'muted', text: ` · information ${c.information}` }) : null)),
    c.reason ? el('p', { className: 'muted', testid: 'credibility-reason', text: c.reason }) : null,
    el('p', { className: 'muted' }, `event ${e.id} · `, el('a', { href: `/api/events/${encodeURIComponent(e.id)}`, text: 'JSON' })));
}

export function placeSection(e) {
  const written = [...new Set((e.mentions ?? []).map((m) => m.place_text).filter((t) => t && t !== e.place_text))];
  const located = e.lat !== null && e.lat !== undefined && e.lon !== null && e.lon !== undefined;
  let coordinates = located ? `${e.lat.toFixed(3)}, ${e.lon.toFixed(3)}` : 'none (known only to country level)';
  // an area's generic point is where the map draws the area, not where the event happened
  if (located && e.generic_point) coordinates = `none reported: ${coordinates} is the generic point of ${e.sea_area ?? e.location ?? 'the area'}`;
  return el('section', { className: 'panel', testid: 'place' },
    el('h2', { text: 'Place' }),
    el('dl', { className: 'pairs' },
      el('dt', { text: 'as written' }), el('dd', { testid: 'place-raw', text: e.place_text ?? '–' }),
      el('dt', { text: 'matched place' }), el('dd', { testid: 'place-matched', text: [e.location, e.country].filter(Boolean).join(', ') || '–' }),
      e.sea_area ? [el('dt', { text: 'sea area' }), el('dd', { testid: 'sea-area', text: e.sea_area })] : null,
      el('dt', { text: 'coordinates' }), el('dd', { testid: 'coordinates', dataset: { generic: e.generic_point ? 'true' : 'false' }, text: `${coordinates} · ${e.geo_precision} precision` }),
      written.length ? [el('dt', { text: 'also written' }), el('dd', { text: written.join(' · ') })] : null));
}

export function valuesSection(e, passages) {
  const rows = [];
  for (const [field, label, show] of FIELDS) {
    const value = show(e);
    const sources = fieldEvidence(e, field);
    if ((value === null || value === undefined || value === '') && sources.length === 0) continue;
    rows.push(el('div', { className: 'field', testid: 'field', dataset: { field } },
      el('dt', { text: label }),
      el('dd', {}, el('span', { className: 'value', testid: 'field-value', text: value ?? '–' }),
        sources.length ? citations(passages, sources) : el('p', { className: 'muted', text: 'no passage recorded' }))));
  }
  return el('section', { className: 'panel', testid: 'values' },
    el('h2', { text: 'Values and the sentences they come from' }),
    el('p', { className: 'note', text: 'Each [number] is a passage below, shown highlighted in its document.' }),
    el('dl', { className: 'fields' }, rows));
}

export function casualtySection(e) {
  const rows = [];
  for (const kind of ['killed', 'injured']) {
    for (const v of e.casualties?.[kind]?.values ?? []) {
      rows.push(reportRow(kind, v.value ?? '–', v.qualifier, v.who, v.doc, v.published, v.quote));
    }
  }
  // launch, interception and impact counts: each mention's own figure, as its report gave it
  for (const kind of ['launched', 'intercepted', 'impacts']) {
    for (const m of (e.mentions ?? []).filter((x) => x[kind])) {
      const c = m[kind];
      rows.push(reportRow(kind, formatCount({ ...c, qualifier: null }) || '–', c.qualifier, c.who, m.doc, m.published,
        c.evidence?.quote ?? m.evidence.quote));
    }
  }
  const summary = ['killed', 'injured'].map((kind) => {
    const c = e.casualties?.[kind];
    if (!c || c.best === null || c.best === undefined) return null;
    return `${kind}: ${c.best}${c.low !== c.high ? ` (reports range ${c.low}-${c.high})` : ''}`;
  }).filter(Boolean).join(' · ');
  return el('section', { className: 'panel', testid: 'casualties' },
    el('h2', { text: 'Casualty and count reports' }),
    el('p', { className: 'muted', text: summary || 'No casualty figures reported.' }),
    revisionList(e),
    rows.length ? el('table', { className: 'data', testid: 'casualty-table' },
      el('thead', {}, el('tr', {}, ['figure', 'value', 'qualifier', 'who', 'source', 'published', 'quote'].map((h) => el('th', { text: h })))),
      el('tbody', {}, rows)) : null);
}

// How each figure moved across reports ('killed: 3 → 6'), as `sitrep show` prints it (revisions.py).
function revisionList(e) {
  const by = (doc, day) => ` by ${doc ?? '?'} on ${day ?? 'an unstated date'}`;
  const items = Object.entries(e.revisions ?? {}).map(([field, r]) => {
    const steps = (e.corrections ?? []).filter((c) => c.field === field);
    const said = [`first reported ${r.first_reported}${by(r.first_doc, r.first_published)}`,
      ...steps.map((c) => `${c.to}${by(c.doc, c.published)}`)];
    return el('li', { testid: 'revision', dataset: { field },
      text: `${field}: ${[r.first_reported, ...steps.map((c) => c.to)].join(' → ')} (${said.join('; ')})` });
  });
  return items.length ? el('ul', { testid: 'revisions' }, items) : null;
}

function reportRow(kind, value, qualifier, who, doc, published, quote) {
  return el('tr', { testid: 'casualty-row', dataset: { kind } },
    el('td', { text: kind }), el('td', { className: 'num', text: value }), el('td', { text: qualifier ?? '' }),
    el('td', { text: who ?? '' }), el('td', {}, el('a', { href: `/documents?id=${encodeURIComponent(doc)}`, text: doc })),
    el('td', { text: published ?? '' }), el('td', { className: 'quote', text: quote ?? '' }));
}

/** What the event answers and what answered it, each link saying what that event was ("answers: rocket
 * attack on Ain al-Asad, 2024-01-20"), fetched by `getEvent`; until it arrives, or if it fails, the id. */
export function linksSection(e, getEvent, pending) {
  const links = (ids, verb) => (ids?.length
    ? el('ul', {}, ids.map((id) => el('li', {}, eventLink(id, verb, getEvent, pending))))
    : el('p', { className: 'muted', text: 'none' }));
  return el('section', { className: 'panel', testid: 'links' },
    el('h2', { text: 'Retaliation links' }),
    el('h3', { text: 'responds to' }), links(e.responds_to, 'answers'),
    el('h3', { text: 'answered by' }), links(e.responded_by, 'answered by'));
}

function eventLink(id, verb, getEvent, pending) {
  const link = el('a', { href: `/events/${encodeURIComponent(id)}`, testid: 'event-link', dataset: { eventId: id }, text: `${verb}: event ${id}` });
  pending.push(getEvent(id).then((other) => fill(link, `${verb}: ${eventPhrase(other)}`), () => {}));
  return link;
}

export function mentionsSection(e, passages, getDoc, pending) {
  const shown = new Set();
  const mentions = (e.mentions ?? []).map((m) => mentionView(m, passages, getDoc, pending, shown));
  const others = passages.list.filter((ev) => !shown.has(passages.number(ev)));
  return el('section', { className: 'panel', testid: 'mentions' },
    el('h2', { text: `Mentions (${mentions.length}): the passages, in their documents` }),
    mentions,
    others.length ? el('article', { className: 'mention' }, el('p', { className: 'facts', text: 'Other passages cited above' }),
      others.map((ev) => passageBox(passages, ev, getDoc, pending))) : null);
}

function mentionView(m, passages, getDoc, pending, shown) {
  const facts = [
    m.date_text ? `“${m.date_text}” → ${formatDate(m.date, m.date_precision)}` : formatDate(m.date, m.date_precision),
    m.place_text ? `“${m.place_text}” → ${m.location ?? 'unmatched'}` : m.location,
    `${actorText(m.actor1, m.actor1_affiliation)} → ${actorText(m.actor2, m.actor2_affiliation)}`,
    weaponText(m.weapons),
    ...['killed', 'injured', 'launched', 'intercepted', 'impacts'].filter((k) => m[k]).map((k) => `${k} ${formatCount(m[k])}`),
  ].filter(Boolean);
  const boxes = [];
  for (const ev of mentionEvidence(m)) {
    const n = passages.number(ev);
    if (shown.has(n)) continue;
    shown.add(n);
    boxes.push(passageBox(passages, ev, getDoc, pending));
  }
  const [main, ...extra] = boxes;
  return el('article', { className: 'mention', testid: 'mention', dataset: { doc: m.doc, rule: m.evidence.rule ?? '' } },
    el('p', { className: 'facts', text: facts.join(' · ') }),
    main ?? null,
    extra.length ? el('details', { open: true }, el('summary', { text: `${extra.length} more passage${extra.length > 1 ? 's' : ''} of this report` }), extra) : null);
}

export function sourcesSection(e, getDoc, pending) {
  const items = (e.sources ?? []).map((s) => {
    const item = el('li', { testid: 'source', dataset: { doc: s.doc } }, el('span', { text: s.doc }));
    pending.push(getDoc(s.doc).then((doc) => fill(item, sourceItem(doc, s)), () => {}));
    return item;
  });
  return el('section', { className: 'panel', testid: 'sources' }, el('h2', { text: `Sources (${items.length})` }), el('ul', { className: 'sources' }, items));
}

function sourceItem(doc, source) {
  const flags = (doc.flags ?? []).map((f) => el('li', {}, el('code', { text: f }), ': ', doc.reasons?.[f] ?? ''));
  return [
    sourceLine(doc), ' ', credibilityBadge(doc.credibility),
    doc.source_reliability ? el('span', { className: 'muted', text: ` outlet reliability ${doc.source_reliability}` }) : null,
    originalLink(doc.url),
    el('span', { className: 'muted', text: ` · ${(source.quotes ?? []).length} passage(s)` }),
    flags.length ? el('ul', { className: 'flags' }, flags) : null,
  ];
}
