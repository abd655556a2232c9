// How values read on every page: dates with their precision, counts with their qualifiers,
// the status badge that keeps machine-coded events from looking verified.
import { el, safeUrl } from './dom.js';

// The statuses the pages style; any other string the API sends is shown as it is, in a neutral style.
export const STATUS_STYLED = ['reported', 'corroborated', 'confirmed', 'disputed'];
export const STATUS_HELP = {
  reported: 'Machine-coded from news reports; not verified',
  corroborated: 'Reported by independent sources; not officially confirmed',
  confirmed: 'Confirmed by an official or authoritative source',
  disputed: 'Sources or parties contradict each other about this event',
};

/** The CSS class of a status: its own for the styled ones, `status-other` for any other string. */
export function statusClass(status) {
  return STATUS_STYLED.includes(status) ? `status-${status}` : 'status-other';
}

export function statusBadge(status) {
  const text = status ? String(status) : 'no status';
  return el('span', {
    className: `badge status ${statusClass(status)}`,
    testid: 'status-badge',
    dataset: { status: text },
    title: STATUS_HELP[status] ?? `Status "${text}"`,
    text,
  });
}

export function credibilityBadge(level) {
  const known = ['low', 'normal', 'high'].includes(level) ? level : 'unknown';
  return el('span', { className: `badge cred cred-${known}`, testid: 'credibility-badge', text: level ?? 'unrated' });
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2024-01-28" at day precision; "week of 2024-01-28", "Jan 2024", "2024" at coarser ones. */
export function formatDate(date, precision) {
  if (!date) return 'date unknown';
  const [y, m] = date.split('-');
  if (precision === 'year') return y;
  if (precision === 'month') return `${MONTHS[Number(m) - 1]} ${y}`;
  if (precision === 'week') return `week of ${date}`;
  return date;
}

/** A Count {value, low, high, qualifier} as one phrase: "at least 3", "18-24", "several". */
export function formatCount(count) {
  if (count === null || count === undefined) return '';
  if (typeof count === 'number') return String(count);
  let number = '';
  if (count.value !== null && count.value !== undefined) number = String(count.value);
  else if (count.low !== null && count.low !== undefined && count.high !== null && count.high !== undefined && count.low !== count.high) {
    number = `${count.low}-${count.high}`;
  } else if (count.low !== null && count.low !== undefined) number = String(count.low);
  // "between 18-24" says the range twice
  if (count.qualifier === 'between' && number) return number;
  return [count.qualifier, number].filter(Boolean).join(' ') || '?';
}

/** The single figure a count stands for in sums: the value, else its lower bound. */
export function bestCount(count) {
  if (count === null || count === undefined) return null;
  if (typeof count === 'number') return count;
  return count.value ?? count.low ?? null;
}

export function formatRate(rate) {
  return rate === null || rate === undefined ? 'n/a' : `${(rate * 100).toFixed(0)}%`;
}

export function weaponText(weapons) {
  return (weapons ?? []).map((w) => w.replaceAll('_', ' ')).join(', ');
}

export function actorText(actor, affiliation) {
  if (!actor) return 'unknown';
  return affiliation ? `${actor} (${affiliation})` : actor;
}

/** What an event is, in a few words: "rocket attack on Ain al-Asad, 2024-01-20" (a retaliation link's text). */
export function eventPhrase(e) {
  const weapons = e.weapons ?? [];
  // an attack by aircraft is what reports call an air strike
  const what = weapons.includes('aircraft') ? 'air strike'
    : weapons.length ? `${weaponText(weapons.slice(0, 2)).replace(', ', ' and ')} attack`
      : (e.sub_event_type ?? 'attack').toLowerCase();
  const where = e.location ? ` on ${e.location}` : e.country ? ` in ${e.country}` : '';
  return `${what}${where}, ${formatDate(e.date, e.date_precision)}`;
}

/** How an event's place reads where its point is only an area's generic point (a sea area). */
export function placeText(e) {
  const name = e.location ?? e.place_text ?? 'place unknown';
  return e.generic_point ? `${e.sea_area ?? name} (somewhere in the area)` : name;
}

/** A link to the original article when its URL is http(s); any other URL is shown as text only. */
export function originalLink(url) {
  if (!url) return null;
  if (safeUrl(url)) return [' · ', el('a', { href: url, rel: 'noopener noreferrer nofollow', target: '_blank', testid: 'source-url', text: 'original' })];
  return el('span', { className: 'muted', testid: 'source-url-withheld', text: ` · URL not linked (not http/https): ${url}` });
}
