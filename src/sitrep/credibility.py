"""Assess an article's credibility, with a human-readable reason for every flag.

Signals: non-reporting parts the cleaner removed (link spam, headline tails,
reader comments), text-generator artefacts, and office holders named with a
title they did not hold on the publication date (checked against the
date-bounded table in data/office_holders.csv). The outlet's Admiralty source
reliability (A-F) comes from data/outlets.csv.
"""
from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlparse

from .kb import KnowledgeBase, OfficeHolder, Outlet
from .models import CleanArticle, Mention

# Flags that make a document low-credibility on their own.
LOW_FLAGS = {"spam_links", "generated_text_artifacts", "unverified_officials"}

_TITLES = {
    "president": "president", "vice president": "vice_president", "prime minister": "prime_minister",
    "supreme leader": "supreme_leader", "defense secretary": "defence_minister",
    "defence secretary": "defence_minister", "secretary of defense": "defence_minister",
    "defense minister": "defence_minister", "defence minister": "defence_minister",
    "foreign minister": "foreign_minister", "secretary of state": "foreign_minister",
    "foreign policy chief": "foreign_policy_chief", "national security advisor": "national_security_advisor",
    "press secretary": "press_secretary",
}
# Not a rule: built from the _TITLES table above (theatre knowledge, which issue 9 moves to data/theatre.yaml).
_TITLE_RE = re.compile(
    r"\b(?P<title>(?i:" + "|".join(sorted((re.escape(t) for t in _TITLES), key=len, reverse=True)) + r"))\s+"
    r"(?P<name>(?:[A-Z][a-zA-Z'’-]+|[A-Z]\.)(?:\s+(?:[A-Z][a-zA-Z'’-]+|[A-Z]\.)){1,3})")
_COUNTRY_WORDS = {
    "US": r"U\.?S\.?|American|United\s+States|White\s+House|Washington|Pentagon",
    "IL": r"Israeli?|Israel's", "IR": r"Iranian|Iran's|Iran|Tehran", "EU": r"EU|European\s+Union|Europe",
    "GB": r"British|UK|U\.K\.|Britain", "IQ": r"Iraqi|Iraq's", "SY": r"Syrian", "JO": r"Jordanian|Jordan's",
    "QA": r"Qatari", "SA": r"Saudi", "LB": r"Lebanese",
}


def assess_article(clean: CleanArticle, kb: KnowledgeBase) -> dict:
    """{'credibility', 'flags', 'reasons': {flag: reason}, 'source_reliability'}."""
    reasons: dict[str, str] = {f.code: f.reason for f in clean.flags}
    generated = kb.rules.regex("credibility.generated_text")
    artefacts = sorted({m.group(0).strip() for m in generated.finditer(clean.article.raw_text)})
    if artefacts:
        reasons["generated_text_artifacts"] = "text-generator artefacts: " + ", ".join(repr(a) for a in artefacts[:4])
    if clean.article.published:
        invented, out_of_term = check_office_holders(clean.text, clean.article.published, kb.office_holders)
        if invented:
            reasons["unverified_officials"] = "; ".join(invented)
        if out_of_term:
            # A real holder quoted from an earlier date is stale, not invented: flagged, not low.
            reasons["office_holder_out_of_term"] = "; ".join(out_of_term)
    a = clean.article
    outlet = find_outlet(a.url, a.outlet, kb)
    reliability = outlet.reliability if outlet else "F"
    flags = sorted(reasons)
    return {"credibility": _level(flags, reliability), "flags": flags, "reasons": reasons, "source_reliability": reliability,
            "official": bool(outlet and outlet.kind == "official"), "outlet_key": outlet_key(a.url, a.outlet, kb)}


def assess_mentions(trust: dict, clean: CleanArticle, mentions: list[Mention]) -> dict:
    """Add the flags only extraction can see: events dated after the document was published, and
    quotes whose own date contradicts the event they were stitched under."""
    reasons = dict(trust["reasons"])
    published = clean.article.published
    if published:
        late = sorted({m.date for m in mentions if m.date and m.date_precision == "day"
                       and (m.date - published).days > 1})
        if late:
            reasons["event_after_publication"] = (f"dates events after its own publication ({published.isoformat()}): "
                                                  + ", ".join(d.isoformat() for d in late[:5]))
    conflicts = [(m, c) for m in mentions for c in m.date_conflicts]
    if conflicts:
        reasons["quote_date_contradiction"] = "; ".join(
            f"{_short(c.quote)!r} is dated otherwise than the {m.date.isoformat()} event it is told with"
            for m, c in conflicts[:3])
    flags = sorted(reasons)
    return {**trust, "credibility": _level(flags, trust["source_reliability"]), "flags": flags, "reasons": reasons}


def _level(flags: list[str], reliability: str) -> str:
    return "low" if LOW_FLAGS & set(flags) else ("high" if reliability == "A" else "normal")


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def check_office_holders(text: str, on: dt.date, holders: list[OfficeHolder]) -> tuple[list[str], list[str]]:
    """Titles given to people who did not hold them on `on`: (invented names, real names out of term)."""
    problems, stale = [], []
    aliases = _alias_keys(holders)
    for m in _TITLE_RE.finditer(text):
        office = _TITLES[" ".join(m.group("title").lower().split())]
        name = _trim_name(m.group("name"))
        if not name or len(name.split()) < 2:
            continue
        context = text[max(0, m.start() - 60):m.end() + 40]
        country = _country_of(context, m.start() - max(0, m.start() - 60))
        person = _find_person(name, aliases)
        if person:
            terms = [h for h in holders if h.person == person and h.office == office]
            if terms and not any(_held(h, on) for h in terms):
                stale.append(f"{m.group('title')} {name}: {person} did not hold that office on {on.isoformat()}")
            continue
        if country is None:
            continue
        actual = [h for h in holders if h.office == office and h.country == country and _held(h, on)]
        if actual:
            who = " or ".join(sorted({h.person for h in actual}))
            problems.append(f"'{m.group('title')} {name}' is not a known office holder: "
                            f"the {m.group('title').lower()} ({country}) on {on.isoformat()} was {who}")
    return problems, stale


def _trim_name(name: str) -> str:
    stop = {"the", "of", "on", "in", "and", "said", "convened", "expressed", "called", "stated"}
    words = []
    for w in name.split():
        if w.lower() in stop:
            break
        words.append(w)
    return " ".join(words)


def _country_of(context: str, title_at: int) -> str | None:
    before = context[:title_at + 1]
    after = context[title_at:]
    for code, pattern in _COUNTRY_WORDS.items():
        if re.search(rf"\b(?:{pattern})\W*\s*$", before[-25:]) or re.search(rf"\bof\s+(?:the\s+)?(?:{pattern})\b", after[:80]):
            return code
    for code, pattern in _COUNTRY_WORDS.items():
        if re.search(rf"(?:^|\n)\s*-?\s*(?:{pattern})\s*:", before) or re.search(rf"\b(?:{pattern})\b", context):
            return code
    return None


def _name_key(name: str) -> list[str]:
    return name.lower().replace(".", "").split()


def _alias_keys(holders: list[OfficeHolder]) -> list[tuple[list[str], str]]:
    """Every holder's names as word lists, computed once per text rather than once per title it names."""
    return [(_name_key(alias), h.person) for h in holders for alias in (h.person, *h.aliases) if _name_key(alias)]


def _find_person(name: str, aliases: list[tuple[list[str], str]]) -> str | None:
    key = _name_key(name)
    for a, person in aliases:
        if a == key or (len(key) >= 2 and key[-1] == a[-1] and key[0] == a[0]):
            return person
    return None


def _held(h: OfficeHolder, on: dt.date) -> bool:
    return h.valid_from <= on and (h.valid_to is None or on <= h.valid_to)


def find_outlet(url: str | None, outlet: str | None, kb: KnowledgeBase) -> Outlet | None:
    """The outlet-table row (and with it the Admiralty source reliability A-F) of a document's publisher."""
    host = _host(url)
    for o in kb.outlets:
        if host and any(host == d or host.endswith("." + d) for d in o.domains):
            return o
        if outlet and outlet.lower() == o.outlet.lower():
            return o
    return None


def outlet_key(url: str | None, outlet: str | None, kb: KnowledgeBase) -> str | None:
    """The publisher, as one source: the outlet table's name, else the given outlet, else the web host."""
    known = find_outlet(url, outlet, kb)
    if known is not None:
        return None if known.kind == "aggregator" else known.outlet  # a link shortener publishes nothing
    return outlet or _host(url) or None


def _host(url: str | None) -> str:
    host = (urlparse(url).hostname or "").lower() if url else ""
    return host.removeprefix("www.")
