"""Stage 4, resolve: merge mentions into events, choose headline values, link retaliation.

A mention joins an event when the dates agree within their precision, the
places agree (same site, or one is the coarser area holding the other), and
neither the attacker's nor the target's side contradicts. Event ids come from
the first mention, so a new report of a known event adds sources, not an id.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections import Counter
from collections.abc import Iterable

from .models import Event, Mention
from .settings import Settings
from .trust import casualty_summary

_RANK = {"site": 0, "city": 1, "region": 2, "country": 3, "unknown": 4}
_GENERIC_ACTORS = {"Iran-backed militias", "US forces", "Iran"}
# An event told by this many passages is settled: one more will not move its date or place, so it is
# summarised once per batch instead of after every mention (summarising is linear in its mentions).
_EAGER = 40


def resolve(mentions: Iterable[Mention], events: list[Event], settings: Settings) -> tuple[list[Event], set[str]]:
    """Add mentions to the ledger's events; return all events and the ids of those changed."""
    by_id = {e.id: e for e in events}
    index = _DateIndex(events)
    changed: set[str] = set()
    for mention in mentions:
        target = _best_event(mention, index.near(mention.date), settings)
        if target is None:
            target = Event(id="ev-" + hashlib.sha1(mention.id.encode()).hexdigest()[:12])
            by_id[target.id] = target
        old_date = target.date
        if all(m.id != mention.id for m in target.mentions):
            target.mentions.append(mention)
            changed.add(target.id)
            if len(target.mentions) <= _EAGER:
                summarise(target)
                index.move(target, old_date)
    for event_id in changed:
        if len(by_id[event_id].mentions) > _EAGER:
            summarise(by_id[event_id])  # once per batch: see _EAGER
    all_events = list(by_id.values())
    changed |= link_responses(all_events, touched=changed)
    return all_events, changed


class _DateIndex:
    """Events by day, so a mention is compared only with events near its date (not the whole ledger)."""

    SPAN = 31  # the widest merge window (month precision)

    def __init__(self, events: list[Event]):
        self.by_day: dict[int | None, list[Event]] = {}
        for e in events:
            self.by_day.setdefault(_day(e.date), []).append(e)

    def near(self, date: dt.date | None) -> list[Event]:
        if date is None:
            return list(self.by_day.get(None, []))
        day = date.toordinal()
        return [e for d in range(day - self.SPAN, day + self.SPAN + 1) for e in self.by_day.get(d, [])]

    def move(self, event: Event, old: dt.date | None) -> None:
        # By identity: pydantic's == compares whole records, mentions and all.
        bucket = self.by_day.get(_day(old), [])
        self.by_day[_day(old)] = [e for e in bucket if e is not event]
        self.by_day.setdefault(_day(event.date), []).append(event)


def _day(date: dt.date | None) -> int | None:
    return date.toordinal() if date else None


def _best_event(mention: Mention, events: Iterable[Event], settings: Settings) -> Event | None:
    best, best_score = None, -math.inf
    for event in events:
        score = _match_score(mention, event, settings)
        if score is not None and score > best_score:
            best, best_score = event, score
    return best


def _match_score(m: Mention, e: Event, settings: Settings) -> float | None:
    if m.date is None or e.date is None:
        if not (m.date is None and e.date is None and m.place_id and m.place_id == e.place_id and
                any(x.doc == m.doc for x in e.mentions)):
            return None
        days = 0
    else:
        days = abs((m.date - e.date).days)
        limits = {"day": settings.merge_days, "week": 7, "month": 31, "year": 366}
        limit = max(limits.get(m.date_precision, 0), limits.get(e.date_precision, 0))
        if days > limit:
            return None
    if m.country and e.country and m.country != e.country:
        return None
    if _contradicts(m.actor1_affiliation, e.actor1_affiliation) or _contradicts(m.actor2_affiliation, e.actor2_affiliation):
        return None
    if m.actor1_affiliation and m.actor1_affiliation == e.actor2_affiliation and m.actor1_affiliation != e.actor1_affiliation:
        return None
    place_score = _place_score(m, e, settings)
    if place_score is None:
        return None
    return place_score - days + (0.5 if m.actor1_affiliation and m.actor1_affiliation == e.actor1_affiliation else 0)


def _contradicts(a: str | None, b: str | None) -> bool:
    return bool(a and b and a != b)


def _place_score(m: Mention, e: Event, settings: Settings) -> float | None:
    if m.place_id and m.place_id == e.place_id:
        return 2.0
    if m.geo_precision == "site" and e.geo_precision == "site":
        return None  # two named sites are two attacks
    if m.lat is not None and e.lat is not None:
        # A region's point is its middle: a site anywhere in it may be far from that point.
        reach = settings.merge_km if "region" not in (m.geo_precision, e.geo_precision) else 3 * settings.merge_km
        return 1.0 if _km(m.lat, m.lon, e.lat, e.lon) <= reach else None
    return 0.5  # one side only names the country


def _km(a_lat, a_lon, b_lat, b_lon) -> float:
    p1, p2 = math.radians(a_lat), math.radians(b_lat)
    dp, dl = p2 - p1, math.radians(b_lon - a_lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def summarise(event: Event) -> Event:
    """Headline values from the mentions (rules in the README: "Rules worth knowing"); status, grades
    and the casualty headline are set by `trust.grade` once sources are known."""
    ms = event.mentions
    dated = [m for m in ms if m.date is not None]
    if dated:
        best = min(_RANK_DATE[m.date_precision] for m in dated)
        votes = Counter(m.date for m in dated if _RANK_DATE[m.date_precision] == best)
        event.date = min(d for d, n in votes.items() if n == max(votes.values()))
        event.date_precision = next(m.date_precision for m in dated if m.date == event.date)
    else:
        event.date, event.date_precision = None, "unknown"
    votes_by_place = Counter(m.place_id for m in ms)
    place = min(ms, key=lambda m: (_RANK[m.geo_precision], -votes_by_place[m.place_id]))
    for key in ("country", "location", "place_id", "place_text", "lat", "lon", "geo_precision"):
        setattr(event, key, getattr(place, key))
    attacker = _most_specific(ms, "actor1")
    event.actor1 = attacker.actor1 if attacker else None
    event.actor1_affiliation = next((m.actor1_affiliation for m in ms if m.actor1_affiliation), None)
    target = _most_specific(ms, "actor2")
    event.actor2 = target.actor2 if target else None
    event.actor2_affiliation = next((m.actor2_affiliation for m in ms if m.actor2_affiliation), None)
    event.weapons = sorted({w for m in ms for w in m.weapons})
    event.weapon_models = sorted({w for m in ms for w in m.weapon_models})
    event.defences = sorted({d for m in ms for d in m.defences})
    event.sub_event_type = _vote([m.sub_event_type for m in ms]) if not event.weapons else _sub_type(event)
    event.time = next((m.time for m in ms if m.time and ":" in m.time), None) or next((m.time for m in ms if m.time), None)
    for key in ("launched", "intercepted", "impacts"):
        setattr(event, key, next((getattr(m, key) for m in ms if getattr(m, key) is not None), None))
    event.damage = next((m.damage for m in ms if m.damage), None)
    event.claimed_by = next((m.claimed_by for m in ms if m.claimed_by), None)
    event.operation = next((m.operation for m in ms if m.operation), None)
    event.landmark = next((m.landmark for m in ms if m.landmark), None)
    event.casualties = {k: casualty_summary(ms, k) for k in ("killed", "injured")}
    event.killed = event.casualties["killed"]["best"]
    event.injured = event.casualties["injured"]["best"]
    event.sources = _sources(ms)
    return event


_RANK_DATE = {"day": 0, "week": 1, "month": 2, "year": 3, "unknown": 4}


def _sub_type(event: Event) -> str | None:
    from .weapons import sub_event_type
    return sub_event_type(event.weapons, event.actor1_affiliation)


def _vote(values):
    values = [v for v in values if v]
    return Counter(values).most_common(1)[0][0] if values else None


def _most_specific(ms: list[Mention], key: str) -> Mention | None:
    named = [(i, m) for i, m in enumerate(ms) if getattr(m, key)]
    if not named:
        return None
    return min(named, key=lambda im: (getattr(im[1], key) in _GENERIC_ACTORS, im[0]))[1]


def _sources(ms: list[Mention]) -> list[dict]:
    out: dict[str, dict] = {}
    for m in ms:
        src = out.setdefault(m.doc, {"doc": m.doc, "published": m.published.isoformat() if m.published else None,
                                     "quotes": []})
        if m.evidence.quote not in src["quotes"]:
            src["quotes"].append(m.evidence.quote)
    return list(out.values())


def link_responses(events: list[Event], touched: set[str] | None = None, window_days: int = 45) -> set[str]:
    """`responds_to`: a strike whose text says it answered an attack, linked to that attack.

    With `touched` (the events a batch changed), only the links that batch can alter are recomputed:
    those of touched events, and of events dated within the window after a touched one."""
    changed = set()
    by_day: dict[int, list[Event]] = {}
    for e in events:
        if e.date is not None:
            by_day.setdefault(e.date.toordinal(), []).append(e)
    affected = None if touched is None else {e.date.toordinal() + k for e in events if e.id in touched
                                             and e.date is not None for k in range(window_days + 1)}
    for event in events:
        if event.date is None:
            continue
        day = event.date.toordinal()
        if affected is not None and event.id not in touched and day not in affected:
            continue
        cues = [m for m in event.mentions if m.responds_to_text]
        if not cues:
            continue
        candidates = [e for d in range(day - window_days, day + 1) for e in by_day.get(d, ())
                      if e is not event and _answers(event, e)]
        if not candidates:
            continue
        docs = {m.doc for m in cues}
        cue_text = " ".join(m.responds_to_text for m in cues).lower()
        best = max(candidates, key=lambda e: (
            bool(docs & {m.doc for m in e.mentions}),
            bool(e.location and e.location.lower().split()[0] in cue_text),
            e.killed or 0, e.date))
        if best.id not in event.responds_to:
            event.responds_to = [best.id]
            changed.add(event.id)
    return changed


def _answers(event: Event, earlier: Event) -> bool:
    """A strike answers an attack by the other side, or an attack on its own side by an unnamed attacker."""
    a, b = event.actor1_affiliation, earlier.actor1_affiliation
    if not a:
        return False
    if b:
        return a != b and earlier.actor2_affiliation in (a, None)
    return earlier.actor2_affiliation == a
