"""Name matching for the knowledge base: names are looked up as token n-grams, so "Ain al-Asad",
"Ain al Asad" and "AIN AL-ASAD" are one key, and the longest name wins."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any


# Not a rule: the tokenizer the kb itself matches names with (the rulebook is loaded by it, not before it).
_TOKEN = re.compile(r"[^\W_]+(?:['’.][^\W_]+)*\.?")


@functools.lru_cache(maxsize=4096)
def tokens(text: str, start: int = 0, end: int | None = None) -> tuple[tuple[str, int, int], ...]:
    """Normalised word tokens with their spans: 'U.S.' -> 'us', "Iran's" -> 'iran'.
    Cached: each sentence is looked up by several matchers (places, actors, weapons, ...)."""
    return tuple(_tokens(text, start, end))


def _tokens(text: str, start: int, end: int | None) -> list[tuple[str, int, int]]:
    out = []
    for m in _TOKEN.finditer(text, start, len(text) if end is None else end):
        word = m.group(0)
        if word.endswith(("'s", "’s")):
            word = word[:-2]
        norm = re.sub(r"['’.]", "", word.lower())
        if norm:
            out.append((norm, m.start(), m.end()))
    return out


def normalise(name: str) -> tuple[str, ...]:
    return tuple(t for t, _, _ in tokens(name))


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    text: str
    entry: Any


@dataclass
class Matcher:
    """Longest-match lookup of names (as token n-grams) in a text."""

    keys: dict[tuple[str, ...], Any] = field(default_factory=dict)
    lengths: dict[str, list[int]] = field(default_factory=dict)  # first token -> key lengths, longest first

    def add(self, name: str, entry: Any) -> None:
        key = normalise(name)
        if key and key not in self.keys:
            self.keys[key] = entry
            sizes = self.lengths.setdefault(key[0], [])
            if len(key) not in sizes:
                sizes.append(len(key))
                sizes.sort(reverse=True)

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[Match]:
        toks = tokens(text, start, end)
        out, i = [], 0
        while i < len(toks):
            for n in self.lengths.get(toks[i][0], ()):
                if i + n > len(toks):
                    continue
                key = tuple(t for t, _, _ in toks[i:i + n])
                entry = self.keys.get(key)
                if entry is not None:
                    s, e = toks[i][1], toks[i + n - 1][2]
                    out.append(Match(s, e, text[s:e], entry))
                    i += n
                    break
            else:
                i += 1
        return out
