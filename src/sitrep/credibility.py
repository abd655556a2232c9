"""Assess an article's credibility, with a human-readable reason for every flag.

Signals: parts the cleaner removed (link spam, headline tails, comments), text-generator artefacts, office
holders named with a title they did not hold (data/office_holders.csv), and page signals (`assess_page`):
content-farm templates, copies, garbled text, partisan wording, a base placed in the wrong country. The
outlet's Admiralty source reliability (A-F) comes from data/outlets.csv.
"""
from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlparse

from .kb import KnowledgeBase, OfficeHolder, Outlet
from .lookalikes import squash, typosquat
from .models import CleanArticle, Mention
from .outlets import outlet_name

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
    reasons.update(assess_page(clean, kb, outlet))
    if "spam_links" in reasons and _names_places(clean, kb):
        # A bulleted list of known bases is the article's own list, not spam (cleaning reads link lists by
        # English words only, so a list in another language looks like spam to it).
        reasons["place_list"] = reasons.pop("spam_links").replace("unrelated link titles", "items naming known places")
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
    flags = set(flags)
    low = bool((LOW_FLAGS | STRONG_PAGE_FLAGS) & flags) or len(WEAK_PAGE_FLAGS & flags) >= 2
    return "low" if low else ("high" if reliability == "A" else "normal")


def _names_places(clean: CleanArticle, kb: KnowledgeBase) -> bool:
    """Most removed bullet items name a place of the knowledge base."""
    bullet = kb.rules.regex("clean.bullet")
    items = [line for line in clean.removed if bullet.match(line)]
    named = [line for line in items if kb.place_matcher.find(line)]
    return bool(items) and len(named) * 2 > len(items)


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
    """Every holder's names as word lists, computed once per table rather than once per text."""
    return _per_table(holders, "aliases", lambda: [
        (_name_key(alias), h.person) for h in holders for alias in (h.person, *h.aliases) if _name_key(alias)])


# id(table) -> (the table, {what: value}): what is computed from a knowledge base's table (read once, never
# changed in place) is kept with it. The table itself is held, so its id is not reused by another.
_TABLES: dict[int, tuple[list, dict]] = {}


def _per_table(table: list, what: str, compute):
    held = _TABLES.get(id(table))
    if held is None or held[0] is not table:
        held = _TABLES[id(table)] = (table, {})
    if what not in held[1]:
        held[1][what] = compute()
    return held[1][what]


def _find_person(name: str, aliases: list[tuple[list[str], str]]) -> str | None:
    key = _name_key(name)
    for a, person in aliases:
        if a == key or (len(key) >= 2 and key[-1] == a[-1] and key[0] == a[0]):
            return person
    return None


def _held(h: OfficeHolder, on: dt.date) -> bool:
    return h.valid_from <= on and (h.valid_to is None or on <= h.valid_to)


def find_outlet(url: str | None, outlet: str | None, kb: KnowledgeBase) -> Outlet | None:
    """The outlet-table row (and with it the Admiralty source reliability A-F) of a document's publisher:
    by the address's domain, else by the outlet's name (a text pasted with no address names its outlet)."""
    found = _per_table(kb.outlets, "found", dict)  # (host, outlet) -> row: a corpus has few publishers
    key = (_host(url), outlet or "")
    row = found.get(key, found)  # one read (another thread may empty it); the memo itself is "not there"
    if row is found:
        if len(found) >= 4096:
            found.clear()
        row = found[key] = _outlet_row(*key, kb.outlets)
    return row


def _outlet_row(host: str, outlet: str, outlets: list[Outlet]) -> Outlet | None:
    for o in outlets if host else ():
        if any(host == d or host.endswith("." + d) for d in o.domains):
            return o
    name = outlet_name(outlet)
    # Reversed: the first row of a name wins, as a scan from the top finds it.
    by_name = _per_table(outlets, "by_name", lambda: {outlet_name(o.outlet): o for o in reversed(outlets)})
    return by_name.get(name) if name else None


def outlet_key(url: str | None, outlet: str | None, kb: KnowledgeBase) -> str | None:
    """The publisher, as one source: the outlet table's name, else the given outlet, else the web host."""
    known = find_outlet(url, outlet, kb)
    if known is not None:
        return None if known.kind == "aggregator" else known.outlet  # a link shortener publishes nothing
    return outlet or _host(url) or None


def _host(url: str | None) -> str:
    host = (urlparse(url).hostname or "").lower() if url else ""
    return host.removeprefix("www.")


# Page signals. A strong one makes a page low by itself; a weak one is a flag and a lowered
# standing, and two different weak ones together make it low (one slip is not a content farm).
STRONG_PAGE_FLAGS = {"typosquat_domain", "disinformation_network", "offtopic_teasers", "copied_reporting",
                     "scraped_title", "garbled_text", "scrambled_citations"}
WEAK_PAGE_FLAGS = {"glued_words", "repeated_passage", "self_branded_slug", "partisan_framing", "base_misplaced"}
# Substack is left out: its pages are newsletters of named authors who cite wires ("told Reuters") as sources.
_SELF_PUBLISHING = ("medium.com", "blogspot.com", "wordpress.com")


def assess_page(clean: CleanArticle, kb: KnowledgeBase, outlet: Outlet | None) -> dict[str, str]:
    """{flag: reason} for the signs of a content farm, a copy, a garbled text, partisan wording and factual
    errors against the knowledge base."""
    a, reasons = clean.article, {}
    host = _host(a.url)
    checks = [
        ("typosquat_domain", lambda: typosquat(host, kb)),
        ("disinformation_network", lambda: _disinformation(outlet)),
        ("offtopic_teasers", lambda: _offtopic_teasers(a.raw_text, kb)),
        ("copied_reporting", lambda: _copied_reporting(host, outlet, clean.text, kb)),
        ("repeated_passage", lambda: _repeated_passage(a.raw_text, kb)),
        ("scrambled_citations", lambda: _scrambled_citations(a.raw_text, kb)),
        ("partisan_framing", lambda: _partisan_framing(clean.text, kb)),
        ("base_misplaced", lambda: _misplaced_bases(clean.text, kb)),
    ]
    for code, check in checks:
        if reason := check():
            reasons[code] = reason
    reasons.update(_slug_signals(a.url, host, outlet, kb))
    reasons.update(_glued_words(a.raw_text, kb))
    return reasons


def _disinformation(outlet: Outlet | None) -> str | None:
    if outlet and outlet.kind == "disinformation_network":
        return f"{outlet.outlet} is a documented network that republishes state propaganda at volume"
    return None


def _offtopic_teasers(raw: str, kb: KnowledgeBase) -> str | None:
    """A teaser block ('Most Popular') whose excerpts are about anything but the conflict: a content farm's
    template filling the page with unrelated (often promotional) posts."""
    marker = kb.rules.regex("credibility.teaser_marker").search(raw)
    if not marker:
        return None
    ending, topical = kb.rules.regex("credibility.teaser_ending"), kb.rules.regex("clean.topical")
    teasers = [l.strip() for l in raw[marker.end():].splitlines() if ending.search(l)]
    offtopic = [t for t in teasers if not topical.search(t)]
    if len(offtopic) < 2 or len(offtopic) < len(teasers) / 2:
        return None
    return (f"a {marker.group(0).strip()!r} block of {len(offtopic)} teasers unrelated to the conflict: "
            + ", ".join(repr(_short(t, 50)) for t in offtopic[:3]))


def _copied_reporting(host: str, outlet: Outlet | None, text: str, kb: KnowledgeBase) -> str | None:
    """A personal page on a self-publishing platform whose text is another outlet's reporting ('a source
    told Kurdistan 24'): a copy under someone else's name, of unknown fidelity."""
    personal = any(host.endswith("." + d) for d in _SELF_PUBLISHING)
    if not personal or kb.rules.regex("credibility.credit_line").search(text):
        return None
    for m in kb.rules.regex("credibility.told_outlet").finditer(text):
        named = find_outlet(None, m.group("outlet"), kb) or _outlet_prefix(m.group("outlet"), kb)
        if named is not None and named is not outlet and named.kind != "blog":
            return f"a personal page ({host}) carries {named.outlet}'s own reporting ({m.group(0)!r})"
    return None


def _outlet_prefix(words: str, kb: KnowledgeBase) -> Outlet | None:
    """The outlet a run of capitalised words starts with ('Kurdistan 24 that ...' -> Kurdistan24)."""
    squashed = squash(words)
    for o in kb.outlets:
        name = squash(o.outlet)
        if len(name) >= 4 and squashed.startswith(name):
            return o
    return None


def _repeated_passage(raw: str, kb: KnowledgeBase) -> str | None:
    """Two consecutive long sentences printed again: a paragraph spliced in twice by a spinner or scraper.
    A standfirst printed again as the lead, or a photo caption repeated, is one sentence and layout."""
    first: dict[str, int] = {}
    repeated: list[int] = []
    sentences = [s.lower().split() for s in kb.rules.regex("credibility.sentence_break").split(raw)]
    for i, words in enumerate(s for s in sentences if len(s) >= 12):
        key = " ".join(words[:12])  # a prefix: the second copy may be cut short by the excerpt
        if key in first:
            repeated.append(first[key])
        else:
            first[key] = i
    paragraph = sorted(i for i in set(repeated) if i + 1 in repeated)
    if not paragraph:
        return None
    text = next(k for k, i in first.items() if i == paragraph[0])
    return f"a paragraph is printed twice ({_short(text, 60)!r} and the sentence after it)"


def _scrambled_citations(raw: str, kb: KnowledgeBase) -> str | None:
    """Citation markers leading the lines, out of order: a wiki copy cut at its markers and shuffled, its
    sentences parted from their dates and sources."""
    numbers = [int(m.group("n")) for m in kb.rules.regex("credibility.leading_citation").finditer(raw)]
    descents = sum(b < a for a, b in zip(numbers, numbers[1:]))
    if len(numbers) < 3 or not descents:
        return None
    return f"{len(numbers)} lines open with a citation marker, out of order ({', '.join(map(str, numbers[:8]))})"


def _partisan_framing(text: str, kb: KnowledgeBase) -> str | None:
    """One side's vocabulary in the page's own voice (outside quotation marks)."""
    own_voice = kb.rules.regex("credibility.quoted").sub(" ", text)
    found = sorted({" ".join(m.group(0).split()) for m in kb.rules.regex("credibility.partisan_framing").finditer(own_voice)})
    if not found:
        return None
    return "partisan wording in the page's own voice: " + ", ".join(repr(f) for f in found[:4])


def _misplaced_bases(text: str, kb: KnowledgeBase) -> str | None:
    """A known base placed in a country other than the one the knowledge base has it in
    ('Ain al-Asad air base in Syria'): a factual error."""
    placed_in, errors = kb.rules.regex("credibility.placed_in"), []
    for m in kb.place_matcher.find(text):
        base = m.entry
        if base.kind != "base":
            continue
        after = placed_in.match(text[m.end:m.end + 80])
        if not after:
            continue
        at = m.end + after.end()
        country = next(iter(kb.place_matcher.find(text, at, at + 40)), None)
        if country is None or country.start != at or country.entry.kind != "country":
            continue
        if country.entry.country != base.country:
            errors.append(f"{m.text!r} placed in {country.text}; the knowledge base has {base.name} in "
                          f"{kb.country(base.country).name if kb.country(base.country) else base.country}")
    return "; ".join(dict.fromkeys(errors)) or None


def _slug_signals(url: str | None, host: str, outlet: Outlet | None, kb: KnowledgeBase) -> dict[str, str]:
    """The last part of the address names an outlet: another's ('...-abc-news', a title scraped with its
    source's suffix) or the site's own ('...-sitename-blog', a title stuffed for search engines)."""
    if not url or not host or (outlet and outlet.kind == "aggregator"):  # syndication is an aggregator's trade
        return {}
    slug = (urlparse(url).path.rstrip("/").rsplit("/", 1)[-1]).lower()
    words = [w for w in slug.replace("_", "-").split("-") if w]
    if len(words) < 4:
        return {}
    for o in kb.outlets:
        if o is outlet or o.kind in ("aggregator", "blog"):
            continue
        name = squash(o.outlet)
        if len(name) >= 6 and _title_suffix(words, name, kb):
            return {"scraped_title": f"the address ends with another outlet's name ({o.outlet}): "
                                     f"a copy of its story under its title"}
    brand = squash(host.split(".")[-2] if host.count(".") else host)
    if len(brand) >= 6 and brand in "".join(words[1:]):
        return {"self_branded_slug": f"the address repeats the site's own name ({brand}) in the article slug"}
    return {}


def _title_suffix(words: list[str], name: str, kb: KnowledgeBase) -> bool:
    """The slug ends with the outlet's name as whole words, not as the one spoken to ('...-tells-al-jazeera')."""
    k = next((k for k in range(1, 5) if "".join(words[-k:]) == name), 0)
    return 0 < k < len(words) and not kb.rules.regex("credibility.slug_attribution").match(words[-k - 1])


def _glued_words(raw: str, kb: KnowledgeBase) -> dict[str, str]:
    """Words run together: once may be a typo (weak); three different ones mean a machine-made text."""
    found = sorted({m.group(0) for m in kb.rules.regex("credibility.glued_words").finditer(raw)})
    if not found:
        return {}
    code = "garbled_text" if len(found) >= 3 else "glued_words"
    return {code: "words run together: " + ", ".join(repr(f) for f in found[:5])}
