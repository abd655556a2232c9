"""Event filters as a person types them, checked: a country by name or code, a weapon category (or a
model the knowledge base knows), a status, a date range. In: strings and the knowledge base; out: an
`EventQuery`, or a `FilterError` naming the valid values. A filter that can match nothing is an error,
not an empty answer."""
from __future__ import annotations

import datetime as dt
from typing import get_args

from pydantic import ValidationError

from .errors import SitrepError
from .kb import KnowledgeBase
from .models import WEAPON_CATEGORIES, EventQuery, Status

STATUSES = get_args(Status)


class FilterError(SitrepError):
    """A filter value that names nothing the ledger records."""


def event_query(kb: KnowledgeBase | None = None, **filters) -> EventQuery:
    """An EventQuery from `filters` (its field names). `kb` is needed only for `country` and for a weapon
    that is not a category."""
    since, until = filters.get("since"), filters.get("until")
    if since and until and since > until:
        raise FilterError(f"--since {since} is after --until {until}")
    if filters.get("country"):
        filters["country"] = country_code(filters["country"], kb)
    if filters.get("weapon"):
        filters["weapon"] = weapon_term(filters["weapon"], kb)
    if filters.get("status") and filters["status"] not in STATUSES:
        raise FilterError(f"unknown status {filters['status']!r}: choose one of {', '.join(STATUSES)}")
    try:
        return EventQuery(**filters)
    except ValidationError as exc:  # a value out of range; its first error is the one to read
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "filter"
        raise FilterError(f"bad filter {where}: {first['msg']}") from None


def country_code(text: str, kb: KnowledgeBase | None) -> str:
    """ISO code of a country given by code (IQ, iq) or by name or alias (Iraq, Republic of Iraq)."""
    countries = [p for p in (kb.places.values() if kb else ()) if p.kind == "country"]
    wanted = text.strip().casefold()
    for place in countries:
        if wanted in {place.country.casefold(), place.name.casefold(), *(a.casefold() for a in place.aliases)}:
            return place.country
    known = ", ".join(f"{p.country} ({p.name})" for p in sorted(countries, key=lambda p: p.country))
    raise FilterError(f"unknown country {text!r}: give a name or an ISO code, one of {known}")


def weapon_term(text: str, kb: KnowledgeBase | None) -> str:
    """A weapon category (drone), or a weapon model by name (Shahed-136) as the ledger indexes it."""
    wanted = text.strip().lower().replace(" ", "_")
    if wanted in WEAPON_CATEGORIES:
        return wanted
    for weapon in (kb.weapons.values() if kb else ()):
        names = {weapon.name.casefold(), *(a.casefold() for a in weapon.aliases)}
        if weapon.model and text.strip().casefold() in names:
            return weapon.name.lower().replace(" ", "-")
    raise FilterError(f"unknown weapon {text!r}: choose a category, one of {', '.join(WEAPON_CATEGORIES)} "
                      f"(or a weapon model the knowledge base names)")


def parse_date(text: str | None, option: str) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise FilterError(f"{option} {text!r} is not a date (YYYY-MM-DD)") from None
