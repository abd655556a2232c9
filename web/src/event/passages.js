// The passages of one event: each distinct evidence span (document + offsets) gets one number, so
// every value can cite the sentences it came from ("[2]") while each passage is shown, highlighted
// in its document, only once.
import { el, fill } from '../lib/dom.js';
import { evidenceView } from './evidence.js';

const COUNT_FIELDS = ['killed', 'injured', 'launched', 'intercepted', 'impacts'];

export class Passages {
  constructor() {
    this.numbers = new Map();
    this.list = [];
    this.quoted = new Set(); // passages whose sentence the values list has already printed
  }

  /** The passage's number, adding it if it is new. */
  number(evidence) {
    const key = `${evidence.doc}\u0000${evidence.start}\u0000${evidence.end}`;
    if (!this.numbers.has(key)) {
      this.list.push(evidence);
      this.numbers.set(key, this.list.length);
    }
    return this.numbers.get(key);
  }

  /** Numbers every passage of the event: mentions first, in order, then any field source left. */
  static of(event) {
    const passages = new Passages();
    for (const m of event.mentions ?? []) mentionEvidence(m).forEach((ev) => passages.number(ev));
    for (const entries of Object.values(event.field_sources ?? {})) entries.forEach((ev) => passages.number(ev));
    return passages;
  }
}

/** A mention's passages: its trigger sentence, then the detail and count sentences it drew on. */
export function mentionEvidence(m) {
  return [m.evidence, ...(m.extra_evidence ?? []), ...COUNT_FIELDS.map((k) => m[k]?.evidence).filter(Boolean)];
}

/** The passages a field's value came from: the event's field_sources, else its mentions giving it. */
export function fieldEvidence(event, field) {
  const listed = event.field_sources?.[field] ?? [];
  if (listed.length) return listed;
  const mentions = event.mentions ?? [];
  if (COUNT_FIELDS.includes(field)) return mentions.filter((m) => m[field]).map((m) => m[field].evidence ?? m.evidence);
  const own = { date: 'date_text', location: 'place_text' }[field] ?? field;
  return mentions.filter((m) => (Array.isArray(m[own]) ? m[own].length : m[own])).map((m) => m.evidence);
}

/** "[n] “quote”" lines for a value, each linking to its passage; a sentence already quoted for an
 * earlier value is cited by its number only, so one trigger sentence is not printed ten times. */
export function citations(passages, evidences) {
  return el('ul', { className: 'citations' }, evidences.map((ev) => {
    const n = passages.number(ev);
    const first = !passages.quoted.has(n);
    passages.quoted.add(n);
    return el('li', { testid: 'citation', dataset: { passage: n } }, el('a', { href: `#passage-${n}`, text: `[${n}]` }), ' ',
      first ? el('q', { text: ev.quote ?? '' }) : el('span', { text: 'the same sentence as above' }));
  }));
}

/** The numbered box a passage is shown in; filled once its document has loaded. */
export function passageBox(passages, evidence, getDoc, pending) {
  const n = passages.number(evidence);
  const box = el('div', { className: 'evidence', id: `passage-${n}`, testid: 'passage', dataset: { doc: evidence.doc } },
    el('span', { className: 'muted', text: `loading ${evidence.doc}…` }));
  pending.push(getDoc(evidence.doc).then(
    (doc) => fill(box, el('span', { className: 'passage-number', text: `[${n}]` }), evidenceView(doc, evidence)),
    (error) => fill(box, `[${n}] document ${evidence.doc} could not be loaded: ${error.message}`)));
  return box;
}
