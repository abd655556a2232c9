// How values read on every page: dates with their precision, counts with their qualifiers,
// the status badge that keeps machine-coded events from looking verified.
import { el, safeUrl } from './dom.js';

export const STATUS_TEXT = {
  reported: 'reported',
  corroborated: 'corroborated',
  confirmed: 'confirmed',
};
export const STATUS_HELP = {
  reported: 'Machine-coded from news reports; not verified',
  corroborated: 'Reported by independent sources; not officially confirmed',
  confirmed: 'Confirmed by an official or authoritative source',
};

export function statusBadge(status) {
  const known = STATUS_TEXT[status] ? status : 'reported';
  return el('span', {
    className: `badge status status-${known}`,
    testid: 'status-badge',
    dataset: { status: known },
    title: STATUS_HELP[known],
    text: STATUS_TEXT[known],
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

const AFFILIATION_CLASSES = new Set(['IR', 'US', 'IL', 'IQ', 'SY', 'GB', 'SA', 'AE', 'JO']);

/** The CSS class that colours an attacker by the state it belongs to or is backed by. */
export function affiliationClass(affiliation) {
  if (!affiliation) return 'aff-none';
  return AFFILIATION_CLASSES.has(affiliation) ? `aff-${affiliation}` : 'aff-other';
}

export function actorText(actor, affiliation) {
  if (!actor) return 'unknown';
  return affiliation ? `${actor} (${affiliation})` : actor;
}

/** A link to the original article when its URL is http(s); any other URL is shown as text only. */
export function originalLink(url) {
  if (!url) return null;
  if (safeUrl(url)) return [' · ', el('a', { href: url, rel: 'noopener noreferrer nofollow', target: '_blank', testid: 'source-url', text: 'original' })];
  return el('span', { className: 'muted', testid: 'source-url-withheld', text: ` · URL not linked (not http/https): ${url}` });
}
