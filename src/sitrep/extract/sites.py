"""Sites: which of the places a sentence names is where its attack happened, and on which of its dates,
when the names alone do not say it (a wave over a country's provinces, a port beside a sea, a party that
holds one country, a town that stands for the base named after it).
"""
from __future__ import annotations

from dataclasses import replace

from ..kb import KnowledgeBase, Match
from ..rules import Rulebook
from .dates import TimeExpression
from .roles import Roles


def territory_struck(s: str, roles: Roles, kb: KnowledgeBase) -> list[Match]:
    """'The US launched strikes against the Houthis on Jan. 11': a strike on a party that holds ground in
    one country only (actors.yaml `territory`), with no place named, is in that country."""
    for actor in kb.actor_matcher.find(s):
        country = kb.country(actor.entry.territory) if actor.entry.territory else None
        if country is not None and actor.entry.name == roles.target:
            return [Match(actor.start, actor.end, actor.text, country)]
    return []


def own_ground(s: str, owner: str | None, kb: KnowledgeBase) -> list[Match]:
    """'retaliation for U.S. strikes on its nuclear facilities' (rule response.own_ground): the answered attack
    struck the responder's own ground, which for a state (`owner`, the responder's name) is its country. Never
    the coalition's home country, where no attack of this theatre falls."""
    m = kb.rules.regex("response.own_ground").search(s)
    state = next((a for a in kb.actors.values() if a.name == owner and a.kind == "state"), None)
    if m is None or state is None or not state.affiliation or state.affiliation == kb.theatre.coalition.home_country:
        return []
    country = kb.country(state.affiliation)
    return [Match(m.start(), m.end(), m.group(0), country)] if country is not None else []


# How many towns or provinces of one country a list must name to be a campaign over that country.
SPREAD = 3


def spread_over_country(places: list[Match], heads: dict[int, Match], kb: KnowledgeBase) -> list[Match]:
    """'strikes on the provinces of Sanaa, Hodeidah, Taiz and Saada': a wave over three or more towns or
    provinces of one country, named in one list, is one event in that country (as ACLED codes a wave it
    cannot place), not one per town. Named sites stay events of their own."""
    listed = [p for p in places if p.start in heads or p.start in {h.start for h in heads.values()}]
    countries = {p.entry.country for p in listed}
    if len(listed) < SPREAD or len(countries) != 1 or any(p.entry.kind not in ("city", "region") for p in listed):
        return places
    country = kb.country(countries.pop())
    if country is None:
        return places
    spread = Match(listed[0].start, listed[-1].end, country.name, country)
    return sorted([p for p in places if p not in listed] + [spread], key=lambda m: m.start)


def by_the_coast(places: list[Match], s: str, rules: Rulebook) -> list[Match]:
    """'in the Red Sea off Mokha': a sea event placed by a port or coastal town is one event at that town (its
    point and country), so the sea area the sentence also names is dropped."""
    coastal = [p for p in places if p.entry.country and p.entry.kind in ("city", "base")
               and rules.regex("site.offshore").search(s, max(0, p.start - 50), p.start)]
    if not coastal:
        return places
    return [p for p in places if p.entry.country is not None]


# How far (km) from a town the base named after it may lie.
_BASE_OF_TOWN_KM = 30.0


def bases_of_towns(places: list[Match], s: str, kb: KnowledgeBase) -> list[Match]:
    """'struck two military bases, at Al-Asad and at Erbil': after several bases (rule site.plural_targets), a
    town named stands for the base named after it (Erbil Air Base), when exactly one base near it is."""
    several = kb.rules.regex("site.plural_targets").search(s)
    if several is None:
        return places
    return [_base_of_town(p, kb) if p.entry.kind == "city" and p.start >= several.end() else p for p in places]


def _base_of_town(town: Match, kb: KnowledgeBase) -> Match:
    name = town.entry.name.lower()
    bases = [p for p in kb.places.values() if p.kind == "base" and p.country == town.entry.country
             and p.name.lower().startswith(name + " ") and p.km_to(town.entry) <= _BASE_OF_TOWN_KM]
    return replace(town, entry=bases[0]) if len(bases) == 1 else town


def pair_places_and_times(s: str, places: list[Match], times: list[TimeExpression], rules: Rulebook):
    """'Balad Air Base on April 4 and May 3; Al-Asad Air Base on May 4': each date with its place."""
    best = event_places(places)
    if len(times) <= 1:
        return [(p, times[0] if times else None) for p in (_after_including(s, best, times, rules) or [None])]
    pairs, previous_end, last_place = [], 0, None
    for t in times:
        window = [p for p in places if previous_end <= p.start < t.start]
        segment_start = s.rfind(";", 0, t.start)
        if window:
            last_place = event_places(window)[0]
        elif segment_start > previous_end:
            last_place = None
        pairs.append((last_place or (best[0] if best else None), t))
        previous_end = t.end
    return pairs


def _after_including(s: str, places: list[Match], times: list[TimeExpression], rules: Rulebook) -> list[Match]:
    """'attacks on US forces in Iraq, Syria and Jordan, including the January 28 drone attack on Tower 22': the
    one date after 'including' (rule site.including) is the attack's named after it, not the listed series'."""
    including = [m for m in rules.regex("site.including").finditer(s, 0, times[0].start)] if times else []
    after = [p for p in places if including and p.start >= including[-1].end()]
    return after or places


def event_places(places: list[Match]) -> list[Match]:
    """Named sites and towns; a region or country only where nothing finer in it is named,
    and a town only if no named site lies in it ('Erbil Air Base in Erbil')."""
    finer = [p for p in places if p.entry.kind in ("base", "city")]
    out: list[Match] = []
    for p in places:
        kind = p.entry.kind
        if kind in ("region", "country") and any(f.entry.country == p.entry.country for f in finer):
            continue
        if kind == "city" and any(f.entry.kind == "base" and f.entry.km_to(p.entry) < 30 for f in finer):
            continue
        if all(o.entry.id != p.entry.id for o in out):
            out.append(p)
    return sorted(out, key=lambda m: m.start)
