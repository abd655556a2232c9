"""Stage 4, resolve: merge mentions into events, choose headline values, link retaliation.

A mention joins an event when the dates agree within their precision, the
places agree (same site, or one is the coarser area holding the other), and
neither the attacker's nor the target's side contradicts. A mention with no year,
only a weekday or no date joins the one dated event it fits strictly (place,
sides, weapon, the day it gives), or none when two fit equally. Event ids come from
the first mention, so a new report of a known event adds sources, not an id (links: `links.py`).

Every value is a function of the event's set of mentions, read in one canonical
order (publication date, document, offset), never of the order or the batches
in which they arrived: so a ledger built in one run, in several, or after a
crash and a re-run is the same.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .extract.dates import month_day
from .extract.leads import TURNED
from .facts import EVENT_FIELDS, merged
from .likeness import COUNTRY_ONLY, Areas, contradicts, holds, merge_limits, place_score, same_attack, undated_fit
from .links import link_responses
from .models import Event, Mention
from .revisions import figure_history
from .settings import Settings

_RANK = {"site": 0, "city": 1, "region": 2, "country": 3, "unknown": 4}
_RANK_DATE = {"day": 0, "week": 1, "month": 2, "year": 3, "unknown": 4}
_PRECISION = {rank: name for name, rank in _RANK_DATE.items()}
_MATCH_FIELDS = ("country", "location", "place_id", "place_text", "lat", "lon", "geo_precision")


def mention_key(m: Mention) -> tuple:
    """The canonical order of an event's mentions: first reported first, then document and offset."""
    return (m.published or dt.date.max, m.doc, m.evidence.start, m.id)


@dataclass
class _Cluster:
    """What matching needs of one event, kept current as each mention joins: adding a mention costs
    the number of distinct dates and places the event has, never the number of its mentions."""

    event: Event
    docs: set[str] = field(default_factory=set)
    dates: Counter = field(default_factory=Counter)  # (precision rank, date) -> mentions
    places: dict = field(default_factory=dict)  # (place_id, geo_precision) -> [mentions, first key, mention]
    sides: dict = field(default_factory=dict)  # "actor1_affiliation"/"actor2_affiliation" -> (first key, value)
    alternatives: set = field(default_factory=set)  # other days the mentions may mean
    weapons: set = field(default_factory=set)
    month_days: set = field(default_factory=set)  # the (month, day) of undated mentions that give one
    told: dict = field(default_factory=dict)  # doc -> the (day, counter-fire or not) of its mentions of a day
    areas: Areas = field(default_factory=dict)  # the knowledge base's areas holding each place
    aimless: set = field(default_factory=set)  # docs of its mentions at sea that name no target side
    turned: set = field(default_factory=set)  # docs of its mentions of a fight turned on a second side

    def add(self, m: Mention) -> None:
        key = mention_key(m)
        self.docs.add(m.doc)
        self.weapons.update(m.weapons)
        self.event.friendly_fire = self.event.friendly_fire or m.friendly_fire  # matching reads it
        if m.date is None and (said := month_day(m.date_text or "")):
            self.month_days.add(said)
        if m.date is not None:
            self.dates[(_RANK_DATE[m.date_precision], m.date)] += 1
        self.alternatives.update(m.date_alternatives)
        if m.date is not None and m.date_precision == "day":
            self.told.setdefault(m.doc, set()).add((m.date, _counter_fire(m)))
        if _at_sea(m) and m.actor2_affiliation is None:
            self.aimless.add(m.doc)
        if m.evidence.rule == TURNED:
            self.turned.add(m.doc)
        vote = self.places.setdefault((m.place_id, m.geo_precision), [0, key, m])
        vote[0] += 1
        if key < vote[1]:
            vote[1], vote[2] = key, m
        for side in ("actor1_affiliation", "actor2_affiliation"):
            value = getattr(m, side)
            if value and (side not in self.sides or key < self.sides[side][0]):
                self.sides[side] = (key, value)

    def apply(self) -> None:
        """Set the event's date, place and sides from the votes (the rules in the README)."""
        e = self.event
        if self.dates:
            best = min(rank for rank, _ in self.dates)
            votes = {d: n for (rank, d), n in self.dates.items() if rank == best}
            top = max(votes.values())
            e.date, e.date_precision = min(d for d, n in votes.items() if n == top), _PRECISION[best]
        else:
            e.date, e.date_precision = None, "unknown"
        e.date_alternatives = sorted(self.alternatives - {e.date})
        # The most precise place; among equally precise ones a part over the area holding it ('the southern Red
        # Sea' over 'the Red Sea'), then the most told, then the first reported.
        ids = {pid for pid, _ in self.places}
        _, _, place = min(((_RANK[gp], any(holds(pid, other, self.areas) for other in ids), -n, key), key, m)
                          for (pid, gp), (n, key, m) in self.places.items())
        for name in _MATCH_FIELDS:
            setattr(e, name, getattr(place, name))
        for side in ("actor1_affiliation", "actor2_affiliation"):
            setattr(e, side, self.sides[side][1] if side in self.sides else None)


class Resolver:
    """The ledger's events in memory, with what matching needs of each; `resolve` adds a batch."""

    def __init__(self, events: Iterable[Event], settings: Settings, generic_actors: frozenset[str] = frozenset(),
                 areas: Areas | None = None):
        self.settings = settings
        self.generic_actors = generic_actors  # names a named group or unit is preferred to (theatre.yaml)
        self.areas = areas or {}  # place id -> the areas holding it (KnowledgeBase.areas_holding)
        self.clusters: dict[str, _Cluster] = {}
        self.event_of: dict[str, str] = {}  # mention id -> event id
        self.index = _DateIndex(settings)
        for event in events:
            cluster = _Cluster(event, areas=self.areas)
            for m in event.mentions:
                cluster.add(m)
                self.event_of[m.id] = event.id
            self.clusters[event.id] = cluster
            self.index.put(event)

    @property
    def events(self) -> list[Event]:
        return [c.event for c in self.clusters.values()]

    @property
    def by_id(self) -> dict[str, Event]:
        return {event_id: c.event for event_id, c in self.clusters.items()}

    def resolve(self, mentions: Iterable[Mention], grade: Callable[[Event], object] | None = None) -> set[str]:
        """Merge `mentions` into the events; summarise and grade those changed, then relink responses.
        Returns the ids of every event changed."""
        changed = self.assign(mentions)
        for event_id in sorted(changed):
            cluster = self.clusters[event_id]
            summarise(cluster.event, cluster, self.generic_actors)  # its votes are current: not counted again
            if grade is not None:
                grade(cluster.event)
        return changed | link_responses(self.events, touched=changed)

    def assign(self, mentions: Iterable[Mention]) -> set[str]:
        changed: set[str] = set()
        # The dated mentions of a batch first: an undated one then meets every dated event it may be part of,
        # whichever document came first.
        for mention in sorted(mentions, key=lambda m: (m.statement is not None, m.date is None)):
            cluster = self._best(mention)
            if cluster is None and mention.statement == "denial":
                continue  # last of the batch, and never an event's first: it speaks of one others report
            if cluster is None:
                event = Event(id="ev-" + hashlib.sha1(mention.id.encode()).hexdigest()[:12])
                cluster = self.clusters.setdefault(event.id, _Cluster(event, areas=self.areas))
            if mention.id in self.event_of:
                continue
            self.event_of[mention.id] = cluster.event.id
            cluster.event.mentions.append(mention)
            cluster.add(mention)
            cluster.apply()
            self.index.move(cluster.event)
            changed.add(cluster.event.id)
        return changed

    def _best(self, mention: Mention) -> _Cluster | None:
        if mention.date is None:
            return self._only_fit(mention, dated=True) or self._best_near(mention)
        return self._best_near(mention) or self._only_fit(mention, dated=False)

    def _only_fit(self, mention: Mention, dated: bool) -> _Cluster | None:
        """An undated mention's one dated event (`dated`), or a dated mention's one undated event: the one
        `undated_fit` ranks first. Two ranked equal: neither (no join beats a wrong join)."""
        scored = []
        for event in self.index.in_country(mention.country, dated, at_sea=bool(mention.place_id)):
            cluster = self.clusters[event.id]
            if dated:
                score = undated_fit(mention, event, cluster.weapons, self.settings, self.areas)
            else:
                fits = [undated_fit(u, mention, set(mention.weapons), self.settings, self.areas)
                        for u in event.mentions]
                score = None if not fits or None in fits else min(fits)
            if score is not None:
                scored.append((score, event.id, cluster))
        scored.sort(key=lambda s: s[:2], reverse=True)
        if not scored or (len(scored) > 1 and scored[0][0] == scored[1][0]):
            return None
        return scored[0][2]

    def _best_near(self, mention: Mention) -> _Cluster | None:
        best, best_score = None, -math.inf
        for event in self.index.near(mention.date, mention.date_precision):
            cluster = self.clusters[event.id]
            score = _match_score(mention, cluster, self.settings)
            # Ties go to the smaller id, so the choice never depends on the order events sit in memory.
            if score is not None and (score > best_score or (score == best_score and event.id < best.event.id)):
                best, best_score = cluster, score
        return best


def resolve(mentions: Iterable[Mention], events: list[Event], settings: Settings,
            grade: Callable[[Event], object] | None = None,
            generic_actors: frozenset[str] = frozenset()) -> tuple[list[Event], set[str]]:
    """Add mentions to the ledger's events; return all events and the ids of those changed."""
    resolver = Resolver(events, settings, generic_actors)
    changed = resolver.resolve(mentions, grade)
    return resolver.events, changed


class _DateIndex:
    """Events by date precision and day, so a mention is compared only with the events its merge window
    can reach (a day either side of a day-precision event, a month of a month-precision one), not with
    every event of the month around it: the cost of a mention does not grow with the ledger's history.
    An undated mention, which no window bounds, is compared with the events of its country."""

    def __init__(self, settings: Settings):
        self.reach = merge_limits(settings)
        self.by_day: dict[str, dict[int | None, dict[str, Event]]] = {}
        self.by_country: dict[tuple[str | None, bool], dict[str, Event]] = {}
        self.where: dict[str, tuple[str, int | None, str | None]] = {}

    def put(self, event: Event) -> None:
        slot = (event.date_precision, _day(event.date), event.country)
        self.by_day.setdefault(slot[0], {}).setdefault(slot[1], {})[event.id] = event
        self.by_country.setdefault((slot[2], slot[1] is not None), {})[event.id] = event
        self.where[event.id] = slot

    def in_country(self, country: str | None, dated: bool, at_sea: bool = False) -> list[Event]:
        """The events of `country`, or with `at_sea` (a place with no country is a sea area) those at sea."""
        return list(self.by_country.get((country, dated), {}).values()) if country or at_sea else []

    def near(self, date: dt.date | None, precision: str) -> list[Event]:
        if date is None:
            return [e for days in self.by_day.values() for e in days.get(None, {}).values()]
        day, own = date.toordinal(), self.reach.get(precision, 0)
        out = []
        for other, days in self.by_day.items():
            span = max(own, self.reach.get(other, 0))
            out += [e for d in range(day - span, day + span + 1) for e in days.get(d, {}).values()]
        return out

    def move(self, event: Event) -> None:
        precision, day, country = self.where.get(event.id, (None, None, None))
        self.by_day.get(precision, {}).get(day, {}).pop(event.id, None)
        self.by_country.get((country, day is not None), {}).pop(event.id, None)
        self.put(event)


def _day(date: dt.date | None) -> int | None:
    return date.toordinal() if date else None


def _match_score(m: Mention, cluster: _Cluster, settings: Settings) -> float | None:
    e = cluster.event
    if m.date is None or e.date is None:
        # An undated mention joins an undated event of its own document at the same place, or of any
        # document that gives the same month and day for the same attack. (Dated events: `_only_fit`.)
        if m.date is not None or e.date is not None:
            return None
        own = m.place_id and m.place_id == e.place_id and m.doc in cluster.docs
        said = month_day(m.date_text or "")
        if not (own or (said in cluster.month_days
                        and same_attack(m, e, cluster.weapons, settings, cluster.areas) is not None)):
            return None
        days = 0
    else:
        days = abs((m.date - e.date).days)
        limits = merge_limits(settings)
        limit = max(limits.get(m.date_precision, 0), limits.get(e.date_precision, 0))
        if days > limit:
            return None
    if _told_apart(m, cluster) or _turned_apart(m, cluster) or (days and _days_apart_at_sea(m, cluster)):
        return None
    if (m.country and e.country and m.country != e.country) or m.friendly_fire != e.friendly_fire:
        return None  # friendly fire is never one event with an attack of the other side
    if contradicts(m.actor1_affiliation, e.actor1_affiliation) or contradicts(m.actor2_affiliation, e.actor2_affiliation):
        return None
    if m.actor1_affiliation and m.actor1_affiliation == e.actor2_affiliation and m.actor1_affiliation != e.actor1_affiliation:
        return None
    score = place_score(m, e, settings, cluster.areas)
    if score is None or (score == COUNTRY_ONLY and _RANK_DATE["month"] <= max(
            _RANK_DATE[m.date_precision], _RANK_DATE[e.date_precision])):
        # Agreeing only within a month and only by country ('February, when a strike in Baghdad ...' and a day's
        # strikes over Iraq): nothing shows the two are one attack.
        return None
    return score - days + (0.5 if m.actor1_affiliation and m.actor1_affiliation == e.actor1_affiliation else 0)


def _at_sea(f) -> bool:
    return f.place_id is not None and f.country is None  # a sea area is the one place with no country


def _days_apart_at_sea(m: Mention, cluster: _Cluster) -> bool:
    """'Missiles at a carrier in the Red Sea on Friday' and 'a drone at a destroyer in the northern Red Sea on
    Saturday': an area and a part of it agree as places (likeness.place_score), but a sea area is no target
    and no position (ships move, and it sees attacks most days), so two areas on two days are two attacks, unless one report's other day is the other's (a strike told in Washington
    time, `date_alternatives`). A site or a city told a day apart may still be one night's attack. Within one
    report the days are one reader's ('a statement issued Wednesday confirmed that on Tuesday ...'): as before."""
    e = cluster.event
    if not (_at_sea(m) and _at_sea(e)) or m.place_id == e.place_id or m.doc in cluster.docs:
        return False  # one sea area told by two days: the night attack of a site, as before areas nested
    return e.date not in m.date_alternatives and m.date not in cluster.alternatives


def _counter_fire(m: Mention) -> bool:
    return "response.counter_fire" in m.evidence.rule_ids


def _told_apart(m: Mention, cluster: _Cluster) -> bool:
    """'Gunships returned fire. On Tuesday, jets struck bunkers near the city': fire back at once (rule
    response.counter_fire) is a strike of its own, placed by no site of its own; neither it nor a strike its
    report tells of another day joins the other, however near; nor does it join a planned strike the same
    report tells of the same day ('engaged the launcher ... Then, late that night, jets struck two depots')."""
    if m.date is None or m.date_precision != "day":
        return False
    return any((day != m.date and (fire or _counter_fire(m))) or fire != _counter_fire(m)
               for day, fire in cluster.told.get(m.doc, ()))


def _turned_apart(m: Mention, cluster: _Cluster) -> bool:
    """'A tanker radioed that skiffs were attacking it. ... The skiffs fired on the Navy helicopters that came to
    its aid': the report told the attack on the coalition as one of its own (leads.turned_on), so within that
    report it never joins the attack at sea on a target of neither side it followed, nor that attack it
    (a mention at sea with no target side). Other
    reports' mentions join either as before."""
    if m.evidence.rule == TURNED:
        return m.doc in cluster.aimless
    return _at_sea(m) and m.actor2_affiliation is None and m.doc in cluster.turned


def summarise(event: Event, cluster: _Cluster, generic_actors: frozenset[str] = frozenset()) -> Event:
    """Headline values from the mentions, read in canonical order (rules in the README: "Rules worth
    knowing"). Date, place and sides come from the votes `cluster` keeps current, the actor names are the
    most specific given (choices among the mentions, not fill-ins); the other facts from the one fill-in
    merge (`facts.merged`, whose POLICY assembly uses too); status, grades and the casualty headline are
    set by `trust.grade` once sources are known."""
    event.mentions.sort(key=mention_key)
    ms = event.mentions
    cluster.apply()
    # A sea area is the one kind of place with no country (data/places.csv); its point is the area's.
    event.sea_area = event.location if event.country is None and event.place_id else None
    event.generic_point = event.geo_precision == "region" and event.lat is not None
    facts = merged(ms, EVENT_FIELDS)
    for name in EVENT_FIELDS:
        setattr(event, name, getattr(facts, name))
    for side in ("actor1", "actor2"):
        setattr(event, side, _most_specific([getattr(m, side) for m in ms], generic_actors))
    event.sources = _sources(ms)
    event.revisions, event.corrections = figure_history(ms, mention_key)
    return event


def _most_specific(names: list[str | None], generic: frozenset[str]) -> str | None:
    """The first name given, but a named group or unit over a generic one ("Iran-backed militias")."""
    named = [n for n in names if n]
    return next((n for n in named if n not in generic), named[0] if named else None)


def _sources(ms: list[Mention]) -> list[dict]:
    out: dict[str, dict] = {}
    seen: set[tuple[str, str]] = set()
    for m in ms:
        src = out.setdefault(m.doc, {"doc": m.doc, "published": m.published.isoformat() if m.published else None,
                                     "quotes": []})
        if (m.doc, m.evidence.quote) not in seen:
            seen.add((m.doc, m.evidence.quote))
            src["quotes"].append(m.evidence.quote)
    return list(out.values())
