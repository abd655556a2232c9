"""Stage 1, ingest: read paths (files, folders, JSON Lines, standard input) into articles.

Out comes a stream of `Article` or `Rejection`: a document that cannot be read
(binary, undecodable, empty, too large, a malformed record) is a rejection with
its reason, and the rest of the batch goes on.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from charset_normalizer import from_bytes
from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from .models import Article, Rejection
from .settings import Settings

TEXT_SUFFIXES = {".txt", ".md", ".text", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}


class DocumentRecord(BaseModel):
    """One line of a JSON Lines corpus."""

    model_config = ConfigDict(extra="ignore")
    id: str | None = None
    url: str | None = None
    title: str | None = None
    published: dt.date | None = None
    outlet: str | None = None
    text: str | None = None
    html: str | None = None

    @model_validator(mode="after")
    def _has_body(self):
        if not (self.text or self.html):
            raise ValueError("record has neither 'text' nor 'html'")
        return self


def read_paths(paths: Iterable[str], settings: Settings) -> Iterator[Article | Rejection]:
    for raw in paths:
        if raw == "-":
            yield from _read_stream("<stdin>", sys.stdin.buffer.read(), settings)
            continue
        path = Path(raw)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file() and not _hidden(p, path)):
                yield from read_file(child, settings)
        elif path.exists():
            yield from read_file(path, settings)
        else:
            yield Rejection(source=raw, reason="no such file or folder")


def read_file(path: Path, settings: Settings) -> Iterator[Article | Rejection]:
    source = str(path)
    if path.suffix.lower() in JSONL_SUFFIXES:
        yield from _stream_jsonl(path, settings)
        return
    try:
        size = path.stat().st_size
        if size > settings.max_document_bytes:
            yield Rejection(source=source, reason=f"file is {size:,} bytes, over the limit of "
                                                  f"{settings.max_document_bytes:,} (set SITREP_MAX_DOCUMENT_BYTES)")
            return
        data = path.read_bytes()
    except OSError as exc:
        yield Rejection(source=source, reason=f"cannot read file: {exc.strerror or exc}")
        return
    yield from _read_stream(source, data, settings, suffix=path.suffix.lower(), name=path.name)


def _read_stream(source: str, data: bytes, settings: Settings, suffix: str = "", name: str | None = None):
    text, reason = decode(data)
    if text is None:
        yield Rejection(source=source, reason=reason)
        return
    if suffix in JSONL_SUFFIXES or (not suffix and _looks_like_jsonl(text)):
        yield from _read_jsonl(source, text)
    elif suffix in HTML_SUFFIXES or (not suffix and text.lstrip()[:1] == "<"):
        yield _article_from_html(source, name or source, text, None)
    else:
        yield _article(name or source, text, source_path=source)


def decode(data: bytes) -> tuple[str | None, str]:
    """Bytes to text, or None and the reason: never a garbled string."""
    if not data.strip():
        return None, "empty document"
    if b"\x00" in data[:8192]:
        return None, "binary file (NUL bytes), not a text document"
    try:
        return data.decode("utf-8-sig"), ""
    except UnicodeDecodeError:
        pass
    results = from_bytes(data[:200_000])
    best = results.best()
    if best is not None:
        # Close calls between single-byte code pages go to the commonest: Latin-1 text read as cp1250
        # is garbled ("Aďn" for "Aïn") with almost the same score.
        near = [r for r in results if r.chaos <= best.chaos + 0.02]
        best = min(near, key=lambda r: _PREFERRED.index(r.encoding) if r.encoding in _PREFERRED else len(_PREFERRED))
    if best is None or best.encoding is None:
        return None, "unknown text encoding: not UTF-8 and no other encoding fits"
    if best.chaos > 0.2:
        return None, f"undecodable text: best guess {best.encoding} gives garbled characters"
    try:
        return data.decode(best.encoding), ""
    except (UnicodeDecodeError, LookupError):
        return None, f"undecodable text in guessed encoding {best.encoding}"


def _stream_jsonl(path: Path, settings: Settings) -> Iterator[Article | Rejection]:
    """A corpus is read a line at a time: its size is unbounded, each record's is not."""
    try:
        with path.open("rb") as fh:
            for number, raw in enumerate(fh, 1):
                where = f"{path}:{number}"
                if len(raw) > settings.max_document_bytes:
                    yield Rejection(source=where, reason=f"record is {len(raw):,} bytes, over the limit of "
                                                         f"{settings.max_document_bytes:,}")
                    continue
                line, reason = decode(raw) if raw.strip() else ("", "")
                if line is None:
                    yield Rejection(source=where, reason=reason)
                    continue
                yield from _read_jsonl(str(path), line, first_line=number)
    except OSError as exc:
        yield Rejection(source=str(path), reason=f"cannot read file: {exc.strerror or exc}")


_PREFERRED = ["utf_8", "cp1252", "latin_1", "cp1256", "iso8859_6", "cp1251", "iso8859_15", "mac_roman"]


def _read_jsonl(source: str, text: str, first_line: int = 1) -> Iterator[Article | Rejection]:
    for number, line in enumerate(text.splitlines(), first_line):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        try:
            record = DocumentRecord.model_validate(json.loads(line))
        except json.JSONDecodeError as exc:
            yield Rejection(source=where, reason=f"malformed JSON line: {exc.msg} at column {exc.colno}")
            continue
        except ValidationError as exc:
            first = exc.errors()[0]
            yield Rejection(source=where, reason=f"invalid record: {'.'.join(map(str, first['loc']))} {first['msg']}")
            continue
        doc_id = record.id or hashlib.sha256(line.encode()).hexdigest()[:16]
        if record.html and not record.text:
            yield _article_from_html(where, doc_id, record.html, record)
        else:
            yield _article(doc_id, record.text, record.url, record.title, record.published, record.outlet, where)


def _article_from_html(source: str, doc_id: str, html: str, record: DocumentRecord | None):
    import trafilatura  # imported here: it is slow to import and only HTML needs it

    body = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=True)
    if not body or not body.strip():
        return Rejection(source=source, reason="HTML page has no article text")
    meta = trafilatura.extract_metadata(html)
    published = record.published if record else None
    if published is None and meta is not None and meta.date:
        try:
            published = dt.date.fromisoformat(meta.date[:10])
        except ValueError:
            published = None
    return _article(
        doc_id, body,
        url=(record.url if record else None) or (meta.url if meta else None),
        title=(record.title if record else None) or (meta.title if meta else None),
        published=published,
        outlet=(record.outlet if record else None) or (meta.sitename if meta else None),
        source_path=source,
    )


def _article(doc_id, text, url=None, title=None, published=None, outlet=None, source_path=None):
    if not text or not text.strip():
        return Rejection(source=source_path or doc_id, reason="empty document")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    digest = hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()
    return Article(id=doc_id, url=url, title=title, published=published, outlet=outlet,
                   raw_text=text, content_hash=digest, source_path=source_path)


def _looks_like_jsonl(text: str) -> bool:
    first = text.lstrip()[:1]
    return first == "{"


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)
