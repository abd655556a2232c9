"""Serve stage, over HTTP: the ledger as a JSON API (`/api/...`) and the built dashboard's pages.

`create_app(db, token)` opens one ledger for the app's lifetime. Reads are open; writing
(`POST /api/documents`) needs the server's token. Every page has a JSON twin under `/api`.
"""
from __future__ import annotations

import csv
import datetime as dt
import hmac
import io
import math
import tempfile
import threading
from collections.abc import Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

from fastapi import APIRouter, FastAPI, HTTPException, Query, Request
from fastapi.responses import FileResponse, JSONResponse, Response, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field, create_model, field_validator, model_validator
from starlette.datastructures import Headers, MutableHeaders
from starlette.staticfiles import StaticFiles

from . import __version__, exports
from .errors import NotFoundError
from .ingest import DocumentRecord
from .kb import KnowledgeBase
from .kb import load as load_kb
from .models import Claim, Credibility, Event, EventQuery, Mention, Rejection, Status
from .settings import Settings
from .store import Ledger, iter_chunks

STATIC = Path(__file__).parent / "static"
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "object-src 'none'; base-uri 'none'; frame-ancestors 'none'")
BUILD_HINT = "the dashboard is not built: run `npm ci --prefix web && npm run build --prefix web`"
MAX_BODY_BYTES = 64 * 1024 * 1024  # a request of many documents; each is also held to max_document_bytes
WRITES = {("POST", "/api/documents")}
SearchText = Annotated[str | None, Field(max_length=200)]

# --- request and response records ----------------------------------------------------------


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
                         **{name: (f.annotation, f) for name, f in Event.model_fields.items() if name != "mentions"})


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


class ClaimList(BaseModel):
    items: list[Claim]


class SeriesPoint(BaseModel):
    period: str = Field(description="The day, or the Monday starting the week.")
    attacker: str
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


# --- the application -----------------------------------------------------------------------


@dataclass
class Services:
    ledger: Ledger
    settings: Settings
    static: Path
    kb: KnowledgeBase | None  # loaded only when writing is enabled
    write_lock: threading.Lock


def create_app(db: str, token: str | None = None, settings: Settings | None = None,
               static_dir: Path | None = None) -> FastAPI:
    """The API and pages over the ledger `db`; with a `token`, `POST /api/documents` accepts documents."""
    settings = settings or Settings.from_env()
    ledger = Ledger.open(db)

    @asynccontextmanager
    async def lifespan(_app):
        yield
        ledger.close()

    app = FastAPI(title="sitrep", version=__version__, docs_url=None, redoc_url=None, lifespan=lifespan,
                  description="A ledger of attacks built from news reports. Pages have JSON twins under /api.")
    app.state.services = Services(ledger, settings, static_dir or STATIC,
                                  load_kb(settings.data_dir) if token else None, threading.Lock())
    app.include_router(api)
    app.include_router(pages)
    app.mount("/assets", Assets(directory=(static_dir or STATIC) / "assets", check_dir=False))
    app.add_exception_handler(NotFoundError, _not_found)
    app.add_middleware(WriteGuard, token=token)
    app.add_middleware(SecurityHeaders)
    return app


def _services(request: Request) -> Services:
    return request.app.state.services


async def _not_found(_request: Request, exc: NotFoundError) -> JSONResponse:
    return JSONResponse({"detail": str(exc)}, status_code=404)


# --- JSON endpoints ------------------------------------------------------------------------

api = APIRouter(prefix="/api")
Filters = Annotated[EventFilters, Query()]
Limit = Annotated[int, Query(ge=1, le=500)]
Offset = Annotated[int, Query(ge=0, le=10**9)]


@api.get("/events", response_model=EventPage)
def list_events(request: Request, filters: Filters, limit: Limit = 100, offset: Offset = 0,
                order: Literal["asc", "desc"] = "asc"):
    """Events matching every filter, by date (`order=desc`: newest first), one page."""
    query = filters.query(limit, offset)
    total, items = _services(request).ledger.event_page(query, newest_first=order == "desc")
    # The stored texts were valid Event dumps when written: spliced in as they are, not parsed and dumped again.
    body = f'{{"total":{total},"limit":{limit},"offset":{offset},"items":[{",".join(items)}]}}'
    return Response(body.encode(), media_type="application/json")


@api.get("/events.geojson", response_model=FeatureCollection)
def events_geojson(request: Request, filters: Filters,
                   limit: Annotated[int, Query(ge=1, le=100_000)] = 10_000):
    """RFC 7946 FeatureCollection of the newest `limit` matching events that have coordinates."""
    total, points = _services(request).ledger.event_points(filters.query(), limit)
    features = [{"type": "Feature", "id": p["id"],
                 "geometry": {"type": "Point", "coordinates": [round(p.pop("lon"), 6), round(p.pop("lat"), 6)]},
                 "properties": p} for p in points]
    return JSONResponse({"type": "FeatureCollection", "features": features, "total": total},
                        media_type="application/geo+json")


@api.get("/events/{event_id}", response_model=EventDetail, responses={404: {"description": "No such event."}})
def get_event(request: Request, event_id: str):
    """One event with its mentions (each with its evidence span) and the events that answered it."""
    ledger = _services(request).ledger
    event = ledger.event(event_id)
    return EventDetail(**event.model_dump(), responded_by=ledger.responded_by(event_id))


@api.get("/stats", response_model=Stats)
def stats(request: Request, filters: Filters, by: Literal["day", "week"] = "day"):
    """Events per period and attacker, per country, weapon and attacker; launch and interception totals."""
    return JSONResponse(_services(request).ledger.stats(filters.query(), by))


@api.get("/documents", response_model=DocumentPage)
def list_documents(request: Request, credibility: Credibility | None = None, limit: Limit = 100,
                   offset: Offset = 0):
    """Documents, newest first, with credibility, flags and the reason for each flag."""
    total, items = _services(request).ledger.documents_page(credibility, limit, offset)
    return {"total": total, "limit": limit, "offset": offset, "items": items}


@api.get("/documents/{doc_id:path}", response_model=DocumentDetail,
         responses={404: {"description": "No such document."}})
def get_document(request: Request, doc_id: str):
    """One document with its clean text."""
    return _services(request).ledger.document(doc_id)


@api.get("/claims", response_model=ClaimList)
def list_claims(request: Request):
    """Running tallies and totals stated by sources."""
    return {"items": _services(request).ledger.claims()}


@api.get("/export/events.csv", response_class=StreamingResponse,
         responses={200: {"content": {"text/csv": {}}, "description": "ACLED-named columns."}})
def export_csv(request: Request, filters: Filters):
    """Matching events as CSV with ACLED's column names, streamed."""
    events = _services(request).ledger.iter_events(filters.query())
    return StreamingResponse(_csv_chunks(events), media_type="text/csv; charset=utf-8",
                             headers={"Content-Disposition": 'attachment; filename="events.csv"'})


@api.get("/export/events.parquet", response_class=StreamingResponse,
         responses={200: {"content": {"application/vnd.apache.parquet": {}}, "description": "CSV columns, typed."}})
def export_parquet(request: Request, filters: Filters):
    """Matching events as Parquet (the CSV's columns, typed), streamed a row group at a time."""
    events = _services(request).ledger.iter_events(filters.query())
    return StreamingResponse(_parquet_chunks(events), media_type="application/vnd.apache.parquet",
                             headers={"Content-Disposition": 'attachment; filename="events.parquet"'})


@api.post("/documents", response_model=IngestResult, responses={
    401: {"description": "Missing or wrong bearer token."}, 403: {"description": "The server is read-only."},
    411: {"description": "No Content-Length."}, 413: {"description": "Request body too large."}})
def add_documents(request: Request, body: IngestRequest):
    """Ingest documents through the pipeline (needs `Authorization: Bearer <token>`)."""
    from .pipeline import run

    services = _services(request)
    with services.write_lock, tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "request.jsonl"
        path.write_text("".join(d.model_dump_json(exclude_none=True) + "\n" for d in body.documents), "utf-8")
        report = run([str(path)], services.ledger, services.kb, services.settings)
    rejected = [Rejection(source=_request_index(r.source, str(path)), reason=r.reason) for r in report.rejected]
    return IngestResult(**{**vars(report), "rejected": rejected})


def _request_index(source: str, path: str) -> str:
    """`/tmp/.../request.jsonl:3` -> `documents[2]`: the temporary file is no business of the client's."""
    line = source.removeprefix(f"{path}:")
    return f"documents[{int(line) - 1}]" if line.isdigit() else "request"


def _csv_chunks(events: Iterator[Event]) -> Iterator[str]:
    first = True
    for chunk in iter_chunks(events, 500):
        text = exports.events_csv(chunk)
        yield text if first else text.split("\r\n", 1)[1]
        first = False
    if first:
        yield exports.events_csv([])


def _parquet_chunks(events: Iterator[Event]) -> Iterator[bytes]:
    """The CSV export's rows and columns, typed: one row group per chunk of events."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    sink, writer = _Sink(), None
    for chunk in iter_chunks(events, 5000):
        header, *rows = csv.reader(io.StringIO(exports.events_csv(chunk)))
        schema = _parquet_schema(pa, header)
        if writer is None:
            writer = pq.ParquetWriter(sink, schema)
        columns = {name: [_typed(name, row[i]) for row in rows] for i, name in enumerate(header)}
        writer.write_table(pa.table(columns, schema=schema))
        yield sink.take()
    if writer is None:  # no events: still a valid file, with the columns
        header = next(csv.reader(io.StringIO(exports.events_csv([]))))
        writer = pq.ParquetWriter(sink, _parquet_schema(pa, header))
    writer.close()
    yield sink.take()


PARQUET_TYPES = {"event_date": "date32", "time_precision": "int8", "latitude": "float64", "longitude": "float64",
                 "geo_precision": "int8", "fatalities": "int64", "injured": "int64", "information_credibility": "int8"}
PARQUET_LISTS = {"weapons", "weapon_models", "responds_to", "sources"}  # ";"-joined in the CSV


def _parquet_schema(pa, header: list[str]):
    return pa.schema([(name, pa.list_(pa.string()) if name in PARQUET_LISTS else
                       pa.type_for_alias(PARQUET_TYPES.get(name, "string"))) for name in header])


def _typed(column: str, text: str):
    kind = PARQUET_TYPES.get(column)
    if column in PARQUET_LISTS:
        return text.split(";") if text else []
    if text == "":
        return None
    if kind == "date32":
        return dt.date.fromisoformat(text)
    if kind and kind.startswith("int"):
        return int(text)
    return float(text) if kind == "float64" else text


class _Sink(io.RawIOBase):
    """A write-only file that hands over what was written so far: Parquet streams out as it is written."""

    def __init__(self):
        super().__init__()
        self._parts: list[bytes] = []
        self._position = 0

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self._parts.append(bytes(data))
        self._position += len(data)
        return len(data)

    def tell(self) -> int:
        return self._position

    def take(self) -> bytes:
        data, self._parts = b"".join(self._parts), []
        return data


# --- pages and static assets ----------------------------------------------------------------

pages = APIRouter(include_in_schema=False)


@pages.get("/")
def home_page(request: Request):
    return _page(_services(request).static, "index.html")


@pages.get("/documents")
def documents_page(request: Request):
    return _page(_services(request).static, "documents.html")


@pages.get("/events/{event_id}")
def event_page(request: Request, event_id: str):
    services = _services(request)
    try:
        services.ledger.event(event_id)
        status = 200
    except NotFoundError:
        status = 404  # the page still loads, and says so from its JSON twin
    return _page(services.static, "event.html", status)


@pages.get("/{name}")
def root_file(request: Request, name: str):
    """A file the dashboard build put at its root (favicon, basemap), never a path outside it."""
    static = _services(request).static
    path = static / name
    if "." not in name or name.startswith(".") or not path.is_file():
        raise HTTPException(404, "Not Found")
    return FileResponse(path)


def _page(static: Path, name: str, status: int = 200):
    index = static / "index.html"
    if not index.is_file():
        return JSONResponse({"detail": BUILD_HINT}, status_code=503)
    page = static / name
    return FileResponse(page if page.is_file() else index, status_code=status, headers={"Cache-Control": "no-cache"})


class Assets(StaticFiles):
    """`/assets`, or the build hint while the dashboard is not built."""

    async def __call__(self, scope, receive, send):
        if not Path(self.directory).is_dir():
            return await JSONResponse({"detail": BUILD_HINT}, status_code=503)(scope, receive, send)
        await super().__call__(scope, receive, send)


# --- middleware (plain ASGI: no per-request task overhead, streaming untouched) -------------


class SecurityHeaders:
    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["Content-Security-Policy"] = CSP
                headers["X-Content-Type-Options"] = "nosniff"
                headers["Referrer-Policy"] = "same-origin"
            await send(message)

        await self.app(scope, receive, send_with_headers)


class WriteGuard:
    """Refuses a write before its body is read: read-only without a token, the token compared in constant time."""

    def __init__(self, app, token: str | None):
        self.app = app
        self.token = token

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and (scope["method"], scope["path"]) in WRITES:
            refusal = self._refusal(Headers(scope=scope))
            if refusal is not None:
                return await refusal(scope, receive, send)
        await self.app(scope, receive, send)

    def _refusal(self, headers: Headers) -> JSONResponse | None:
        if not self.token:
            return JSONResponse({"detail": "this server is read-only: start it with --token (or $SITREP_TOKEN) "
                                           "to accept documents"}, status_code=403)
        scheme, _, given = headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), self.token.encode()):
            return JSONResponse({"detail": "a valid 'Authorization: Bearer <token>' header is required"},
                                status_code=401, headers={"WWW-Authenticate": "Bearer"})
        length = headers.get("content-length")
        if length is None or not length.isdigit():
            return JSONResponse({"detail": "a Content-Length header is required"}, status_code=411)
        if int(length) > MAX_BODY_BYTES:
            return JSONResponse({"detail": f"request body over {MAX_BODY_BYTES:,} bytes"}, status_code=413)
        return None
