"""One fill-in merge of what two records say of one attack, with each field's policy stated once (`POLICY`).

Assembly merges a detail sentence's facts into the mention it describes, a nearby located sentence's into
a dated one that borrows its place, and the dated mention's into a wave's further mention; resolution folds
an event's mentions, read in canonical order, into its headline values. All call `merge_facts`.

Not merged here, because they are choices among values rather than fill-ins: an event's date and place are
a vote over its mentions (the most precise, then the most told: resolve._Cluster, kept current as each
mention joins because matching reads them), its sides the first reported (the same cluster, which
applies the `_first` policy incrementally), and its attacker and target names the most specific its
mentions' own sentences give (resolve.summarise: a choice among peers, where a detail sentence only fills
a gap in its mention); a mention's place is replaced by a finer one (assemble.set_place); an event's
killed and injured are trust's headline figures among its mentions' counts (trust.grade).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import reduce
from typing import Any

from .models import Facts


def _first(kept, other):
    """The value first told; a later record only fills it in."""
    return kept if kept else other


def _count_more(kept, other):
    """'The strike killed two commanders. At least five other people were killed.': a figure of others
    (its people "other ...", "others", "additional ...") adds to the figure told, once; any other figure
    only fills it in."""
    words = (other.who or "").split() if other is not None else []
    if kept is None or kept.value is None or not words or words[0].lower() not in ("other", "others", "additional") \
            or other.value is None or other.who in (kept.who or ""):
        return _first(kept, other)
    value, floor = kept.value + other.value, kept.low is not None or other.low is not None
    return kept.model_copy(update={"value": value, "low": value if floor else None, "high": None,
                                   "qualifier": "at least" if floor else kept.qualifier,
                                   "who": f"{kept.who or kept.value} and {other.who}"})


def _union(kept: list, other: list) -> list:
    return sorted(set(kept) | set(other))


def _any(kept: bool, other: bool) -> bool:
    return kept or other


def _weapons(kept: list[str], other: list[str]) -> list[str]:
    """A union in which a kind named ("ballistic missiles") replaces a bare "missiles" (`unknown`)."""
    from .extract.weapons import merge_weapons  # the weapon taxonomy; extract imports this module
    return merge_weapons(kept, other)


def _clock_first(kept: str | None, other: str | None) -> str | None:
    """The first time told, but a clock time ("21:30") over a part of the day ("night")."""
    if not kept or (":" not in kept and other and ":" in other):
        return other or kept
    return kept


# field -> how a record's value and another's combine (the kept record's first). Fields a record type lacks
# are not named by its callers: an Event has no `responds_to_text`.
POLICY: dict[str, Callable[[Any, Any], Any]] = {
    "time": _clock_first,
    "weapons": _weapons,
    "weapon_models": _union,
    "defences": _union,
    # A detail sentence only names a side the mention lacks: its other parties are often who speaks for a
    # side ("the Pentagon said"), not who struck or was struck.
    "actor1": _first,
    "actor1_affiliation": _first,
    "actor2": _first,
    "actor2_affiliation": _first,
    "killed": _count_more,
    "injured": _count_more,
    "launched": _first,
    "intercepted": _first,
    "impacts": _first,
    "damage": _first,
    "claimed_by": _first,
    "operation": _first,
    "landmark": _first,
    "responds_to_text": _first,
    "friendly_fire": _any,
}

# What an attack sentence says of how it was done and what it did: lent only to the mention whose attack it
# tells (assemble: not a sentence about many attacks, nor about another time).
COUNTS = ("killed", "injured", "intercepted", "launched", "impacts")
WEAPONS_AND_COUNTS = ("weapons", "weapon_models", "defences", *COUNTS)

# What any detail sentence about a mention's attack lends it: its sides, time, damage, claim and operation.
DETAILS = ("damage", "operation", "time", "claimed_by", "actor1", "actor1_affiliation", "actor2",
           "actor2_affiliation", "responds_to_text")

# The headline values resolution takes from an event's mentions by this merge (its actor names it chooses,
# the most specific of its mentions': resolve.summarise).
EVENT_FIELDS = ("weapons", "weapon_models", "defences", "time", "launched", "intercepted",
                "impacts", "damage", "claimed_by", "operation", "landmark", "friendly_fire")


def merge_facts(into, other, fields: Iterable[str] = POLICY):
    """Merge `other`'s facts into `into` (changed and returned), field by field under `POLICY`. Either may be
    any record in the facts vocabulary: a Facts (Mention, Event) or a Frame. Values are replaced, never
    changed in place, so a record copied with `dataclasses.replace` does not share the merge."""
    for name in fields:
        setattr(into, name, POLICY[name](getattr(into, name), getattr(other, name)))
    return into


def merged(records: Iterable, fields: Iterable[str]) -> Facts:
    """The facts of `records` folded in order into a blank Facts (so `fields` are Facts fields): the first
    told, filled in by the later."""
    fields = tuple(fields)
    return reduce(lambda acc, record: merge_facts(acc, record, fields), records, Facts())
