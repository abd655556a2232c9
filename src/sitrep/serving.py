"""Stage 6, serve: the API's reads of the ledger, over the covering indexes of migration 0003.

`ServingQueries` is the part of `store.Ledger` that pages, maps and counts events for the API: a request
never reads the whole table, and records valid when written are served as stored, not validated again.
`event_filters` turns an EventQuery into SQL conditions (bound parameters, never spliced text).
"""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator

import sqlalchemy as sa
from sqlalchemy import Date, String, Text, select
from sqlalchemy.orm import Session

from .models import WEAPON_CATEGORIES, Event, EventQuery
from .schema import DocumentRow, EventRow, document_dict


class ServingQueries:
    """Mixed into `Ledger`: needs its `engine`."""

    def event_page(self, query: EventQuery, newest_first: bool = False) -> tuple[int, list[str]]:
        """`search_events` as the stored JSON texts of the records (without mentions), never parsed."""
        where = event_filters(query)
        # Undated events last either way, on every backend (SQLite would put them first, PostgreSQL last).
        order = ((EventRow.date.desc().nulls_last(), EventRow.id.desc()) if newest_first
                 else (EventRow.date.nulls_last(), EventRow.id))
        page = (select(sa.type_coerce(EventRow.data, Text)).where(*where).order_by(*order)
                .limit(query.limit).offset(query.offset))
        with self.engine.connect() as c:
            total = c.scalar(select(sa.func.count()).select_from(EventRow).where(*where))
            # A driver that parses JSON columns itself (psycopg) hands over objects: those are dumped again.
            return total or 0, [t if isinstance(t, str) else json.dumps(t) for t in c.execute(page).scalars()]

    def iter_events(self, query: EventQuery, chunk: int = 500) -> Iterator[Event]:
        """Every event matching `query` (its limit and offset ignored), streamed in date order."""
        stmt = (select(EventRow.data).where(*event_filters(query)).order_by(EventRow.date.nulls_last(), EventRow.id)
                .execution_options(yield_per=chunk))
        with Session(self.engine) as s:
            for data in s.scalars(stmt):
                yield Event.model_validate(data)

    def event_points(self, query: EventQuery, limit: int) -> tuple[int, list[dict]]:
        """Events with coordinates, newest first, as the flat values a map needs: (total, up to `limit`)."""
        where = [*event_filters(query), EventRow.lat.is_not(None), EventRow.lon.is_not(None)]
        page = (select(*_POINT_COLUMNS).where(*where).order_by(EventRow.date.desc().nulls_last(), EventRow.id.desc())
                .limit(limit))
        # Core rows, not ORM ones: a map asks for thousands, and per-row ORM work would dominate.
        with self.engine.connect() as c:
            total = c.scalar(select(sa.func.count()).select_from(EventRow).where(*where))
            return total or 0, [_point(row) for row in c.execute(page)]

    def stats(self, query: EventQuery, by: str = "day") -> dict:
        """Counts per period and attacker, per country, weapon and attacker, and launch/interception sums.

        Events without a date count everywhere but on the time series. Three grouped reads of the index:
        per (period, attacker), undated per attacker, per (country, weapons) with the sums.
        """
        where = event_filters(query)
        period = _period(self.engine.dialect.name, by)
        with self.engine.connect() as c:
            series = c.execute(select(period, EventRow.actor1, EventRow.actor1_affiliation, sa.func.count())
                               .where(*where, EventRow.date.is_not(None))
                               .group_by(period, EventRow.actor1, EventRow.actor1_affiliation)).all()
            undated = c.execute(select(EventRow.actor1, EventRow.actor1_affiliation, sa.func.count())
                                .where(*where, EventRow.date.is_(None))
                                .group_by(EventRow.actor1, EventRow.actor1_affiliation)).all()
            groups = c.execute(select(EventRow.country, EventRow.weapons, *_stats_sums())
                               .where(*where).group_by(EventRow.country, EventRow.weapons)).all()
        return {"by": by, **_series(series, undated), **_breakdowns(groups)}

    def documents_page(self, credibility: str | None, limit: int, offset: int) -> tuple[int, list[dict]]:
        """Documents, newest publication first: (total, one page)."""
        where = [DocumentRow.credibility == credibility] if credibility else []
        page = (select(DocumentRow).where(*where)
                .order_by(DocumentRow.published.desc().nulls_last(), DocumentRow.id).limit(limit).offset(offset))
        with Session(self.engine) as s:
            total = s.scalar(select(sa.func.count()).select_from(DocumentRow).where(*where))
            return total or 0, [document_dict(row) for row in s.scalars(page)]

    def responded_by(self, event_id: str) -> list[str]:
        """Ids of the events whose `responds_to` names `event_id`."""
        with Session(self.engine) as s:
            date = s.scalar(select(EventRow.date).where(EventRow.id == event_id))
            needle = f'%"{_like(event_id)}"%'
            # A response comes after what it answers: with a date, only later events are read.
            where = [sa.cast(EventRow.data, Text).like(needle, escape="\\"), EventRow.id != event_id]
            if date is not None:
                where.append(EventRow.date >= date)
            rows = s.execute(select(EventRow.id, EventRow.data).where(*where).order_by(EventRow.date, EventRow.id))
            return [row_id for row_id, data in rows if event_id in data.get("responds_to", [])]


def event_filters(q: EventQuery) -> list:
    """SQL conditions for an EventQuery; text filters are bound parameters, never spliced."""
    where = []
    if q.since:
        where.append(EventRow.date >= q.since)
    if q.until:
        where.append(EventRow.date <= q.until)
    if q.country:
        where.append(EventRow.country == q.country.upper())
    if q.place:
        where.append(sa.or_(EventRow.place_id == q.place, EventRow.location.ilike(f"%{_like(q.place)}%", escape="\\")))
    if q.actor:
        needle = f"%{_like(q.actor)}%"
        where.append(sa.or_(EventRow.actor1.ilike(needle, escape="\\"), EventRow.actor2.ilike(needle, escape="\\"),
                            EventRow.actor1_affiliation == q.actor.upper()))
    if q.weapon:
        where.append(EventRow.weapons.like(f"% {_like(q.weapon.lower().replace(' ', '-'))} %", escape="\\"))
    if q.status:
        where.append(EventRow.status == q.status)
    if q.bbox:
        min_lon, min_lat, max_lon, max_lat = q.bbox
        where += [EventRow.lat.between(min_lat, max_lat), EventRow.lon.between(min_lon, max_lon)]
    if q.q:
        where.append(EventRow.search.like(f"%{_like(q.q.lower())}%", escape="\\"))
    return where


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


# --- serving queries (api): helpers ----------------------------------------------------

def _period(dialect: str, by: str):
    """The day, or the Monday that starts the ISO week, of an event's date (SQLite's ISO text is kept as text)."""
    if by == "day":
        return sa.type_coerce(EventRow.date, String)
    if dialect == "sqlite":
        return sa.func.date(EventRow.date, "weekday 0", "-6 days", type_=String)
    return sa.cast(sa.func.date_trunc("week", EventRow.date), Date)


def _stats_sums() -> list:
    both = sa.and_(EventRow.launched.is_not(None), EventRow.intercepted.is_not(None))
    return [sa.func.count(), sa.func.sum(EventRow.launched), sa.func.sum(EventRow.intercepted),
            sa.func.sum(EventRow.impacts), sa.func.sum(sa.case((both, EventRow.launched))),
            sa.func.sum(sa.case((both, EventRow.intercepted)))]


def _series(series: list, undated: list) -> dict:
    """Per (period, attacker, affiliation) counts, and totals per attacker and per affiliation: the
    dashboard colours by the attacker's affiliation, so its legend's counts come from the same rows."""
    counts: dict[tuple, int] = {}
    by_attacker: dict[str, int] = {}
    by_affiliation: dict[str, int] = {}
    for period, actor, affiliation, n in series:
        key = (_iso(period), actor or "unknown", affiliation)
        counts[key] = counts.get(key, 0) + n
    for actor, affiliation, n in [(a, f, n) for _, a, f, n in series] + list(undated):
        by_attacker[actor or "unknown"] = by_attacker.get(actor or "unknown", 0) + n
        by_affiliation[affiliation or "unknown"] = by_affiliation.get(affiliation or "unknown", 0) + n
    ordered = sorted(counts.items(), key=lambda item: (item[0][0], item[0][1], item[0][2] or ""))
    return {"series": [{"period": p, "attacker": a, "affiliation": f, "count": n} for (p, a, f), n in ordered],
            "by_attacker": by_attacker, "by_affiliation": by_affiliation}


def _breakdowns(groups: list) -> dict:
    """Per country, per weapon category and the totals, from counts per (country, weapon terms)."""
    by_country: dict[str, int] = {}
    by_weapon: dict[str, int] = {}
    sums = [0] * 6
    for country, weapons, *values in groups:
        by_country[country or "unknown"] = by_country.get(country or "unknown", 0) + values[0]
        for term in set((weapons or "").split()) & _CATEGORIES:
            by_weapon[term] = by_weapon.get(term, 0) + values[0]
        sums = [total + (v or 0) for total, v in zip(sums, values)]
    events, launched, intercepted, impacts, launched_both, intercepted_both = sums
    return {"by_country": by_country, "by_weapon": {w: by_weapon[w] for w in WEAPON_CATEGORIES if w in by_weapon},
            "totals": {"events": events, "launched": launched, "intercepted": intercepted, "impacts": impacts,
                       "interception_rate": intercepted_both / launched_both if launched_both else None}}


_POINT_COLUMNS = (
    EventRow.id, sa.type_coerce(EventRow.date, String).label("date"), EventRow.date_precision, EventRow.country,
    EventRow.location, EventRow.data["place_text"].as_string().label("place_text"), EventRow.lat, EventRow.lon,
    EventRow.actor1, EventRow.actor1_affiliation, EventRow.actor2, EventRow.actor2_affiliation,
    EventRow.sub_event_type, EventRow.status, EventRow.credibility, EventRow.weapons, EventRow.killed,
    EventRow.injured, EventRow.launched, EventRow.intercepted, EventRow.impacts, EventRow.n_sources,
    EventRow.data["sea_area"].as_string().label("sea_area"),
    EventRow.data["generic_point"].as_boolean().label("generic_point"))
_POINT_NAMES = tuple(c.key if hasattr(c, "key") else c.name for c in _POINT_COLUMNS)
_CATEGORIES = frozenset(WEAPON_CATEGORIES)


def _point(row) -> dict:
    point = dict(zip(_POINT_NAMES, row))
    point["date"] = _iso(point["date"])
    point["weapons"] = [w for w in (point["weapons"] or "").split() if w in _CATEGORIES]
    point["generic_point"] = bool(point["generic_point"])  # records stored before the field have none
    return point


def _iso(value) -> str | None:
    return value.isoformat() if isinstance(value, dt.date) else value
