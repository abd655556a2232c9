// `/events/{id}`: one event, every value beside the passage it was read from.
import '../styles/base.css';
import '../styles/event.css';
import { casualtySection, headerSection, linksSection, mentionsSection, placeSection, sourcesSection, valuesSection } from '../event/sections.js';
import { Passages } from '../event/passages.js';
import { documentCache, getJSON } from '../lib/api.js';
import { append } from '../lib/dom.js';
import { setState, showError } from '../lib/page.js';

function eventId() {
  const last = window.location.pathname.split('/').filter(Boolean).pop() ?? '';
  return decodeURIComponent(last);
}

async function main() {
  const id = eventId();
  const e = await getJSON(`/api/events/${encodeURIComponent(id)}`);
  document.title = `sitrep · ${e.location ?? 'event'} ${e.date ?? ''}`.trim();
  const getDoc = documentCache();
  const pending = [];
  const passages = Passages.of(e);
  append(document.getElementById('event'), [
    headerSection(e),
    placeSection(e),
    valuesSection(e, passages),
    casualtySection(e),
    linksSection(e, (other) => getJSON(`/api/events/${encodeURIComponent(other)}`), pending),
    mentionsSection(e, passages, getDoc, pending),
    sourcesSection(e, getDoc, pending),
  ]);
  await Promise.allSettled(pending);
  setState('ready');
}

main().catch(showError);
