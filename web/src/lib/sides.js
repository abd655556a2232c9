// The sides the dashboard colours by: the attacker's affiliation (`actor1_affiliation`). The map, the
// timeline, the list and the legend all take their colour from here, so one side never has two colours
// and two sides never share one. Clusters are neutral (a cluster can hold both sides).
import { el } from './dom.js';

export const SIDES = [
  { key: 'IR', label: 'Iran / Iran-backed', colour: '#c0392b' },
  { key: 'US', label: 'US / coalition', colour: '#2c6fbb' },
  { key: 'other', label: 'other attacker', colour: '#d68910' },
  { key: 'unknown', label: 'attacker unknown', colour: '#7f8c8d' },
];
const BY_KEY = new Map(SIDES.map((s) => [s.key, s]));

/** The side of an affiliation code: IR, US, other (any other code) or unknown (none). */
export function sideOf(affiliation) {
  if (!affiliation || affiliation === 'unknown') return 'unknown';
  return BY_KEY.has(affiliation) ? affiliation : 'other';
}

export function sideColour(affiliation) {
  return BY_KEY.get(sideOf(affiliation)).colour;
}

export function sideLabel(affiliation) {
  return BY_KEY.get(sideOf(affiliation)).label;
}

/** Give an element its side: a class (for tests and print styles) and the --side colour (CSSOM, not a
 * style attribute, so the CSP that forbids inline styles still holds). */
export function paintSide(node, affiliation) {
  node.classList.add(`side-${sideOf(affiliation)}`);
  node.dataset.side = sideOf(affiliation);
  node.style.setProperty('--side', sideColour(affiliation));
  return node;
}

/** Counts per side from the stats' `by_affiliation` ({code: n}). */
export function countBySide(byAffiliation) {
  const counts = Object.fromEntries(SIDES.map((s) => [s.key, 0]));
  for (const [code, n] of Object.entries(byAffiliation ?? {})) counts[sideOf(code)] += n;
  return counts;
}

/** One legend entry per side with its count, e.g. "Iran / Iran-backed 12". Sides with no event are
 * still listed (greyed), so the key reads the same whatever the filter. */
export function sideLegend(byAffiliation, testid = 'side-legend') {
  const counts = countBySide(byAffiliation);
  return el('ul', { className: 'side-legend', testid },
    SIDES.map((s) => el('li', { className: counts[s.key] ? 'key' : 'key none', testid: 'side-key', dataset: { side: s.key, count: counts[s.key] } },
      paintSide(el('span', { className: 'swatch side-swatch' }), s.key),
      el('span', { text: ` ${s.label} ` }),
      el('strong', { className: 'side-count', text: counts[s.key].toLocaleString('en') }))));
}
