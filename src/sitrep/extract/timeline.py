"""Timelines: the entries of a chronology, each read on its own.

A dated list ("DEC. 2 – ...", "Jan. 7: ...", or a date on a line of its own
above its entry) tells one event per entry. An entry is a *scope*: detail,
attackers and places are looked for inside it, never in the entry before.
A text with no entries is one scope.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, replace

from ..rules import Rulebook
from .dates import Reference, TimeExpression, find_times
from .sentences import Sentence


@dataclass(frozen=True)
class Scopes:
    """Where each scope of a text begins (character offsets, ascending; the first is 0)."""

    starts: tuple[int, ...] = (0,)

    def of(self, offset: int) -> int:
        """The start of the scope that holds `offset`."""
        return self.starts[bisect_right(self.starts, offset) - 1]

    def same(self, a: int, b: int) -> bool:
        return self.of(a) == self.of(b)


def scopes_of(sentences: list[Sentence], rules: Rulebook) -> Scopes:
    """A scope opens at each sentence that opens a timeline entry or is a date heading. One entry alone is
    not a timeline ('On March 14, ...' opens many an ordinary report), so at least two are needed."""
    entry, heading = rules.regex("timeline.entry"), rules.regex("timeline.heading")
    opens = [s.start for s in sentences if entry.match(s.text) or heading.match(s.text)]
    if len(opens) < 2:
        return Scopes()
    return Scopes(tuple(sorted({0, *opens})))


def heading_times(sentences: list[Sentence], refs: list[Reference | None],
                  rules: Rulebook) -> list[TimeExpression | None]:
    """For each sentence, the date of the heading line above it in its entry ('OCT. 17' alone on a line,
    then the entry), or None. The heading dates the entry's sentences that give no date of their own."""
    heading, out, current = rules.regex("timeline.heading"), [], None
    for sentence, ref in zip(sentences, refs):
        if heading.match(sentence.text):
            times = find_times(sentence.text, ref, rules)
            current = times[0] if times and times[0].date else None
            out.append(None)
            continue
        if rules.regex("timeline.entry").match(sentence.text):
            current = None
        out.append(current)
    return out


def window_times(sentences: list[Sentence], refs: list[Reference | None],
                 rules: Rulebook) -> list[TimeExpression | None]:
    """A daily digest states the window it covers ('窗口：过去 24 小时（2026-09-01 至 09-02）', 'Window: the
    past 24 hours'): an attack it tells with no day of its own fell in that window, so each sentence after
    the window line takes the window's first day."""
    window, out, current = rules.regex("timeline.digest_window"), [], None
    for sentence, ref in zip(sentences, refs):
        out.append(current)
        if window.match(sentence.text):
            times = _days(sentence, ref, rules)
            current = times[0] if times else current
    return out


def same_day_times(sentences: list[Sentence], refs: list[Reference | None],
                   rules: Rulebook) -> list[TimeExpression | None]:
    """For each sentence that opens with 'The same day', 'Later that day' or 'The navy then' (rule
    timeline.same_day), the day of the attack told before it in its paragraph or the one before; else the
    day the report leads with ('The group said on Saturday it fired ... Earlier in the day, jets struck'),
    its statement's day included; or None."""
    anaphor, out = rules.regex("timeline.same_day"), []
    for i, sentence in enumerate(sentences):
        m = anaphor.match(sentence.text)
        day = (_last_day(sentences, refs, i, rules) or _lead_day(sentences[:min(i, _LEAD)], refs, rules)) if m else None
        out.append(replace(day, start=m.start(), end=m.end(), text=m.group(0), kind="same-day") if day else None)
    return out


def _last_day(sentences: list[Sentence], refs: list[Reference | None], i: int, rules: Rulebook) -> TimeExpression | None:
    paragraph = sentences[i].paragraph
    for j in range(i - 1, -1, -1):
        if sentences[j].paragraph < paragraph - 1:
            return None
        days = [t for t in _days(sentences[j], refs[j], rules) if not t.reporting]
        if days:
            return days[-1]
    return None


_LEAD = 3  # the sentences a report leads with


def _lead_day(sentences: list[Sentence], refs: list[Reference | None], rules: Rulebook) -> TimeExpression | None:
    for sentence, ref in zip(sentences, refs):
        days = _days(sentence, ref, rules)
        if days:
            return replace(days[0], reporting=False)
    return None


def _days(sentence: Sentence, ref: Reference | None, rules: Rulebook) -> list[TimeExpression]:
    """The sentence's dates precise to the day."""
    return [t for t in find_times(sentence.text, ref, rules) if t.date and t.precision == "day"]
