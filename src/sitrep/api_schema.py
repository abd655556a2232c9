"""The API's request and response records: FastAPI validates against them and builds the OpenAPI
schema (`/openapi.json`) from them. Event records reuse the pipeline's own `Event` and `Mention`."""
from __future__ import annotations

import datetime as dt
import math
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, create_model, field_validator, model_validator

from .ingest import DocumentRecord
from .models import Claim, Credibility, Event, EventQuery, Mention, Rejection, Status

SearchText = Annotated[str | None, Field(max_length=200)]


class EventFilters(BaseModel):
    """Query parameters shared by the event list, statistics, GeoJSON and exports."""

    since: dt.date | None = Field(None, description="Earliest event date, YYYY-MM-DD.")
    until: dt.date | None = Field(None, description="Latest event date, YYYY-MM-DD.")
    country: str | None = Field(None, pattern=r"^[A-Za-z]{2}$", description="ISO 3166 alpha-2 code, e.g. IQ.")
    place: SearchText = Field(None, description="A place id, or part of the place name.")
    actor: SearchText = Field(None, description="Part of the attacker or target name, or an affiliation code.")
    weapon: SearchText = Field(None, description="A weapon category (drone, rocket, ...) or model.")
    status: Status | None = None
    bbox: str | None = Field(None, max_length=200, description="min_lon,min_lat,max_lon,max_lat in degrees.",
                             examples=["38.5,29.0,48.8,37.5"])
    q: SearchText = Field(None, description="Free text over names, places, operations and quotes.")

    @field_validator("*", mode="before")
    @classmethod
    def _empty_is_absent(cls, value):
        return None if value == "" else value

    @field_validator("place", "actor", "weapon", "q")
    @classmethod
    def _no_control_characters(cls, value: str | None) -> str | None:
        if value is not None and any(ord(c) < 32 for c in value):
            raise ValueError("control characters are not allowed")
        return value

    @field_validator("bbox")
    @classmethod
    def _valid_bbox(cls, value: str | None) -> str | None:
        if value is not None:
            parse_bbox(value)
        return value

    @model_validator(mode="after")
    def _ordered_dates(self):
        if self.since and self.until and self.since > self.until:
            raise ValueError(f"since ({self.since}) is after until ({self.until})")
        return self

    def query(self, limit: int = 1000, offset: int = 0) -> EventQuery:
        values = self.model_dump(exclude={"bbox"})
        return EventQuery(**values, bbox=parse_bbox(self.bbox) if self.bbox else None, limit=limit, offset=offset)


def parse_bbox(text: str) -> tuple[float, float, float, float]:
    parts = text.split(",")
    try:
        min_lon, min_lat, max_lon, max_lat = (float(p) for p in parts)
    except ValueError:
        raise ValueError("bbox must be four numbers: min_lon,min_lat,max_lon,max_lat") from None
    if not all(math.isfinite(v) for v in (min_lon, min_lat, max_lon, max_lat)):
        raise ValueError("bbox numbers must be finite")
    if not (-180 <= min_lon <= max_lon <= 180 and -90 <= min_lat <= max_lat <= 90):
        raise ValueError("bbox must satisfy -180 <= min_lon <= max_lon <= 180 and -90 <= min_lat <= max_lat <= 90")
    return min_lon, min_lat, max_lon, max_lat


EventItem = create_model("EventItem", __doc__="An event without its mentions.",
                         **{name: (f.annotation, f) for name, f in Event.model_fields.items() if name != "mentions"},
                         # Derived values (sub_event_type) are computed fields: an item carries them as data.
                         **{name: (f.return_type, None) for name, f in Event.model_computed_fields.items()})


class EventDetail(EventItem):
    mentions: list[Mention] = Field(default_factory=list)
    responded_by: list[str] = Field(default_factory=list, description="Events whose responds_to names this one.")


class EventPage(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[EventItem]


class DocumentItem(BaseModel):
    id: str
    url: str | None = None
    title: str | None = None
    outlet: str | None = None
    published: dt.date | None = None
    reference_date: dt.date | None = None
    reference_source: str
    credibility: Credibility
    flags: list[str]
    reasons: dict[str, str] = Field(description="One human-readable reason per flag.")
    source_reliability: str | None = Field(None, description="Admiralty grade A-F of the outlet.")
    removed: int = Field(description="Passages removed by cleaning (comments, link lists, ...).")
    content_hash: str


class DocumentDetail(DocumentItem):
    text: str = Field(description="The clean text; evidence offsets refer to it.")


class DocumentPage(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[DocumentItem]


class ClaimReport(Claim):
    """A claim beside the ledger's own figure for its window and region."""

    ledger: int | None = Field(None, description="The ledger's count (or casualty sum) for the claim's window.")
    difference: int | None = Field(None, description="ledger minus claim; null where the claim has no window.")
    note: str = ""
    events: list[str] = Field(default_factory=list, description="Ids of the ledger events counted.")


class ClaimList(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[ClaimReport]


class SeriesPoint(BaseModel):
    period: str = Field(description="The day, or the Monday starting the week.")
    attacker: str
    affiliation: str | None = Field(description="The attacker's affiliation code (actor1_affiliation), if known.")
    count: int


class Totals(BaseModel):
    events: int
    launched: int
    intercepted: int
    impacts: int
    interception_rate: float | None = Field(description="sum(intercepted) / sum(launched) over events giving both.")


class Stats(BaseModel):
    by: Literal["day", "week"]
    series: list[SeriesPoint]
    by_country: dict[str, int]
    by_weapon: dict[str, int]
    by_attacker: dict[str, int]
    by_affiliation: dict[str, int] = Field(description="Events per attacker affiliation code; 'unknown' when none.")
    totals: Totals


class PointProperties(BaseModel):
    id: str
    date: dt.date | None
    date_precision: str | None
    country: str | None
    location: str | None
    place_text: str | None
    actor1: str | None
    actor1_affiliation: str | None
    actor2: str | None
    actor2_affiliation: str | None
    sub_event_type: str | None
    status: Status | None
    credibility: Credibility | None
    weapons: list[str]
    killed: int | None
    injured: int | None
    launched: int | None
    intercepted: int | None
    impacts: int | None
    n_sources: int | None
    sea_area: str | None = Field(None, description="For an event at sea, the named sea area.")
    generic_point: bool = Field(False, description="The point is an area's generic point, not a reported position.")


class Point(BaseModel):
    type: Literal["Point"]
    coordinates: tuple[float, float] = Field(description="[lon, lat]")


class Feature(BaseModel):
    type: Literal["Feature"]
    id: str
    geometry: Point
    properties: PointProperties


class FeatureCollection(BaseModel):
    type: Literal["FeatureCollection"]
    features: list[Feature] = Field(description="The newest `limit` events with coordinates.")
    total: int = Field(description="Events with coordinates matching the filters (a foreign member).")


class DocumentIn(DocumentRecord):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(min_length=1, max_length=512)


class IngestRequest(BaseModel):
    documents: list[DocumentIn] = Field(min_length=1, max_length=1000)


class IngestResult(BaseModel):
    read: int
    stored: int
    unchanged: int
    rejected: list[Rejection] = Field(description="Each with `documents[i]`, its index in the request.")
    mentions: int
    events_new: int
    events_updated: int
