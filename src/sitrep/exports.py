"""Serve stage: write the ledger as JSON Lines (the export contract), CSV (ACLED's
column names where a column has an ACLED equivalent) and GeoJSON (RFC 7946)."""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable

from .models import Event

CONTRACT_FIELDS = (
    "id", "date", "date_precision", "date_alternatives", "time", "country", "location", "place_id", "place_text",
    "lat", "lon", "geo_precision", "sea_area", "generic_point",
    "sub_event_type", "weapons", "weapon_models", "defences", "actor1", "actor1_affiliation", "actor2",
    "actor2_affiliation", "killed", "injured", "casualties", "counts", "launched", "intercepted", "impacts", "damage",
    "claimed_by", "operation", "landmark", "friendly_fire", "responds_to", "status", "credibility", "sources",
    "field_sources", "revisions", "corrections",
)
ACLED_COLUMNS = {
    "event_id_cnty": "id", "event_date": "date", "time_precision": "date_precision", "sub_event_type": "sub_event_type",
    "actor1": "actor1", "actor2": "actor2", "country": "country", "location": "location", "latitude": "lat",
    "longitude": "lon", "geo_precision": "geo_precision", "fatalities": "killed",
}
EXTRA_CSV = ("sea_area", "generic_point", "injured", "actor1_affiliation", "actor2_affiliation", "weapons", "weapon_models", "operation",
             "friendly_fire", "responds_to", "status", "credibility", "information_credibility", "source_reliability",
             "sources")
ACLED_TIME_PRECISION = {"day": 1, "week": 2, "month": 3}
ACLED_GEO_PRECISION = {"site": 1, "city": 1, "region": 2, "country": 3}
# A spreadsheet runs a cell beginning with one of these as a formula (OWASP, "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def event_record(event: Event) -> dict:
    data = event.model_dump(mode="json", exclude={"mentions"})
    return {key: data.get(key) for key in CONTRACT_FIELDS}


def events_jsonl(events: Iterable[Event]) -> Iterable[str]:
    for e in events:
        yield json.dumps(event_record(e), ensure_ascii=False) + "\n"


def documents_jsonl(documents: Iterable[dict]) -> Iterable[str]:
    for d in documents:
        yield json.dumps(d, ensure_ascii=False) + "\n"


def cell(value, escape_formulas: bool = True):
    """A CSV cell: text that a spreadsheet would run as a formula gets a leading quote. Numbers are
    left alone: a negative longitude is a number, not a formula."""
    if value is None:
        return ""
    if escape_formulas and isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def events_csv(events: Iterable[Event], escape_formulas: bool = True) -> str:
    """ACLED-named columns; `escape_formulas=False` for readers that are not spreadsheets (Parquet)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([*ACLED_COLUMNS, *EXTRA_CSV])
    for e in events:
        r = event_record(e)
        row = []
        for acled, ours in ACLED_COLUMNS.items():
            value = r[ours]
            if acled == "time_precision":
                value = ACLED_TIME_PRECISION.get(value, "")
            elif acled == "geo_precision":
                value = ACLED_GEO_PRECISION.get(value, "")
            row.append(cell(value, escape_formulas))
        grades = r["credibility"] or {}
        r = {**r, "credibility": grades.get("level"), "information_credibility": grades.get("information"),
             "source_reliability": grades.get("source_reliability")}
        for key in EXTRA_CSV:
            value = r[key]
            if key == "sources":
                value = ";".join(s["doc"] for s in value)
            elif isinstance(value, list):
                value = ";".join(value)
            row.append(cell(value, escape_formulas))
        writer.writerow(row)
    return out.getvalue()


def documents_csv(documents: Iterable[dict]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    columns = ("id", "url", "title", "outlet", "published", "credibility", "flags", "source_reliability")
    writer.writerow(columns)
    for d in documents:
        writer.writerow([cell(";".join(d[c]) if isinstance(d.get(c), list) else d.get(c)) for c in columns])
    return out.getvalue()


def events_geojson(events: Iterable[Event]) -> dict:
    """RFC 7946: a FeatureCollection; events with no point (country-level) have a null geometry."""
    features = []
    for e in events:
        r = event_record(e)
        geometry = None
        if e.lat is not None and e.lon is not None:
            geometry = {"type": "Point", "coordinates": [round(e.lon, 6), round(e.lat, 6)]}
        props = {k: v for k, v in r.items() if k not in ("lat", "lon")}
        features.append({"type": "Feature", "id": e.id, "geometry": geometry, "properties": props})
    return {"type": "FeatureCollection", "features": features}
