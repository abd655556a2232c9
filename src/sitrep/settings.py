"""One Settings object: every option with its default and help, read from the environment
only when `Settings.from_env()` is called (never at import)."""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from pydantic import BaseModel, Field, ValidationError

from .errors import SitrepError

DEFAULT_DB = "sitrep.db"


def default_workers() -> int:
    """The machine's cores, at most four: beyond that the one process that writes is the bottleneck."""
    return max(1, min(4, os.cpu_count() or 1))


class Settings(BaseModel):
    db: str = Field(DEFAULT_DB, description="Ledger database: a SQLite file path or a SQLAlchemy URL (SITREP_DB).")
    max_document_bytes: int = Field(
        20 * 1024 * 1024, description="Documents larger than this are rejected (SITREP_MAX_DOCUMENT_BYTES).")
    merge_days: int = Field(1, description="Mentions this many days apart at day precision may be one event.")
    merge_km: float = Field(60.0, description="Sites this far apart are different places for merging.")
    data_dir: str | None = Field(None, description="Knowledge base folder; the packaged data/ by default.")
    api_token: str | None = Field(None, description="Token that enables writing through the API (SITREP_API_TOKEN).")
    chunk_documents: int = Field(
        200, ge=1, description="Documents written per transaction; a crash loses at most one chunk's work, "
                               "which the next run redoes (SITREP_CHUNK_DOCUMENTS).")
    workers: int = Field(
        default_factory=default_workers, ge=1,
        description="Processes that clean and extract documents in parallel; 1 reads them all in this "
                    "process (SITREP_WORKERS). The machine's cores by default, at most four.")
    document_id: str | None = Field(
        None, description="Id of the one document read from a file or standard input (`sitrep ingest --id`); "
                          "by default a record's own id, a file's path, or a hash of standard input.")
    # The one document read from a file or standard input, described (`sitrep ingest --published ...`):
    # a JSON Lines record and an HTML page's own metadata describe themselves.
    document_published: dt.date | None = Field(None, description="Publication date of the one document.")
    document_url: str | None = Field(None, description="Address of the one document.")
    document_title: str | None = Field(None, description="Title of the one document.")
    document_outlet: str | None = Field(None, description="Outlet that published the one document.")
    replace: bool = Field(
        False, description="A document whose id is stored with other content replaces it (`sitrep ingest "
                           "--replace`); the old version is kept in its history. Otherwise it is rejected.")
    outlets_file: str | None = Field(
        None, description="A CSV with the columns of data/outlets.csv whose rows add outlets or override "
                          "their ratings (`--outlets FILE`, SITREP_OUTLETS).")

    @classmethod
    def from_env(cls, **overrides) -> "Settings":
        env = {
            "db": os.environ.get("SITREP_DB"),
            "max_document_bytes": os.environ.get("SITREP_MAX_DOCUMENT_BYTES"),
            "data_dir": os.environ.get("SITREP_DATA_DIR"),
            "api_token": os.environ.get("SITREP_API_TOKEN"),
            "chunk_documents": os.environ.get("SITREP_CHUNK_DOCUMENTS"),
            "workers": os.environ.get("SITREP_WORKERS"),
            "outlets_file": os.environ.get("SITREP_OUTLETS"),
        }
        values = {k: v for k, v in env.items() if v}
        values.update({k: v for k, v in overrides.items() if v is not None})
        try:
            return cls(**values)
        except ValidationError as exc:  # a bad environment variable is a one-line error naming it
            problem = exc.errors()[0]
            name = str(problem["loc"][0]) if problem["loc"] else "?"
            where = f"SITREP_{name.upper()}" if env.get(name) and overrides.get(name) is None else name
            raise SitrepError(f"setting {where}={values.get(name)!r}: {problem['msg']}") from None


def database_url(db: str) -> str:
    """A path becomes a SQLite URL; a URL is kept as it is."""
    if "://" in db:
        return db
    return f"sqlite:///{Path(db).expanduser().resolve()}"
