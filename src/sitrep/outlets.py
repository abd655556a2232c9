"""Outlets a user rates in a file of their own (`sitrep ingest --outlets FILE`, SITREP_OUTLETS): a CSV
with the columns of data/outlets.csv. In: the knowledge base and the file; out: a knowledge base whose
outlet table has the user's rows first, each replacing the packaged row of the same name or domain."""
from __future__ import annotations

import csv
import dataclasses
from pathlib import Path

from .errors import KnowledgeBaseError
from .datafiles import read_csv
from .kb import KnowledgeBase, Outlet

COLUMNS = ("outlet", "domains", "reliability", "kind")


def read_outlets(path: str | Path) -> list[Outlet]:
    """The file's rows; a KnowledgeBaseError naming the file and line on the first bad one."""
    path = Path(path)
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            header = next(csv.reader(fh), [])
    except FileNotFoundError as exc:
        raise KnowledgeBaseError(f"{path}: no such outlets file") from exc
    except (UnicodeDecodeError, IsADirectoryError) as exc:
        raise KnowledgeBaseError(f"{path}: not a UTF-8 CSV file of outlets") from exc
    if [h.strip() for h in header] != list(COLUMNS):
        raise KnowledgeBaseError(f"{path}:1: the header must be {','.join(COLUMNS)} (the columns of "
                                 f"data/outlets.csv), not {','.join(header) or 'empty'}")
    return [outlet for _, outlet in read_csv(path, Outlet, split=("domains",))]


def with_outlets(kb: KnowledgeBase, path: str | Path | None) -> KnowledgeBase:
    """`kb` with the file's outlets added; a row whose name or a domain is the packaged one's replaces it."""
    if not path:
        return kb
    mine = read_outlets(path)
    names = {outlet_name(o.outlet) for o in mine}
    domains = {d.lower() for o in mine for d in o.domains}
    kept = [o for o in kb.outlets if outlet_name(o.outlet) not in names and not domains & {d.lower() for d in o.domains}]
    return dataclasses.replace(kb, outlets=mine + kept)


def outlet_name(name: str) -> str:
    """A name as outlets are compared: case, full stops, punctuation and a leading 'the' do not count
    ('The U.S. Central Command' is 'US Central Command')."""
    words = "".join(ch if ch.isalnum() else " " for ch in name.lower().replace(".", "")).split()
    return " ".join(words[1:] if words[:1] == ["the"] and len(words) > 1 else words)
