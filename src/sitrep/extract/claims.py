"""Claims: the running tallies and totals that officials and reporters give
("the 66th attack on US forces in Iraq and Syria since October 17", "over 143
attacks since Oct. 7", "2,500 US troops in Iraq"), extracted with their window
and region, and compared with the ledger's own count for that window.

A claim is not an event: it is a statement about many events, and a check on
the ledger's completeness.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from .dates import find_times
from ..lexicon import parse_count
from ..kb import KnowledgeBase
from ..models import CleanArticle, Claim, Event, Evidence
from ..rules import Rulebook
from .sentences import Sentence, split_sentences

def extract_claims(article: CleanArticle, kb: KnowledgeBase) -> list[Claim]:
    """Every tally and total the article states, with its window (`since`, `as_of`) and region."""
    doc = article.article
    ref = article.reference_date if article.reference_source in ("published", "url") else None
    sentences = split_sentences(article.text)
    as_of = _statement_date(sentences, ref, kb.rules) or ref
    claims: list[Claim] = []
    for sentence in sentences:
        claims.extend(_sentence_claims(doc.id, sentence, ref, as_of, kb, claims))
    return _unique(claims)


def _statement_date(sentences: list[Sentence], ref: dt.date | None, rules: Rulebook) -> dt.date | None:
    """Figures given at a briefing are as of the briefing: 'said during a Tuesday news conference'."""
    if ref is None:
        return None
    for sentence in sentences:
        for b in rules.regex("claim.briefing").finditer(sentence.text):
            for t in find_times(sentence.text, ref, rules):
                near = 0 <= b.start() - t.end <= 25
                if near and t.date and t.precision == "day" and 0 <= (ref - t.date).days <= 7:
                    return t.date
    return None


@dataclass
class _Claims:
    """The claims of one sentence, made with the window, date and region the sentence gives."""

    doc_id: str
    sentence: Sentence
    since: dt.date | None
    as_of: dt.date | None
    where: list[str]
    side: str | None
    out: list[Claim] = field(default_factory=list)

    def add(self, kind: str, m: re.Match, value: int, places=None, window=True) -> None:
        qualifier = " ".join((m.groupdict().get("q") or "").lower().split()) or None
        s = self.sentence
        self.out.append(Claim(
            id="", doc=self.doc_id, kind=kind, value=value, qualifier=qualifier,
            since=self.since if window else None, as_of=self.as_of,
            where=places if places is not None else self.where,
            target_affiliation=self.side if kind != "troop_level" else None,
            evidence=Evidence(doc=self.doc_id, start=s.start + m.start(), end=s.start + m.end(), quote=s.text,
                              rule=f"claim-{kind}")))


def _sentence_claims(doc_id: str, sentence: Sentence, ref, as_of, kb: KnowledgeBase, earlier: list[Claim]):
    s, rules = sentence.text, kb.rules
    if not (rules.regex("claim.candidate").search(s) and rules.regex("claim.any_number").search(s)):
        return []  # most sentences state no figure: skip the date and place work
    if _tells_one_day(s, ref, rules):
        return []  # "three drone attacks on Sunday": an event report, not a tally
    as_of = _as_of(s, ref, rules) or as_of
    explicit = _since(s, ref, rules)
    claims = _Claims(doc_id, sentence, explicit or _window_start(s, as_of, rules), as_of, _countries(s, kb),
                     "US" if rules.regex("claim.us_side").search(s) else None)
    _attack_counts(s, claims, kb)
    _casualty_counts(s, claims, rules)
    _troop_levels(s, claims, kb)
    return claims.out if explicit else _inherit_windows(claims.out, earlier)


def _attack_counts(s: str, claims: _Claims, kb: KnowledgeBase) -> None:
    """'the 66th attack since October 17', 'more than 170 attacks': running tallies of attacks."""
    rules = kb.rules
    # Sentence-wide cues, searched once: searched again for every figure, a sentence full of figures was quadratic.
    tally_context = bool(rules.regex("claim.tally_context").search(s))
    for m in rules.regex("claim.ordinal").finditer(s):
        n = _int(m.group("n"))
        if n is not None and n >= 2 and (claims.since or tally_context) and not _after_month(s, m.start(), rules):
            claims.add("attack_count", m, n)
    for m in rules.regex("claim.attack_total").finditer(s):
        if _after_month(s, m.start(), rules):
            continue  # "the August 15 attacks": a date
        n = _int(m.group("n"))
        if n is None:
            continue
        qualified_total = m.group("q") and n >= 10  # "the more than 140 attacks": a tally in itself
        if n >= 2 and not _is_year(m.group("n")) and (tally_context or qualified_total):
            claims.add("attack_count", m, n)
            _breakdown(s, m.end(), kb, lambda b, value, place: claims.add("attack_count", b, value, [place]))


def _casualty_counts(s: str, claims: _Claims, rules: Rulebook) -> None:
    """Tolls over many attacks ('62 injured in those attacks'): the same wording that keeps a figure out of
    an event's casualties (count.aggregate) makes it a claim."""
    tally = bool(rules.regex("claim.strong_tally").search(s) or rules.regex("count.aggregate").search(s)
                 or any(c.kind == "attack_count" for c in claims.out))
    if not tally:
        return
    for m in rules.regex("claim.injured_total").finditer(s):
        n = _int(m.group("n"))
        if n is not None and n >= 2:
            claims.add("injured_count", m, n)
    for m in [*rules.regex("claim.killed_after").finditer(s), *rules.regex("claim.killed_before").finditer(s)]:
        n = _int(m.group("n"))
        if n is not None and n >= 2:
            claims.add("killed_count", m, n)


def _troop_levels(s: str, claims: _Claims, kb: KnowledgeBase) -> None:
    """'about 2,500 U.S. troops are stationed in Iraq and 900 in Syria'."""
    rules = kb.rules
    if not rules.regex("claim.stationed").search(s):
        return
    for m in rules.regex("claim.troops").finditer(s):
        place, n = _first_country(m.group("rest"), kb), _int(m.group("n"))
        if n is None or not place:
            continue
        claims.add("troop_level", m, n, [place], window=False)
        more = rules.regex("claim.and_more").search(s, m.start("rest"))
        if more and more.start() - m.start("rest") < 40 and _int(more.group("n")) is not None:
            country = _first_country(s[more.end():more.end() + 30], kb)
            if country:
                claims.add("troop_level", more, _int(more.group("n")), [country], window=False)


def _after_month(s: str, at: int, rules: Rulebook) -> bool:
    """'the August 15 attacks': the figure at `at` is a day of a month. Only the few characters before it
    are searched: searching the whole prefix for every figure was quadratic in the sentence."""
    return bool(rules.regex("claim.month_before").search(s, max(0, at - 40), at))


def _breakdown(s: str, start: int, kb: KnowledgeBase, add) -> None:
    """'Of the 66 attacks, 32 occurred in Iraq, and 34 in Syria': per-country parts of a total."""
    for b in kb.rules.regex("claim.breakdown").finditer(s, start):
        country = _first_country(s[b.end():b.end() + 25], kb)
        value = _int(b.group("n"))
        if country and value is not None and not _is_year(b.group("n")):
            add(b, value, country)


def _inherit_windows(found: list[Claim], earlier: list[Claim]) -> list[Claim]:
    """A breakdown ('Of the 66 attacks in the past month, ...') shares the window of the total it breaks down."""
    totals = {x.value for x in found if x.kind == "attack_count"}
    same_total = [e for e in earlier if e.since and e.kind == "attack_count" and e.value in totals]
    if same_total:
        for c in found:
            if c.kind != "troop_level":
                c.since = same_total[-1].since
    return found


def _tells_one_day(s: str, ref: dt.date | None, rules: Rulebook) -> bool:
    window_open = rules.regex("claim.window_open_before")
    for t in find_times(s, ref, rules):
        before = s[max(0, t.start - 12):t.start]
        if t.precision == "day" and not t.reporting and not window_open.search(before):
            return True
    return False


def _as_of(s: str, ref: dt.date | None, rules: Rulebook) -> dt.date | None:
    """'As of Friday, there had been more than 158 attacks': the figure's own date."""
    for t in find_times(s, ref, rules):
        if t.date and t.precision == "day" and rules.regex("claim.as_of").search(s[max(0, t.start - 8):t.start]):
            return t.date
    return None


def _window_start(s: str, as_of: dt.date | None, rules: Rulebook) -> dt.date | None:
    """'more than a dozen attacks over the last week': the window ends at the figure's date."""
    m = rules.regex("claim.window").search(s)
    if not m or as_of is None:
        return None
    unit = (m.group("units") or m.group("unit")).lower().rstrip("s")
    n = _int(m.group("n")) if m.group("n") else 1
    if n is None:
        return None
    try:
        return as_of - dt.timedelta(days=n * {"day": 1, "week": 7, "month": 30, "year": 365}[unit])
    except OverflowError:
        return None  # a window reaching before the calendar's first day


def _since(s: str, ref: dt.date | None, rules: Rulebook) -> dt.date | None:
    for t in find_times(s, ref, rules):
        if t.date and rules.regex("claim.since_before").search(s[max(0, t.start - 8):t.start]):
            return t.date
    return None


def _countries(s: str, kb: KnowledgeBase) -> list[str]:
    return sorted({m.entry.country for m in kb.place_matcher.find(s) if m.entry.kind == "country"
                   and m.entry.country not in ("US",)})


def _first_country(s: str, kb: KnowledgeBase) -> str | None:
    return next((m.entry.country for m in kb.place_matcher.find(s) if m.entry.kind == "country"), None)


def _int(raw: str) -> int | None:
    """The figure, or None for one too large to be a count (see lexicon.MAX_COUNT)."""
    return parse_count(raw)


def _is_year(raw: str) -> bool:
    return raw.isdigit() and len(raw) == 4 and 1900 <= int(raw) <= 2100


def _unique(claims: list[Claim]) -> list[Claim]:
    """One claim per (kind, value, region, window): a total restated in the next sentence is one claim."""
    out: dict[tuple, Claim] = {}
    for c in claims:
        key = (c.kind, c.value, tuple(c.where), c.since)
        if key not in out and not any(k[:3] == key[:3] and k[3] is None for k in out):
            c.id = "cl-" + hashlib.sha1(f"{c.doc}:{c.evidence.start}:{c.kind}:{c.value}".encode()).hexdigest()[:12]
            out[key] = c
    return list(out.values())


# --- comparison with the ledger ---------------------------------------------------------------

def compare(claim: Claim, events: Iterable[Event]) -> dict:
    """The ledger's own figure for the claim's window and region, and the difference (ledger - claim)."""
    if claim.kind not in ("attack_count", "injured_count", "killed_count"):
        return {"ledger": None, "difference": None, "note": "no ledger equivalent"}
    if claim.since is None or claim.as_of is None:
        return {"ledger": None, "difference": None, "note": "claim gives no window"}
    inside = [e for e in events if e.date and claim.since <= e.date <= claim.as_of
              and (not claim.where or e.country in claim.where)
              and (claim.target_affiliation is None or e.actor2_affiliation == claim.target_affiliation)
              and e.actor1_affiliation != claim.target_affiliation]
    if claim.kind == "attack_count":
        ledger = len(inside)
    else:
        key = "injured" if claim.kind == "injured_count" else "killed"
        ledger = sum(getattr(e, key) or 0 for e in inside)
    return {"ledger": ledger, "difference": ledger - claim.value, "events": [e.id for e in inside],
            "note": f"{len(inside)} ledger events from {claim.since} to {claim.as_of}"}
