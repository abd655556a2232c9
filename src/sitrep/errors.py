"""Errors sitrep raises: one base class, so callers can catch all of ours at once."""
from __future__ import annotations


class SitrepError(Exception):
    """Base of every error sitrep raises on purpose."""


class KnowledgeBaseError(SitrepError):
    """A data file is malformed; the message names `file:line` and the reason."""


class DocumentError(SitrepError):
    """A document cannot be read; the message names the input and the reason."""

    def __init__(self, source: str, reason: str):
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class LedgerError(SitrepError):
    """The ledger database cannot be opened or written."""


class NotFoundError(SitrepError):
    """An id that names nothing in the ledger."""
