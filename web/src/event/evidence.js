// A quote shown where it stands: the document's clean text around the evidence span, the span in a
// <mark>. Offsets are Python string indices (code points); JavaScript strings index UTF-16 units,
// so text with characters outside the BMP (emoji, some scripts) is converted before slicing.
import { el, fill } from '../lib/dom.js';

const CONTEXT = 280; // characters either side: about two sentences

/** A function slicing `text` by code-point offsets. */
export function codePointSlicer(text) {
  if (!/[\uD800-\uDFFF]/.test(text)) return (start, end) => text.slice(start, end);
  const units = [0];
  for (const ch of text) units.push(units[units.length - 1] + ch.length);
  const at = (i) => units[Math.max(0, Math.min(i, units.length - 1))];
  return (start, end) => text.slice(at(start), at(end ?? units.length - 1));
}

/** The excerpt for `evidence` {start, end, quote} in `doc` (with `text`): elements for a passage box. */
export function evidenceView(doc, evidence) {
  const text = doc.text ?? '';
  const slice = codePointSlicer(text);
  const length = [...text].length;
  const body = el('blockquote', { className: 'doc-text', testid: 'doc-text', dataset: { doc: doc.id } });
  let whole = false;
  const toggle = el('button', { type: 'button', className: 'link', testid: 'toggle-whole', text: 'show the whole document' });
  const draw = () => {
    const from = whole ? 0 : cutBefore(slice, evidence.start);
    const to = whole ? length : cutAfter(slice, evidence.end, length);
    fill(body,
      from > 0 ? '… ' : null,
      slice(from, evidence.start),
      el('mark', { testid: 'quote-highlight', dataset: { start: evidence.start, end: evidence.end }, text: slice(evidence.start, evidence.end) }),
      slice(evidence.end, to),
      to < length ? ' …' : null);
    toggle.textContent = whole ? 'show only the passage' : 'show the whole document';
  };
  toggle.addEventListener('click', () => {
    whole = !whole;
    draw();
  });
  draw();
  const mismatch = evidence.quote && slice(evidence.start, evidence.end) !== evidence.quote;
  return [
    mismatch ? el('p', { className: 'warning', testid: 'offset-mismatch', text: 'The stored quote differs from the document text at these offsets; the document may have been re-cleaned since.' }) : null,
    body,
    el('p', { className: 'evidence-meta' }, sourceLine(doc), ' · ', toggle),
  ];
}

export function sourceLine(doc) {
  return el('span', { className: 'muted' },
    el('a', { href: `/documents?id=${encodeURIComponent(doc.id)}`, text: doc.title || doc.id }),
    [doc.outlet, doc.published].filter(Boolean).length ? ` (${[doc.outlet, doc.published].filter(Boolean).join(', ')})` : '');
}

// Start and end the context at word boundaries, so the excerpt does not cut words in half.
function cutBefore(slice, start) {
  if (start <= CONTEXT) return 0;
  const chunk = slice(start - CONTEXT, start);
  const space = chunk.search(/\s/);
  return start - CONTEXT + (space >= 0 ? [...chunk.slice(0, space + 1)].length : 0);
}

function cutAfter(slice, end, length) {
  if (end + CONTEXT >= length) return length;
  const chunk = slice(end, end + CONTEXT);
  const space = chunk.lastIndexOf(' ');
  return end + (space > 0 ? [...chunk.slice(0, space)].length : CONTEXT);
}
