"""Lookalike addresses: a host one or two letters away from a known outlet's name or domain."""
from __future__ import annotations

import functools

from rapidfuzz.distance import Levenshtein

from .kb import KnowledgeBase


@functools.lru_cache(maxsize=4096)  # the outlet table's names are squashed again for every document
def squash(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


_LOOKALIKES: dict[tuple[str, int], str | None] = {}  # (host, id of the kb) -> verdict: hosts recur across a corpus


def typosquat(host: str, kb: KnowledgeBase) -> str | None:
    """A host one or two letters away from a known outlet's name or domain, and not its own: a lookalike."""
    key = (host, id(kb))
    if key not in _LOOKALIKES:
        _LOOKALIKES[key] = _lookalike(host, kb)
    return _LOOKALIKES[key]


def _lookalike(host: str, kb: KnowledgeBase) -> str | None:
    if not host or any(host == d or host.endswith("." + d) for o in kb.outlets for d in o.domains):
        return None
    label = squash(host.split(".")[-2] if host.count(".") else host)
    for o in kb.outlets:
        if o.reliability not in "ABC":
            continue
        for name in {squash(o.outlet), *(squash(d.split(".")[0]) for d in o.domains)}:
            reach = 2 if len(name) >= 10 else 1
            # Lengths further apart than the reach cannot be within it: skip the quadratic distance.
            if len(name) >= 6 and abs(len(name) - len(label)) <= reach \
                    and 0 < Levenshtein.distance(label, name, score_cutoff=reach) <= reach:
                return f"the address {host!r} imitates {o.outlet} ({'|'.join(o.domains)}) and is not it"
    return None
