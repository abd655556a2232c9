"""Fuzzed report texts for extraction: shared by tests/test_patterns.py and scripts/bench_fuzz.py.

A text is a run of pieces: cue phrases of the extraction rules repeated many times (what makes a
backtracking pattern slow), whitespace runs, punctuation, real and impossible dates, long digit runs,
lone surrogates, NUL and other odd characters, and random characters. Texts are up to 10 KB.
"""
from __future__ import annotations

import datetime as dt
import random

MAX_LENGTH = 10_000

# Phrases the patterns in src/sitrep key on (dates, counts, roles, claims, cleaning).
CUES = [
    "this past ", "past ", "this ", "early ", "late ", "on ", "last ", "the night of ", "overnight ", "night of ",
    "killed ", "killing ", "wounded ", "injured ", "injuring ", "injuries to ", "death of ", "were ", "was ",
    "have been ", "rockets ", "drones ", "missiles ", "ballistic ", "attack ", "attacks ", "strikes ", "struck ",
    "launched ", "fired ", "intercepted ", "of the ", "at least ", "more than ", "some ", "several ", "dozens of ",
    "US ", "U.S. ", "American ", "military ", "forces ", "military forces ", "coalition ", "troops ", "soldiers ",
    "service members ", "personnel ", "Iran ", "Iranian ", "Iraq ", "Syria ", "Erbil Air Base ", "Al-Asad ",
    "Kataib Hezbollah ", "Islamic Resistance in Iraq ", "said ", "officials in ", "Tehran said ", "war ",
    "Israel-Hamas war ", "in response to ", "in retaliation for ", "Operation Desert ", "January ", "Jan. ",
    "Sept. ", "5 ", "5th ", "Monday ", "Sunday's ", "yesterday ", "last week ", "last month ", "since ",
    "as of ", "over the last ", "days ", "weeks ", "the 66th attack ", "and 34 more in ", "between 10 and 20 ",
    "BEIRUT (Reuters) - ", "TAMPA, Fla. - ", "- ", "— ", "comments ", "2 comments\n", "You may also like\n",
    "Related:\n", "[link](/", "[a](https://x.y/", "https://example.com/", "(@CENTCOM) ", "President ",
    "Defense Secretary ", "the base in ", "two bases ", "the killing of ", "Soleimani ", "22:30 ", "p.m. ",
    "no casualties ", "no injuries ", "minor damage ", "claimed responsibility ",
]
# Invented attack sentences, so that fuzzed texts also reach the rules behind the attack-trigger gate.
SENTENCES = [
    "Rockets hit Erbil Air Base in Iraq on Monday, killing {n} US soldiers. ",
    "Kataib Hezbollah claimed responsibility for a drone attack on Al-Asad Airbase on {d}. ",
    "At least {n} American troops were injured when missiles struck the base in Syria yesterday. ",
    "US forces conducted airstrikes against militia facilities in eastern Syria late last {w}. ",
    "Of the {n} attacks since {d}, {n} occurred in Iraq and {n} in Syria. ",
    "Between {n} and {n} rockets were launched; {n} of them were intercepted. ",
    "Iran launched ballistic missiles at two bases in Iraq over the last {n} days. ",
]
PUNCTUATION = list(".,;:?!()[]'\"’“”—–-…/@#*•|")
WHITESPACE = [" ", "\n", "\t", "\u00a0", "\r", "\n\n", " \n"]
ODD = ["\ud800", "\udfff", "\x00", "\ufeff", "\u200b", "\u202e", "\uffff", "\U0001f4a5", "é", "٣", "²"]
MONTHS = ["January", "Feb.", "March", "Apr", "June", "Sept.", "December", "Jan.", "Feb"]


def fuzz_text(rng: random.Random) -> str:
    """One fuzzed text of up to MAX_LENGTH characters."""
    target = rng.choice((rng.randint(0, 300), rng.randint(0, 3000), rng.randint(0, MAX_LENGTH)))
    parts: list[str] = []
    size = 0
    while size < target:
        piece = _piece(rng)
        parts.append(piece)
        size += len(piece)
    return "".join(parts)[:MAX_LENGTH]


def fuzz_published(rng: random.Random) -> dt.date | None:
    """A publication date: none, the calendar's ends, a day of the conflict, or any day at all."""
    kind = rng.randrange(5)
    if kind == 0:
        return None
    if kind == 1:
        return rng.choice((dt.date.min, dt.date.max, dt.date(1, 1, 2), dt.date(9999, 12, 30)))
    if kind == 2:
        return dt.date.fromordinal(rng.randint(1, dt.date.max.toordinal()))
    return dt.date(2024, 1, 1) + dt.timedelta(days=rng.randint(0, 400))


def _piece(rng: random.Random) -> str:
    kind = rng.randrange(11)
    if kind == 10:
        return rng.choice(SENTENCES).format(n=rng.choice(("3", "1,200", "9" * rng.randint(1, 30), "two")),
                                            d=_date(rng).strip(), w=rng.choice(("Monday", "Sunday", "week")))
    if kind <= 2:
        return rng.choice(CUES) * rng.choice((1, 1, 2, 5, rng.randint(1, 2000)))
    if kind == 3:
        return rng.choice(WHITESPACE) * rng.choice((1, 2, rng.randint(1, 10_000)))
    if kind == 4:
        return rng.choice(PUNCTUATION) * rng.choice((1, 1, rng.randint(1, 500)))
    if kind == 5:
        return _date(rng)
    if kind == 6:
        return rng.choice(("9", "1", "1,", "0", "12,345,")) * rng.choice((1, 3, 9, 4301, rng.randint(1, 6000)))
    if kind == 7:
        return rng.choice(ODD) * rng.choice((1, 1, rng.randint(1, 50)))
    if kind == 8:
        return "".join(chr(rng.randint(1, 0x2FFF)) for _ in range(rng.randint(1, 40)))
    return "".join(rng.choice("abcdefghijklmnopqrstuvwxyz ABCDE.,") for _ in range(rng.randint(1, 200)))


def _date(rng: random.Random) -> str:
    """A date as reports write it; the day, month or year may not exist."""
    year, month, day = rng.randint(1940, 2060), rng.randint(0, 13), rng.randint(0, 40)
    return rng.choice((
        f" {year}-{month:02d}-{day:02d} ",
        f" {rng.choice(MONTHS)} {day}, {year} ",
        f" {day} {rng.choice(MONTHS)} ",
        f" on {rng.choice(MONTHS)} {day} ",
        f" {rng.choice(MONTHS)} of {year} ",
        f" in {year} ",
    ))
