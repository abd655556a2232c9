"""The extraction vocabulary that is not a pattern: number words and the largest count. The patterns
themselves are rules in `data/rules/` (see `sitrep.rules`), read through `kb.rules`; operation names
that are not attacks are theatre knowledge (`data/theatre.yaml`, read through `kb.theatre`).
"""
from __future__ import annotations

NUMBER_WORDS = {
    "no": 0, "zero": 0, "none": 0, "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "a dozen": 12, "dozen": 12,
}
# Counts of people or weapons: a larger figure is not a count (a phone number, a sum of money, noise), and
# no figure a report gives may overflow the ledger's 32-bit integer columns.
MAX_COUNT = 10_000_000


def parse_count(raw: str) -> int | None:
    """A digit string ('1,200') or number word as an int; None when it is not a count or exceeds MAX_COUNT.
    Long digit strings are refused before int() sees them (Python refuses over 4,300 digits)."""
    raw = " ".join(raw.lower().split())
    if raw in NUMBER_WORDS:
        return NUMBER_WORDS[raw]
    digits = raw.replace(",", "")
    if not digits.isdecimal() or len(digits) > len(str(MAX_COUNT)):
        return None
    value = int(digits)
    return value if value <= MAX_COUNT else None
