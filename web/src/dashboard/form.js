// The filter form: filled from the query string, read back into one, its choices from the stats.
import { el, fill } from '../lib/dom.js';
import { FILTER_KEYS } from '../lib/filters.js';

export function writeForm(form, query) {
  for (const key of FILTER_KEYS) {
    const field = form.elements.namedItem(key);
    if (!field) continue;
    if (field.tagName === 'SELECT' && query[key] && ![...field.options].some((o) => o.value === query[key])) {
      field.append(el('option', { value: query[key], text: query[key] }));
    }
    field.value = query[key] ?? '';
  }
}

export function readForm(form) {
  const query = {};
  for (const key of FILTER_KEYS) {
    const field = form.elements.namedItem(key);
    const value = field ? String(field.value).trim() : '';
    if (value) query[key] = value;
  }
  return query;
}

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });

function countryName(code) {
  try {
    return `${regionNames.of(code)} (${code})`;
  } catch {
    return code;
  }
}

/** Country choices from the stats' by_country counts, keeping the one currently chosen. */
export function setCountryOptions(select, byCountry, current) {
  const codes = Object.keys(byCountry ?? {}).filter((c) => c && c !== 'unknown');
  if (current && !codes.includes(current)) codes.push(current);
  codes.sort();
  fill(select, el('option', { value: '', text: 'any' }),
    codes.map((c) => el('option', { value: c, text: `${countryName(c)}${byCountry?.[c] ? ` · ${byCountry[c]}` : ''}` })));
  select.value = current ?? '';
}

/** Attacker suggestions for the actor field, most active first. */
export function setActorOptions(datalist, byAttacker) {
  const names = Object.entries(byAttacker ?? {}).filter(([name]) => name !== 'unknown')
    .sort((a, b) => b[1] - a[1]).slice(0, 50).map(([name]) => name);
  fill(datalist, names.map((name) => el('option', { value: name })));
}
