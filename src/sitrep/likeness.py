"""How alike two reports of attacks are, for resolve: whether their places agree (and how closely), whether
their sides contradict, how many days apart they may be, and how well an undated mention fits a dated one.
Pure functions of the records and the settings."""
from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping

from .extract.dates import WEEKDAYS, month_day
from .models import Event, Mention
from .settings import Settings


def merge_limits(settings: Settings) -> dict[str, int]:
    """How many days apart two mentions may be and still be one event, by date precision."""
    return {"day": settings.merge_days, "week": 7, "month": 31, "year": 366}


Areas = Mapping[str, frozenset[str]]  # place id -> the ids of the areas holding it (KnowledgeBase.areas_holding)


def undated_fit(u: Mention, d, weapons: set, settings: Settings, areas: Areas | None = None) -> float | None:
    """How well an undated mention `u` fits a dated event or mention `d`, or None: strictly the same place or
    one inside the other, the same sides, a weapon in common (when both name one), and the month and day,
    or the weekday, that `u` gives agreeing with `d`'s date."""
    place = same_attack(u, d, weapons, settings, areas)
    day = _day_fit(u.date_text or "", d.date, d.date_precision, settings)
    if place is None or day is None:
        return None
    return place + day


def same_attack(u: Mention, d, weapons: set, settings: Settings, areas: Areas | None = None) -> float | None:
    if not u.place_id or (u.geo_precision == "country" and u.place_id != d.place_id) or u.country != d.country:
        return None
    a1, a2 = u.actor1_affiliation, u.actor2_affiliation
    if (not (a1 or a2) or u.friendly_fire != d.friendly_fire or contradicts(a1, d.actor1_affiliation)
            or contradicts(a2, d.actor2_affiliation)):
        return None
    if (a1 and a1 == d.actor2_affiliation) or (a2 and a2 == d.actor1_affiliation):
        return None
    if u.weapons and weapons and not set(u.weapons) & weapons:
        return None
    place = place_score(u, d, settings, areas)
    return None if place is None else place + (0.5 if a1 and a1 == d.actor1_affiliation else 0)


def _day_fit(text: str, date: dt.date, precision: str, settings: Settings) -> float | None:
    """1 when a year-less 'March 5' agrees with `date` within its precision, 0.5 a weekday, 0 no day at all."""
    said = month_day(text)
    if said is not None:
        limit = merge_limits(settings).get(precision)
        if limit is None or precision == "year":
            return None
        gaps = [abs((_on(year, said) - date).days) for year in (date.year - 1, date.year, date.year + 1)
                if _on(year, said) is not None]
        return 1.0 if gaps and min(gaps) <= limit else None
    weekday = next((i for i, name in enumerate(WEEKDAYS) if name in text.lower()), None)
    if weekday is not None:
        # A night attack is told by the day it began: the day before the event's is right too.
        return 0.5 if precision == "day" and weekday in (date.weekday(), (date.weekday() - 1) % 7) else None
    return 0.0


def _on(year: int, month_day: tuple[int, int]) -> dt.date | None:
    try:
        return dt.date(year, *month_day)
    except ValueError:
        return None  # Feb. 29 in a year without one


def contradicts(a: str | None, b: str | None) -> bool:
    return bool(a and b and a != b)


def place_score(m: Mention, e: Event, settings: Settings, areas: Areas | None = None) -> float | None:
    if m.place_id and m.place_id == e.place_id:
        return 2.0
    if holds(m.place_id, e.place_id, areas) or holds(e.place_id, m.place_id, areas):
        # 'In the Red Sea' and 'in the southern Red Sea': the wider area agrees with the part, as a country
        # with a site in it (their generic points are far apart, so distance would tell them apart).
        return COUNTRY_ONLY
    if m.geo_precision == "site" and e.geo_precision == "site":
        return None  # two named sites are two attacks
    if m.lat is not None and e.lat is not None:
        # A region's point is its middle: a site anywhere in it may be far from that point.
        reach = settings.merge_km if "region" not in (m.geo_precision, e.geo_precision) else 3 * settings.merge_km
        return 1.0 if _km(m.lat, m.lon, e.lat, e.lon) <= reach else None
    return COUNTRY_ONLY


COUNTRY_ONLY = 0.5  # the place score when one side only names the country (or the wider sea area)


def holds(outer: str | None, inner: str | None, areas: Areas | None) -> bool:
    """Whether the place `outer` is an area holding the place `inner` (data/places.csv `within`)."""
    return bool(outer and inner and areas and outer in areas.get(inner, ()))


def _km(a_lat, a_lon, b_lat, b_lon) -> float:
    p1, p2 = math.radians(a_lat), math.radians(b_lat)
    dp, dl = p2 - p1, math.radians(b_lon - a_lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))
