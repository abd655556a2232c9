"""Stage 1, ingest: read paths (files, folders, JSON Lines, standard input) into articles.

Out comes a stream of `Article` or `Rejection`: a document that cannot be read
(binary, undecodable, empty, too large, not a regular file, a malformed record) is a
rejection with its reason, and the rest of the batch goes on.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import re
import stat
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from .decode import decode
from .models import Article, Rejection
from .settings import Settings

TEXT_SUFFIXES = {".txt", ".md", ".text", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
MAX_ID_CHARS = 512  # the documents.id column
# NUL is refused by PostgreSQL text columns; a lone surrogate cannot be encoded to UTF-8. Not a rule: a limit
# of the store, not a way reports are written.
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


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
    """`settings.document_id`, when set, names the one document read (`sitrep ingest --id`); the other
    `settings.document_*` describe it (`--published`, `--url`, `--title`, `--outlet`)."""
    for raw in paths:
        if raw == "-":
            yield from _read_stdin(sys.stdin.buffer, settings)
            continue
        path = Path(raw)
        kind = _kind(path)
        if kind == "folder":
            yield from _read_folder(path, settings)
        elif kind == "file":
            yield from read_file(path, settings, doc_id=settings.document_id or _text(path.name),
                                 described=_described(settings))
        else:
            yield Rejection(source=_text(raw), reason=kind)


def _read_folder(root: Path, settings: Settings) -> Iterator[Article | Rejection]:
    """Each file is named by its path inside the folder: `a/index.html` and `b/index.html` are two documents."""
    for child in sorted(p for p in root.rglob("*") if not _hidden(p, root)):
        kind = _kind(child)
        if kind == "file":
            yield from read_file(child, settings, doc_id=_text(child.relative_to(root).as_posix()))
        elif kind != "folder":
            yield Rejection(source=_text(child), reason=kind)


def _kind(path: Path) -> str:
    """'file', 'folder', or why the path cannot be read. Decided by stat alone: a FIFO opened to be
    read waits for a writer, and a device such as /dev/zero never ends."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return "no such file or folder"
    except OSError as exc:
        return f"cannot read: {exc.strerror or exc}"
    if stat.S_ISREG(mode):
        return "file"
    if stat.S_ISDIR(mode):
        return "folder"
    what = ("a FIFO (named pipe)" if stat.S_ISFIFO(mode) else "a character device" if stat.S_ISCHR(mode)
            else "a block device" if stat.S_ISBLK(mode) else "a socket" if stat.S_ISSOCK(mode) else "special")
    return f"not a regular file: {what}; only files and folders are read"


def _read_stdin(stream: BinaryIO, settings: Settings) -> Iterator[Article | Rejection]:
    """One document, or a JSON Lines corpus read a line at a time. Standard input has no name: its
    content names it (`stdin-<hash>`), so two different texts are two documents."""
    limit = settings.max_document_bytes
    head = stream.read(limit + 1)
    if _looks_like_jsonl(head):
        yield from _read_jsonl("<stdin>", io.BufferedReader(_Joined(head, stream)), settings)
    elif len(head) > limit:
        yield Rejection(source="<stdin>", reason=f"standard input is over the limit of {limit:,} bytes "
                                                 f"(set SITREP_MAX_DOCUMENT_BYTES)")
    else:
        doc_id = settings.document_id or f"stdin-{hashlib.sha256(head).hexdigest()[:16]}"
        yield from _read_stream("<stdin>", head, settings, doc_id=doc_id, described=_described(settings))


class _Joined(io.RawIOBase):
    """`head`, then the rest of `stream`: standard input cannot be rewound once its start was looked at."""

    def __init__(self, head: bytes, stream: BinaryIO):
        super().__init__()
        self._parts = [io.BytesIO(head), stream]

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while self._parts:
            count = self._parts[0].readinto(buffer)
            if count:
                return count
            self._parts.pop(0)
        return 0


def read_file(path: Path, settings: Settings, doc_id: str | None = None,
              described: DocumentRecord | None = None) -> Iterator[Article | Rejection]:
    source = _text(path)
    if path.suffix.lower() in JSONL_SUFFIXES:
        yield from _stream_jsonl(path, settings)
        return
    try:
        data = _read_bounded(path, settings.max_document_bytes)
    except OSError as exc:
        yield Rejection(source=source, reason=f"cannot read file: {exc.strerror or exc}")
        return
    if len(data) > settings.max_document_bytes:
        yield Rejection(source=source, reason=f"file is over the limit of {settings.max_document_bytes:,} bytes "
                                              f"(set SITREP_MAX_DOCUMENT_BYTES)")
        return
    yield from _read_stream(source, data, settings, suffix=path.suffix.lower(), doc_id=doc_id or _text(path.name),
                            described=described)


def _read_bounded(path: Path, limit: int) -> bytes:
    """At most limit+1 bytes, whatever stat said: a file can grow, or be swapped, after it was checked."""
    with _open_regular(path) as fh:
        return fh.read(limit + 1)


def _open_regular(path: Path) -> BinaryIO:
    """Opened without waiting (a FIFO swapped in after the check would block), and checked again once open."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise OSError(f"{path} is no longer a regular file")
    return open(fd, "rb")


def _read_stream(source: str, data: bytes, settings: Settings, suffix: str = "", doc_id: str | None = None,
                 described: DocumentRecord | None = None):
    """`described` (what the user said of this one document) wins over what an HTML page says of itself."""
    if suffix in JSONL_SUFFIXES or (not suffix and _looks_like_jsonl(data)):
        yield from _read_jsonl(source, io.BytesIO(data), settings)
        return
    text, reason = decode(data)
    if text is None:
        yield Rejection(source=source, reason=reason)
    elif suffix in HTML_SUFFIXES or (not suffix and text.lstrip()[:1] == "<"):
        yield _article_from_html(source, doc_id or source, text, described)
    else:
        d = described or DocumentRecord.model_construct()
        yield _article(doc_id or source, text, d.url, d.title, d.published, d.outlet, source_path=source)


def _described(settings: Settings) -> DocumentRecord | None:
    """The one document's description from the settings, or None when none was given."""
    fields = {"url": settings.document_url, "title": settings.document_title,
              "published": settings.document_published, "outlet": settings.document_outlet}
    if all(v is None for v in fields.values()):
        return None
    return DocumentRecord.model_construct(**fields)  # no body: the document's own bytes are its body


def _stream_jsonl(path: Path, settings: Settings) -> Iterator[Article | Rejection]:
    """A corpus is read a line at a time: its size is unbounded, each record's is not."""
    try:
        with _open_regular(path) as fh:
            yield from _read_jsonl(_text(path), fh, settings)
    except OSError as exc:
        yield Rejection(source=_text(path), reason=f"cannot read file: {exc.strerror or exc}")


def _read_jsonl(source: str, fh: BinaryIO, settings: Settings) -> Iterator[Article | Rejection]:
    for number, raw, size in _lines(fh, settings.max_document_bytes):
        where = f"{source}:{number}"
        if size > settings.max_document_bytes:
            yield Rejection(source=where, reason=f"record is {size:,} bytes, over the limit of "
                                                 f"{settings.max_document_bytes:,}")
            continue
        if not raw.strip():
            continue
        record, reason = parse_record(raw, first=number == 1)
        yield Rejection(source=where, reason=reason) if record is None else _record_article(where, record, raw)


def read_records(records: Iterable[DocumentRecord], source: str = "documents") -> Iterator[Article | Rejection]:
    """Records already parsed (the API's request body), read as the lines of a corpus are; each is
    named `source[i]`, its index."""
    for index, record in enumerate(records):
        # ASCII JSON names a record without an id by its hash; a lone surrogate stays an escape there.
        raw = json.dumps(record.model_dump(mode="json"), ensure_ascii=True, sort_keys=True).encode()
        yield _record_article(f"{source}[{index}]", record, raw)


def _record_article(where: str, record: DocumentRecord, raw: bytes) -> Article | Rejection:
    if record.html and not record.text:
        return _article_from_html(where, record.id or _record_id(raw), record.html, record)
    return _article(record.id or _record_id(raw), record.text, record.url, record.title, record.published,
                    record.outlet, where)


def _lines(fh: BinaryIO, limit: int) -> Iterator[tuple[int, bytes, int]]:
    """(line number, bytes, size) for each line; a line over `limit` is skipped, not held in memory."""
    number = 0
    while True:
        raw = fh.readline(limit + 1)
        if not raw:
            return
        number += 1
        size = len(raw)
        while size > limit and not raw.endswith(b"\n"):  # the rest of an overlong line, read and dropped
            raw = fh.readline(1 << 20)
            if not raw:
                break
            size += len(raw)
        yield number, raw, size


def parse_record(raw: bytes, first: bool = False) -> tuple[DocumentRecord | None, str]:
    """One JSON Lines record, or None and the reason. Records are UTF-8 (the JSON Lines rule), so a
    line is never guessed into another encoding: that would store mojibake."""
    try:
        line = raw.decode("utf-8-sig" if first else "utf-8")
    except UnicodeDecodeError as exc:
        return None, f"invalid UTF-8 at byte {exc.start} of the line (JSON Lines records are UTF-8)"
    try:
        return DocumentRecord.model_validate(json.loads(line)), ""
    except json.JSONDecodeError as exc:
        return None, f"malformed JSON line: {exc.msg} at column {exc.colno}"
    except RecursionError:
        return None, "malformed JSON line: nested too deeply"
    except ValidationError as exc:
        first_error = exc.errors()[0]
        return None, f"invalid record: {'.'.join(map(str, first_error['loc']))} {first_error['msg']}"
    except ValueError as exc:  # an integer over Python's digit limit
        return None, f"malformed JSON line: {exc}"


def _record_id(raw: bytes) -> str:
    """A record without an id is named by its line (as it was before records were read as bytes)."""
    return hashlib.sha256(raw.removeprefix(b"\xef\xbb\xbf").rstrip(b"\r\n")).hexdigest()[:16]


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
    """Every article, whatever its format, is made here: the one place its strings are made storable."""
    doc_id, text, url, title, outlet, source_path = (
        _storable(v) for v in (doc_id, text, url, title, outlet, source_path))
    if not doc_id:
        return Rejection(source=source_path or "document", reason="document id is empty")
    if len(doc_id) > MAX_ID_CHARS:
        return Rejection(source=source_path or doc_id[:80] + "...",
                         reason=f"document id is {len(doc_id):,} characters, over the limit of {MAX_ID_CHARS}")
    if not text or not text.strip():
        return Rejection(source=source_path or doc_id, reason="empty document")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    digest = hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()
    return Article(id=doc_id, url=url, title=title, published=published, outlet=outlet,
                   raw_text=text, content_hash=digest, source_path=source_path)


def _text(path: Path | str) -> str:
    """A path as storable text: bytes of a file name that are not UTF-8 (Python keeps them as lone
    surrogates) become U+FFFD, so the name still reads as a name."""
    return os.fsencode(path).decode("utf-8", "replace")


def _storable(value: str | None) -> str | None:
    return None if value is None else UNSTORABLE.sub("", value)


def _looks_like_jsonl(data: bytes) -> bool:
    return data.removeprefix(b"\xef\xbb\xbf").lstrip()[:1] == b"{"


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def count_inputs(paths: list[str]) -> int:
    """How many documents `read_paths` will meet, for a progress bar: a folder's files, a corpus's lines."""
    total = 0
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            total += sum(1 for f in p.rglob("*") if f.is_file())
        elif p.suffix in JSONL_SUFFIXES and p.is_file():
            with p.open("rb") as fh:
                total += sum(1 for _ in fh)
        else:
            total += 1
    return total
