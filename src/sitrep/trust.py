"""Stage 4b, trust: grade events by their sources, after resolve and before store.

An event's *status* says how far it is established: `reported` (one source),
`corroborated` (independent sources agree), `confirmed` (a party to the
conflict said so: an official outlet, a statement attributed to CENTCOM or the
Pentagon, a host nation's ministry on its own territory, a claim of
responsibility), `disputed` (a source says it happened and a party denies it:
both statements are kept in `field_sources["status"]`). Copies of the same wire
text, and articles of the same outlet, are one source, not several.
Low-credibility documents never raise an event above `reported`.

Its *credibility* follows the Admiralty grading analysts use: the best source
reliability (A-F) of its sources, and an information credibility 1-6 from
corroboration.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash, MinHashLSH

from .models import Assessment, Count, Event, Mention

COPY_THRESHOLD = 0.7  # estimated Jaccard of word 5-shingles above which two texts are one wire copy
_PERMUTATIONS = 64
_SCHEME = "affine64"  # stored signatures must be compared under the scheme that made them

# Who speaks for a party: a mention whose sentence cites one is an official statement. Not a rule yet: trust
# grades events without the kb; it becomes one when the assessment is a typed stage given the kb (issue 9).
OFFICIAL_ATTRIBUTION = re.compile(
    r"\b(?:(?:U\.?S\.?\s+)?Central\s+Command|CENTCOM|the\s+Pentagon|Pentagon\s+(?:spokes\w+|press\s+secretary)|"
    r"(?:Department|Dept\.?)\s+of\s+Defen[cs]e|Defen[cs]e\s+Department|Defen[cs]e\s+Secretary|"
    r"Secretary\s+of\s+Defen[cs]e|the\s+White\s+House|White\s+House\s+(?:spokes\w+|press\s+secretary|"
    r"national\s+security\s+spokes\w+)|Operation\s+Inherent\s+Resolve|Joint\s+Operations\s+Command|"
    r"Security\s+Media\s+Cell|the\s+IRGC|Revolutionary\s+Guards?|Islamic\s+Resistance\s+in\s+Iraq)\b"
    r"[^.;]{0,60}?\b(?:said|says|stated|announced|confirmed|reported|claimed|acknowledged|added)\b"
    r"|\b(?:according\s+to|a\s+statement\s+(?:from|by))\s+(?:the\s+)?(?:U\.?S\.?\s+)?(?:Central\s+Command|CENTCOM|"
    r"Pentagon|Defen[cs]e\s+Department|Department\s+of\s+Defen[cs]e|White\s+House|IRGC|Revolutionary\s+Guards?)\b"
    r"|^\W*(?:At\s+my\s+direction|I\s+directed)\b", re.I)


OFFICIAL_RULE = "statement.official"  # the rule id extraction gives a host nation's statement on its territory


@dataclass(frozen=True)
class SourceInfo:
    """What grading needs to know of one document."""

    doc: str
    credibility: str  # low / normal / high
    reliability: str  # Admiralty A-F
    official: bool  # published by a party (outlet kind `official`)
    outlet: str | None  # the publisher, if known
    copy_group: str  # documents that are copies of one text share it


def signature(text: str) -> list[int]:
    """A MinHash of the text's word 5-shingles: equal texts give equal signatures, near copies near ones."""
    words = re.findall(r"\w+", text.lower())
    shingles = {" ".join(words[i:i + 5]) for i in range(max(1, len(words) - 4))}
    mh = MinHash(num_perm=_PERMUTATIONS, seed=7, scheme=_SCHEME)
    mh.update_batch(s.encode("utf-8", "surrogatepass") for s in shingles)  # a lone surrogate is still text
    return [int(v) for v in mh.hashvalues]


class CopyIndex:
    """Groups documents that are copies of one text (wire copy run by several outlets)."""

    def __init__(self):
        self._lsh = MinHashLSH(threshold=COPY_THRESHOLD, num_perm=_PERMUTATIONS)
        self._group: dict[str, str] = {}
        # Drawn once: a MinHash rebuilt from stored values would otherwise draw them again for each document.
        self._permutations = MinHash(num_perm=_PERMUTATIONS, seed=7, scheme=_SCHEME).permutations

    def add(self, doc: str, sig: list[int], group: str | None = None) -> str:
        """Index a document; return its group: an earlier copy's group, or its own id."""
        mh = _minhash(sig, self._permutations)
        if group is None:
            copies = sorted(self._lsh.query(mh))
            group = self._group[copies[0]] if copies else doc
        if doc not in self._group:
            self._lsh.insert(doc, mh)
        self._group[doc] = group
        return group


def _minhash(sig: list[int], permutations) -> MinHash:
    return MinHash(num_perm=_PERMUTATIONS, seed=7, hashvalues=np.array(sig, dtype=np.uint64), scheme=_SCHEME,
                   permutations=permutations)


def independent_groups(infos: Iterable[SourceInfo]) -> dict[str, str]:
    """doc -> its source: documents of one outlet, and copies of one text, are one source
    (connected components of 'same outlet' and 'same copy group')."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    infos = list(infos)
    for s in infos:
        keys = [f"copy:{s.copy_group}"] + ([f"outlet:{s.outlet.lower()}"] if s.outlet else [])
        for key in keys:
            parent[find(key)] = find(f"doc:{s.doc}")
    return {s.doc: find(f"doc:{s.doc}") for s in infos}


def grade(event: Event, sources: dict[str, SourceInfo]) -> Event:
    """Set the event's status, Admiralty credibility and headline casualty figures from its sources."""
    affirming = [m for m in event.mentions if m.statement is None]
    infos = [sources[d] for d in dict.fromkeys(m.doc for m in affirming) if d in sources]
    usable = [s for s in infos if s.credibility != "low"]
    official_docs = {m.doc for m in affirming if _official(m, sources.get(m.doc))}
    group_of = independent_groups(infos)
    groups = {group_of[s.doc] for s in usable}
    denials = [m for m in event.mentions if m.statement == "denial" and _usable(sources.get(m.doc))]
    if denials and usable:
        event.status = "disputed"
    elif any(s.doc in official_docs for s in usable):
        event.status = "confirmed"
    elif len(groups) >= 2:
        event.status = "corroborated"
    else:
        event.status = "reported"
    event.credibility = _admiralty(event.status, infos, usable, len(groups))
    for key in ("killed", "injured"):
        event.casualties[key] = casualty_summary(event.mentions, key, sources, official_docs, group_of)
    event.counts = {key: casualty_summary(event.mentions, key, sources, official_docs, group_of)
                    for key in ("launched", "intercepted", "impacts")
                    if any(getattr(m, key) is not None for m in event.mentions)}
    event.killed = event.casualties["killed"]["best"]
    event.injured = event.casualties["injured"]["best"]
    event.field_sources = field_sources(event)
    event.field_sources["status"] = _statements(affirming, official_docs, denials)
    if not event.field_sources["status"]:
        del event.field_sources["status"]
    return event


def _usable(info: SourceInfo | None) -> bool:
    return info is None or info.credibility != "low"


def _statements(affirming: list[Mention], official_docs: set[str], denials: list[Mention]) -> list[dict]:
    """The statements the status rests on: each official word that the attack happened (`affirms`) and
    each denial (`denies`), with its passage. A disputed event keeps both sides here."""
    out, seen = [], set()
    for stance, ms in (("affirms", [m for m in affirming if m.doc in official_docs]), ("denies", denials)):
        for m in ms:
            e = _spoken(m) if stance == "affirms" else m.evidence
            if (stance, e.doc, e.start) not in seen:
                seen.add((stance, e.doc, e.start))
                out.append({"doc": e.doc, "start": e.start, "end": e.end, "quote": e.quote, "stance": stance})
    return out


def _spoken(m: Mention):
    """The passage in which a party speaks of the attack, else the one that states it."""
    evidences = [m.evidence, *m.extra_evidence]
    return next((e for e in evidences if OFFICIAL_ATTRIBUTION.search(e.quote) or OFFICIAL_RULE in e.rule_ids),
                m.evidence)


def _official(mention: Mention, info: SourceInfo | None) -> bool:
    if info is not None and info.credibility == "low":
        return False
    if (info is not None and info.official) or mention.claimed_by:
        return True
    evidences = [mention.evidence, *mention.extra_evidence]
    # statement.official: a host nation's ministry speaking of its own territory (extract/statements.py).
    return any(OFFICIAL_ATTRIBUTION.search(e.quote) or OFFICIAL_RULE in e.rule_ids for e in evidences)


_RELIABILITY_ORDER = "ABCDEF"


def _admiralty(status: str, infos: list[SourceInfo], usable: list[SourceInfo], groups: int) -> Assessment:
    reliability = min((s.reliability for s in infos), key=_RELIABILITY_ORDER.index, default="F")
    if not usable:
        level = "low"
        info = 5 if infos else 6
        reason = ("only low-credibility sources: " + ", ".join(s.doc for s in infos)) if infos else "no source"
    elif status == "disputed":
        level, info = "normal", 4
        reason = f"disputed: {groups} independent source(s) say it happened, a party denies it"
    elif status == "confirmed":
        level, info = "high", 1 if groups >= 2 else 2
        reason = "a party's official statement" + (f" and {groups} independent sources" if groups >= 2 else "")
    elif status == "corroborated":
        level, info, reason = "normal", 2, f"{groups} independent sources agree"
    else:
        level = "normal"
        info = 3 if reliability in "ABC" else (4 if reliability in "DE" else 6)
        reason = f"a single source (reliability {reliability})"
    return Assessment(level=level, information=info, source_reliability=reliability, reason=reason,
                      sources=len(infos), independent_sources=groups)


def casualty_summary(ms: Iterable[Mention], key: str, sources: dict[str, SourceInfo] | None = None,
                     official_docs: set[str] = frozenset(), group_of: dict[str, str] | None = None) -> dict:
    """Every reported value with its source, publication date, qualifier and whether it is official.

    Headline (`best`), as ACLED codes: official figures over unofficial ones; for the same source, the
    later report over the earlier; of official figures, the latest report's (an official toll is revised:
    3 then 6 is 6); where unofficial sources, or official ones of one day, disagree, the lowest (conservative).
    A "none reported" zero gives way to a figure above zero reported the same day or later, by any source.
    Low-credibility sources count only when nothing else gives a figure. `low`/`high` span every figure,
    as UCDP's low and high estimates do.
    """
    sources = sources or {}
    values = []
    for m in ms:
        count: Count | None = getattr(m, key)
        if count is None:
            continue
        info = sources.get(m.doc)
        values.append({"value": count.value, "low": count.low, "qualifier": count.qualifier, "who": count.who,
                       "high": count.high, "doc": m.doc, "published": m.published.isoformat() if m.published else None,
                       "official": m.doc in official_docs,
                       "low_credibility": bool(info and info.credibility == "low"),
                       "source": (group_of or {}).get(m.doc, m.doc),
                       "quote": count.evidence.quote if count.evidence else m.evidence.quote})
    values.sort(key=lambda v: (v["published"] or "", v["doc"]))
    exact = [v for v in values if v["value"] is not None]
    trusted = [v for v in exact if not v["low_credibility"]] or exact
    trusted = _without_superseded_zeros(trusted)
    pool = [v for v in trusted if v["official"]] or trusted
    latest_per_source: dict[str, dict] = {}
    for v in pool:  # sorted by publication: the last one of a source is its latest word
        latest_per_source[v["source"]] = v
    official = bool(pool and pool[0]["official"])
    candidates = _headline_candidates(list(latest_per_source.values()), official)
    numbers = [n for v in values for n in (v["value"], v["low"], v["high"]) if n is not None]
    rule = ("official, latest report, lowest of its day" if official
            else "unofficial, latest per source, lowest across sources")
    return {"best": min(candidates) if candidates else None, "low": min(numbers) if numbers else None,
            "high": max(numbers) if numbers else None, "rule": rule, "values": values}


def _headline_candidates(latest: list[dict], official: bool) -> list[int]:
    """The figures the headline is the lowest of: each source's latest; of official figures only the latest
    report's (an official toll revised later is the later figure, the gold README: "a toll first given as
    three and revised to six is six"), official figures of one day that disagree giving the lowest."""
    if official and latest:
        last_day = max(v["published"] or "" for v in latest)
        latest = [v for v in latest if (v["published"] or "") == last_day]
    return [v["value"] for v in latest]


def _without_superseded_zeros(pool: list[dict]) -> list[dict]:
    """'No injuries were reported' says nobody had reported any yet: a figure above zero published the
    same day or later, by any source, supersedes it (early reports of no casualties are often revised)."""
    later = [v["published"] or "" for v in pool if v["value"]]
    return [v for v in pool if v["value"] or v["qualifier"] != "none reported"
            or not any(p >= (v["published"] or "") for p in later)]


def field_sources(event: Event) -> dict[str, list[dict]]:
    """For each exported field, the passages that gave it: {field: [{doc, start, end, quote}]}."""
    out: dict[str, list[dict]] = {}
    seen: set[tuple] = set()  # a set, not a search of the list: an event may have thousands of mentions

    def add(field: str, evidence) -> None:
        key = (field, evidence.doc, evidence.start, evidence.end, evidence.quote)
        if key not in seen:
            seen.add(key)
            out.setdefault(field, []).append({"doc": evidence.doc, "start": evidence.start, "end": evidence.end,
                                              "quote": evidence.quote})

    for m in event.mentions:
        for field in ("date", "location", "actor1", "actor2", "weapons", "operation", "damage", "claimed_by"):
            value = getattr(m, field if field != "date" else "date_text") if field != "weapons" else m.weapons
            if value:
                add(field, m.evidence if field in ("date", "location", "actor1", "actor2") else _detail(m, field))
        for field in ("killed", "injured", "launched", "intercepted", "impacts"):
            count = getattr(m, field)
            if count is not None:
                add(field, count.evidence or m.evidence)
    return out


def _detail(m: Mention, field: str):
    """The passage that carries a detail: the trigger sentence, or the detail sentence that added it."""
    needles = {"weapons": m.weapon_models or m.weapons, "operation": [m.operation or ""],
               "damage": [m.damage or ""], "claimed_by": ["claim"]}[field]
    for evidence in [m.evidence, *m.extra_evidence]:
        if any(n and n.lower().replace("_", " ") in evidence.quote.lower() for n in needles):
            return evidence
    return m.evidence
