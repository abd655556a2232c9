"""Records as lines for people (the command line's `show`, `chain` and `document`): an event's fields,
counts and figures as sentences, its quotes with the rule that read them; a document's fields and
events. In: records from the ledger; out: lists of plain-text lines, never a Python dict."""
from __future__ import annotations

from .models import Count, Event, Evidence

QUOTE_CHARS = 160
COUNTED = ("killed", "injured", "launched", "intercepted", "impacts")


def date_label(e: Event) -> str:
    """A date as precise as it is known: '2024-02-03 (day)', '2024-02 (month)', '2024 (year)', '? (unknown)'.
    A month-precision date is stored as the month's first day; printing that day would claim a day."""
    if e.date is None:
        return f"? ({e.date_precision})"
    shown = {"month": e.date.isoformat()[:7], "year": str(e.date.year)}.get(e.date_precision, e.date.isoformat())
    return f"{shown} ({e.date_precision})"


def event_line(e: Event) -> str:
    return (f"{e.id}  {date_label(e)}  {e.location or e.country or '?'}  "
            f"{e.actor1 or '?'} -> {e.actor2 or '?'}  [{e.status}]")


def event_lines(e: Event) -> list[str]:
    g = e.credibility
    lines = [f"{e.id}  status: {e.status}  credibility: {g.level if g else '?'} (Admiralty "
             f"{g.source_reliability if g else '?'}{g.information if g else '?'}: {g.reason if g else ''})"]
    fields = {
        "date": e.date and f"{date_label(e)[:-1]} precision){f', {e.time}' if e.time else ''}",
        "place": e.location and f"{e.location}{f', {e.country}' if e.country else ''} ({e.geo_precision})",
        "coordinates": e.lat is not None and f"{e.lat}, {e.lon}",
        "type": e.sub_event_type,
        "attacker": e.actor1 and _actor(e.actor1, e.actor1_affiliation),
        "target": e.actor2 and _actor(e.actor2, e.actor2_affiliation),
        "claimed by": e.claimed_by,
        "weapons": ", ".join([*e.weapons, *e.weapon_models]),
        "defences": ", ".join(e.defences),
        "killed": _n(e.killed), "injured": _n(e.injured),
        "launched": _count(e.launched),
        "intercepted": _count(e.intercepted, of=e.launched, by=e.defences),
        "impacts": _count(e.impacts, of=e.launched),
        "damage": e.damage, "operation": e.operation, "landmark": e.landmark,
        "answers": ", ".join(e.responds_to),
    }
    lines += [f"{name}: {value}{_value_rules(e, name)}" for name, value in fields.items() if value]
    lines += revision_lines(e)
    for key in COUNTED:
        lines += _evolution(key, e.casualties.get(key) or e.counts.get(key) or {})
    lines.append("sources and quotes:")
    for m in e.mentions:
        lines.append(f"  [{m.doc} {m.evidence.start}-{m.evidence.end}] {m.evidence.quote}{_rule(m.evidence)}")
        lines += [f"    detail: {x.quote}{_rule(x)}" for x in m.extra_evidence]
        lines += [f"    not attached, dated otherwise: {c.quote}" for c in m.date_conflicts]
    return lines


def document_lines(doc: dict, events: list[Event]) -> list[str]:
    reasons = doc.get("reasons") or {}
    fields = {
        "title": doc.get("title"), "outlet": doc.get("outlet"), "url": doc.get("url"),
        "published": doc.get("published") or "not given",
        "dated from": doc.get("reference_date") and f"{doc['reference_date']} ({doc.get('reference_source')})",
        "credibility": f"{doc.get('credibility')} (source reliability {doc.get('source_reliability') or '?'})",
        "why": "; ".join(f"{k}: {v}" for k, v in reasons.items()) if isinstance(reasons, dict) else str(reasons),
        "flags": "; ".join(f"{f.get('code')}: {f.get('reason')}" for f in doc.get("flags") or []),
        "passages removed": doc.get("removed") or None,
    }
    lines = [doc["id"], *(f"{name}: {value}" for name, value in fields.items() if value)]
    lines.append(f"events: {len(events)}" if events else "events: none (no attack was read in this document)")
    lines += [f"  {event_line(e)}" for e in events]
    return lines


def history_lines(versions: list[dict]) -> list[str]:
    """A document's earlier versions, those `ingest --replace` replaced, oldest first."""
    if not versions:
        return []
    lines = [f"history: {len(versions)} earlier version{'s' if len(versions) > 1 else ''}"]
    for v in versions:
        described = ", ".join(filter(None, (v.get("title"), v.get("published") and f"published {v['published']}")))
        lines.append(f"  replaced {v['replaced_at']} (ingested {v['ingested_at']}): {v['mentions']} mentions in "
                     f"{len(v['events'])} events, content {v['content_hash'][:12]}" + (f"; {described}" if described else ""))
    return lines


def ingest_lines(report) -> list[str]:
    """The ingest summary (`IngestReport`): documents, mentions with the undated ones, what was dropped."""
    r = report
    lines = [f"documents read: {r.read}, stored: {r.stored}, replaced: {r.replaced}, unchanged: {r.unchanged}, "
             f"rejected: {len(r.rejected)}",
             f"mentions: {r.mentions} (undated: {r.undated}), events new: {r.events_new}, updated: {r.events_updated}"
             + (f", removed: {r.events_removed}" if r.events_removed else "")]
    if r.undated_documents:
        lines.append(f"undated documents: {r.undated_documents} (no publication date and none in the text: their "
                     "events are kept undated; give --published to date them)")
    if r.without_mentions:
        shown = ", ".join(r.without_mentions[:10]) + (", ..." if len(r.without_mentions) > 10 else "")
        lines.append(f"documents with no attack mention: {len(r.without_mentions)} ({shown})")
    lines += [f"mentions dropped: {n} ({reason})" for reason, n in sorted(r.dropped.items())]
    lines += [f"  rejected {x.source}: {x.reason}" for x in r.rejected]
    return lines


def clip(text: str, limit: int = QUOTE_CHARS) -> str:
    """At most `limit` characters, cut at a word boundary with "…", never mid-word."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
    return cut.rstrip(" ,;:") + "…"


def revision_lines(e: Event) -> list[str]:
    """One line per figure that changed across reports: "killed: 3 → 6 (first reported 3 by a.txt on
    2026-03-02; 6 by b.txt on 2026-03-03)", in the order the changes were reported."""
    lines = []
    for name, revision in e.revisions.items():
        steps = [c for c in e.corrections if c.get("field") == name]
        first = revision.get("first_reported")
        chain = " → ".join(str(v) for v in [first, *(c.get("to") for c in steps)])
        said = [f"first reported {first}{_by(revision.get('first_doc'), revision.get('first_published'))}"]
        said += [f"{c.get('to')}{_by(c.get('doc'), c.get('published'))}" for c in steps]
        lines.append(f"  {name}: {chain} ({'; '.join(said)})")
    return ["figures revised across reports:", *lines] if lines else []


def _by(doc: str | None, published: str | None) -> str:
    return f" by {doc or '?'} on {published or 'an unstated date'}"


def _evolution(key: str, summary: dict) -> list[str]:
    """How a figure evolved across reports, one sentence per report in publication order."""
    if not summary.get("values"):
        return []
    spread = (f"between {summary['low']} and {summary['high']}" if summary.get("low") != summary.get("high")
              else f"{summary['low']} in every report")
    lines = [f"{key} across reports: {summary['best'] if summary.get('best') is not None else 'unknown'} "
             f"(reports give {spread}; chosen by {summary.get('rule') or 'no rule'})"]
    for v in summary["values"]:
        figure = v["value"] if v.get("value") is not None else (
            f"{v['low']}-{v['high']}" if v.get("low") is not None and v.get("high") is not None else "an unstated number")
        said = " ".join(str(x) for x in (v.get("qualifier"), figure, v.get("who")) if x)
        marks = "".join(f", {m}" for m, on in (("official", v.get("official")),
                                               ("low credibility", v.get("low_credibility"))) if on)
        lines.append(f"  {v.get('published') or 'undated'}: {said}, says {v['doc']}{marks}")
        lines.append(f"      \"{clip(v.get('quote') or '')}\"")
    return lines


def _count(count: Count | None, of: Count | None = None, by: list[str] | None = None) -> str | None:
    """"2 of at least 5, by C-RAM (ex3)": a count as a sentence, with what it is a part of and its source."""
    if count is None:
        return None
    text = _figure(count)
    if of is not None:
        text += f" of {_figure(of)}"
    if by:
        text += f", by {', '.join(by)}"
    if count.evidence is not None:
        text += f" ({count.evidence.doc})"
    return text


def _figure(count: Count) -> str:
    if count.value is not None:
        number = str(count.value)
    elif count.low is not None and count.high is not None:
        number = f"{count.low}-{count.high}"
    elif count.low is not None:
        number = str(count.low) if count.qualifier else f"{count.low} or more"
    else:
        number = "an unstated number"
    return " ".join(x for x in (count.qualifier, number, count.who) if x)


def _actor(name: str, affiliation: str | None) -> str:
    return f"{name} ({affiliation})" if affiliation else name


# Which rules of a passage's evidence speak to which value: a passage is read by several rules at once
# (its trigger, its date, its counts), and each value names only its own.
FIELD_RULES = {
    "date": ("date.", "reference.", "timeline."), "killed": ("count.",), "injured": ("count.",),
    "launched": ("count.", "statement."), "intercepted": ("count.", "statement."), "impacts": ("count.",),
    "attacker": ("role.", "attribute.claim", "statement."), "target": ("role.", "statement."),
    "claimed by": ("attribute.claim",), "weapons": ("weapon.",), "operation": ("attribute.operation", "operation."),
    "landmark": ("response.killing", "operation."), "answers": ("response.",), "type": ("trigger.", "statement."),
}


def _value_rules(e: Event, name: str) -> str:
    """The rules behind one value, gathered from every passage of the event."""
    if name == "place" and e.place_id:
        return f"  [gazetteer: {e.place_id}]"  # a place is a knowledge-base entry, found by name
    prefixes = FIELD_RULES.get(name)
    if not prefixes:
        return ""
    evidence = [ev for m in e.mentions for ev in (m.evidence, *m.extra_evidence)]
    found = dict.fromkeys(r for ev in evidence for r in ev.rule_ids if r.startswith(prefixes))
    return f"  [rules: {', '.join(found)}]" if found else ""


def _rule(evidence: Evidence) -> str:
    rules = list(getattr(evidence, "rule_ids", None) or []) or ([evidence.rule] if evidence.rule else [])
    return f"  [rule: {', '.join(rules)}]" if rules else ""


def _n(value) -> str:
    return "" if value is None else str(value)
