"""Serve stage, over HTTP: the ledger as a JSON API under `/api`, beside the dashboard's pages (`web.py`).

`create_app(db, token)` opens one ledger for the app's lifetime. Reads are open; writing
(`POST /api/documents`) needs the server's token. Records and the OpenAPI schema: `api_schema.py`.
"""
from __future__ import annotations

import csv
import datetime as dt
import hmac
import io
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

from fastapi import APIRouter, FastAPI, Query, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.responses import JSONResponse, Response, StreamingResponse
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException

from . import __version__, claims_report, exports
from .api_schema import (ClaimList, DocumentDetail, DocumentPage, EventDetail, EventFilters, EventPage,
                         FeatureCollection, IngestRequest, IngestResult, Stats)
from .errors import NotFoundError, SitrepError
from .kb import KnowledgeBase
from .kb import load as load_kb
from .models import Credibility, Event
from .settings import Settings
from .store import Ledger, iter_chunks
from .web import CSP, STATIC, Assets, SecurityHeaders, pages

__all__ = ["CSP", "create_app"]
MAX_BODY_BYTES = 64 * 1024 * 1024  # a request of many documents; each is also held to max_document_bytes
WRITES = {("POST", "/api/documents")}
log = logging.getLogger(__name__)


# --- the application -----------------------------------------------------------------------


class ReadCache:
    """Answers of reads whose cost grows with the whole ledger (the claims report, a Parquet export), kept
    while the ledger is unchanged: keyed on its stored version, which every written batch raises. Misses are computed one at a time, so however many clients ask, at
    most one such read runs; a few answers are kept, the least recently used dropped first."""

    def __init__(self, ledger: Ledger, size: int = 8):
        self._ledger = ledger
        self._size = size
        self._answers: OrderedDict[tuple, object] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple, compute: Callable[[], object]):
        with self._lock:
            full_key = (self._ledger.version(), key)
            if full_key in self._answers:
                self._answers.move_to_end(full_key)
            else:
                self._answers[full_key] = compute()
                while len(self._answers) > self._size:
                    self._answers.popitem(last=False)
            return self._answers[full_key]


@dataclass
class Services:
    ledger: Ledger
    settings: Settings
    static: Path
    kb: KnowledgeBase | None  # loaded only when writing is enabled
    write_lock: threading.Lock
    reads: ReadCache


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
                                  load_kb(settings.data_dir) if token else None, threading.Lock(), ReadCache(ledger))
    app.include_router(api)
    app.include_router(pages)
    app.mount("/assets", Assets(directory=(static_dir or STATIC) / "assets", check_dir=False))
    app.add_exception_handler(NotFoundError, _not_found)
    app.add_exception_handler(HTTPException, _unparsable_body)
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
def list_claims(request: Request, limit: Limit = 100, offset: Offset = 0):
    """Running tallies and totals stated by sources, each beside the ledger's own figure; one page."""
    services = _services(request)
    items = services.reads.get(("claims",), lambda: claims_report(services.ledger))
    return {"total": len(items), "limit": limit, "offset": offset, "items": items[offset:offset + limit]}


@api.get("/export/events.csv", response_class=StreamingResponse,
         responses={200: {"content": {"text/csv": {}}, "description": "ACLED-named columns."}})
def export_csv(request: Request, filters: Filters):
    """Matching events as CSV with ACLED's column names, streamed."""
    events = _services(request).ledger.iter_events(filters.query())
    return StreamingResponse(_csv_chunks(events), media_type="text/csv; charset=utf-8",
                             headers={"Content-Disposition": 'attachment; filename="events.csv"'})


@api.get("/export/events.parquet", response_class=Response,
         responses={200: {"content": {"application/vnd.apache.parquet": {}}, "description": "CSV columns, typed."}})
def export_parquet(request: Request, filters: Filters):
    """Matching events as Parquet (the CSV's columns, typed). Built once per ledger state and filters:
    compressed columns are small beside the cost of reading every event to build them."""
    services, query = _services(request), filters.query()
    data = services.reads.get(("parquet", query.model_dump_json()),
                              lambda: b"".join(_parquet_chunks(services.ledger.iter_events(query))))
    return Response(data, media_type="application/vnd.apache.parquet",
                    headers={"Content-Disposition": 'attachment; filename="events.parquet"'})


@api.post("/documents", response_model=IngestResult, responses={
    401: {"description": "Missing or wrong bearer token."}, 403: {"description": "The server is read-only."},
    411: {"description": "No Content-Length."}, 413: {"description": "Request body too large."},
    422: {"description": "A document, or the body, cannot be read; `detail` names it and says why."}})
def add_documents(request: Request, body: IngestRequest):
    """Ingest documents through the pipeline (needs `Authorization: Bearer <token>`)."""
    from .ingest import read_records
    from .pipeline import run_articles

    services = _services(request)
    with services.write_lock:
        try:
            # Not exclusive: a post does not wait for a long ingest; its chunk still merges under the write lock.
            # In this process: forking a server that runs threads can copy a lock another thread holds.
            settings = services.settings.model_copy(update={"workers": 1})
            report = run_articles(read_records(body.documents), services.ledger, services.kb, settings,
                                  exclusive=False)
        except Exception as exc:  # the safety net: whatever escapes the pipeline is the request's 422, not a 500
            log.exception("POST /api/documents: the pipeline failed")
            message = f"the documents cannot be processed: {type(exc).__name__}: {exc}"
            return JSONResponse({"detail": [{"type": "document_error", "loc": ["body", "documents"],
                                             "msg": message}]}, status_code=422)
    result = IngestResult(**vars(report))
    if not report.rejected:
        return result
    # A rejected document is the client's error (as `sitrep ingest` exits 1): 422, each named by its index;
    # the others were stored, and the body says so.
    detail = [{"type": "document_rejected", "loc": ["body", *_loc(r.source)], "msg": r.reason}
              for r in report.rejected]
    return JSONResponse({"detail": detail, **result.model_dump(mode="json")}, status_code=422)


def _loc(source: str) -> list:
    """`documents[2]` -> ["documents", 2], as FastAPI names a field of a request body."""
    name, _, rest = source.partition("[")
    return [name, int(rest.rstrip("]"))] if rest.rstrip("]").isdigit() else [name]


async def _unparsable_body(request: Request, exc: HTTPException) -> Response:
    """FastAPI answers a body that `json.loads` fails on other than by a syntax error with a bare 400:
    nesting past the parser's recursion limit, an integer over Python's digit limit, bytes that are not
    UTF-8. Those are documents the server cannot take, said as a 422 with the reason."""
    cause = exc.__cause__
    if exc.status_code != 400 or not isinstance(cause, (RecursionError, ValueError)):
        return await http_exception_handler(request, exc)
    reason = "nested too deeply" if isinstance(cause, RecursionError) else str(cause)
    return JSONResponse({"detail": [{"type": "json_invalid", "loc": ["body"], "msg": f"unreadable JSON body: {reason}"}]},
                        status_code=422)


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
        header, *rows = csv.reader(io.StringIO(exports.events_csv(chunk, escape_formulas=False)))
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


# --- writes: plain ASGI, so a refused request's body is never read ------------------------------


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


def listen(host: str, port: int):
    """A socket bound to host:port, so a port in use is an error before the server says it is serving."""
    import socket

    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise SitrepError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    return sock


def is_loopback(host: str) -> bool:
    import ipaddress

    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
