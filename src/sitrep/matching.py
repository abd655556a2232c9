"""Name matching for the knowledge base: names are looked up as token n-grams, so "Ain al-Asad",
"Ain al Asad" and "AIN AL-ASAD" are one key, and the longest name wins."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any


# Not a rule: the tokenizer the kb itself matches names with (the rulebook is loaded by it, not before it).
_TOKEN = re.compile(r"[^\W_]+(?:['’.][^\W_]+)*\.?")
_DROP = str.maketrans("", "", "'’.")  # what a token's key leaves out: 'U.S.' -> 'us'


def tokens(text: str, start: int = 0, end: int | None = None) -> tuple[tuple[str, int, int], ...]:
    """Normalised word tokens with their spans: 'U.S.' -> 'us', "Iran's" -> 'iran'."""
    return _tokenised(text, start, end)[0]


@functools.lru_cache(maxsize=4096)
def _tokenised(text: str, start: int, end: int | None) -> tuple[tuple[tuple[str, int, int], ...], tuple[str, ...]]:
    """The tokens and their words alone (the keys names are looked up by). Cached: each sentence is looked
    up by several matchers (places, actors, weapons, ...)."""
    found = list(_TOKEN.finditer(text, start, len(text) if end is None else end))
    words = [m.group() for m in found]
    words = [w[:-2] if w.endswith(("'s", "’s")) else w for w in words]
    # All words lowered in one call: a NUL (never in a token) parts them, and stops the final-sigma context
    # of str.lower as a word's own ends do, so each word lowers as it would alone.
    keys = "\0".join(words).lower().translate(_DROP).split("\0")
    toks = tuple([(k, m.start(), m.end()) for k, m in zip(keys, found) if k])
    return toks, tuple([t for t, _, _ in toks])


def normalise(name: str) -> tuple[str, ...]:
    return tuple(t for t, _, _ in tokens(name))


_MEMO_SIZE = 2048  # texts remembered per matcher: the sentences of the last few documents


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
    # (text, start, end) -> its matches; emptied by `add` (the names changed) and when it grows past _MEMO_SIZE.
    _found: dict[tuple[str, int, int | None], tuple[Match, ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False)

    def add(self, name: str, entry: Any) -> None:
        key = normalise(name)
        if key and key not in self.keys:
            self.keys[key] = entry
            self._found.clear()
            sizes = self.lengths.setdefault(key[0], [])
            if len(key) not in sizes:
                sizes.append(len(key))
                sizes.sort(reverse=True)

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[Match]:
        """The names in text[start:end], longest first at each word, left to right. Memoised per text: frames,
        roles, attributes and references each look the same sentence up again."""
        key = (text, start, end)
        found = self._found.get(key)
        if found is None:
            if len(self._found) >= _MEMO_SIZE:
                self._found.clear()
            found = self._found[key] = self._find(text, start, end)
        return list(found)

    def _find(self, text: str, start: int, end: int | None) -> tuple[Match, ...]:
        toks, words = _tokenised(text, start, end)
        keys, lengths, count = self.keys, self.lengths, len(words)
        out, i = [], 0
        while i < count:
            for n in lengths.get(words[i], ()):
                if i + n > count:
                    continue
                entry = keys.get(words[i:i + n])
                if entry is not None:
                    s, e = toks[i][1], toks[i + n - 1][2]
                    out.append(Match(s, e, text[s:e], entry))
                    i += n
                    break
            else:
                i += 1
        return tuple(out)
