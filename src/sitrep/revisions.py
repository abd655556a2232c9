"""Stage 4, resolve (figure history): how an event's figures moved from report to report.

In: an event's mentions; out: `revisions` ({field: first reported and current value}, for the fields that
changed) and `corrections` (each change, with the document, its date and the quote that made it). A view
over the mentions in report order: the headline figures stay `trust.grade`'s, never recomputed here.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .models import Count, Mention

COUNTED = ("killed", "injured", "launched", "intercepted")
_RANK = {"site": 0, "city": 1, "region": 2, "country": 3, "unknown": 4}


@dataclass(frozen=True)
class Version:
    """One document's word on one field: its value and the passage that gave it."""

    value: object
    doc: str
    published: str | None
    quote: str
    rank: int = 0  # a place's precision (0 = a site); a coarser place never replaces a finer one


def figure_history(mentions: Iterable[Mention], key: Callable[[Mention], tuple]) -> tuple[dict, list[dict]]:
    """`revisions` and `corrections` of an event from its mentions, read document by document in report
    order (`key`: the canonical mention order, publication date first). A document is one version of a
    field: its figures are what it says, not revisions of itself."""
    docs: dict[str, list[Mention]] = {}
    for m in sorted(mentions, key=key):
        docs.setdefault(m.doc, []).append(m)
    readers: dict[str, Callable[[list[Mention]], Version | None]] = {
        **{name: _count_reader(name) for name in COUNTED}, "weapon": _weapon_version, "place": _place_version}
    revisions: dict[str, dict] = {}
    changes: list[tuple[int, int, dict]] = []
    for order, (name, read) in enumerate(readers.items()):
        versions = [v for ms in docs.values() if (v := read(ms)) is not None]
        moves = _moves(name, versions)
        if moves:
            first = versions[0]
            revisions[name] = {"first_reported": first.value, "current": moves[-1]["to"],
                               "first_doc": first.doc, "first_published": first.published}
            changes += [(list(docs).index(c["doc"]), order, c) for c in moves]
    return revisions, [c for _, _, c in sorted(changes, key=lambda t: t[:2])]


def _moves(name: str, versions: list[Version]) -> list[dict]:
    """Each change of a field's value from one version to a later one. A weapon accumulates (a later
    report names what the first did not know); a place only moves to one at least as precise; a count
    without a number never replaces one with a number."""
    if not versions:
        return []
    current, out = versions[0], []
    for v in versions[1:]:
        if name == "weapon":
            v = Version(_weapons_joined(current.value, v.value), v.doc, v.published, v.quote)
        if v.value == current.value or v.rank > current.rank or (name in COUNTED and _unnumbered(v, current)):
            continue
        out.append({"field": name, "from": current.value, "to": v.value, "doc": v.doc,
                    "published": v.published, "quote": v.quote})
        current = v
    return out


def _count_reader(name: str) -> Callable[[list[Mention]], Version | None]:
    def read(ms: list[Mention]) -> Version | None:
        """A document's figure: that of its first passage giving one (the lead, which reporters update)."""
        for m in sorted(ms, key=lambda m: m.evidence.start):
            count: Count | None = getattr(m, name)
            if count is not None:
                quote = count.evidence.quote if count.evidence else m.evidence.quote
                return Version(figure(count), m.doc, _day(m), quote)
        return None
    return read


def _weapon_version(ms: list[Mention]) -> Version:
    """The weapons a document names ("unknown" when it names none: "a powerful weapon")."""
    ms = sorted(ms, key=lambda m: m.evidence.start)
    named = next((m for m in ms if m.weapons), ms[0])
    weapons = sorted({w for m in ms for w in m.weapons})
    return Version(", ".join(weapons) or "unknown", named.doc, _day(named), named.evidence.quote)


def _place_version(ms: list[Mention]) -> Version | None:
    """The most precise place a document gives (the first such passage)."""
    placed = [m for m in ms if m.location or m.country]
    if not placed:
        return None
    m = min(placed, key=lambda m: (_RANK[m.geo_precision], m.evidence.start))
    return Version(m.location or m.country, m.doc, _day(m), m.evidence.quote, _RANK[m.geo_precision])


def _weapons_joined(before: object, after: object) -> str:
    names = {w for text in (before, after) for w in str(text).split(", ") if w != "unknown"}
    return ", ".join(sorted(names)) or "unknown"


def _unnumbered(v: Version, current: Version) -> bool:
    return not isinstance(v.value, int) and not _has_digit(v.value) and (
        isinstance(current.value, int) or _has_digit(current.value))


def _has_digit(value: object) -> bool:
    return any(ch.isdigit() for ch in str(value))


def figure(count: Count) -> int | str:
    """A count as one value: the number when it is exact ("none reported" is 0), else its words ("at least
    4", "5-8", "several")."""
    if count.value is not None and count.qualifier in (None, "none reported"):
        return count.value
    if count.value is not None or (count.low is not None and count.high is None):
        number = str(count.value if count.value is not None else count.low)
    elif count.low is not None:
        number = f"{count.low}-{count.high}"
    else:
        number = ""
    return " ".join(x for x in (count.qualifier, number) if x) or "an unstated number"


def _day(m: Mention) -> str | None:
    return m.published.isoformat() if m.published else None
