"""The rulebook: every extraction pattern as a record with an id, a reason and examples.

`load_rulebook(dir)` reads `data/rules/*.yaml` (one file per pass), compiles each rule and checks it;
an error names `file:line`. A file holds `pass`, optional `pieces` and `rules`:

    pass: counts
    pieces:                  # named fragments, written `{name}` in any pattern or piece of the rulebook
      qualifier: 'at\\s+least|more\\s+than'
    rules:
      - id: count.passive    # unique in the whole rulebook
        pattern: '...'       # a regex; a list of strings is joined with nothing between them
        flags: [I]           # re flags by letter: I, M, S, X, A
        why: one line on how reports are written that the rule follows
        examples:            # at least three
          - {text: "Two soldiers were hurt.", match: "Two soldiers were hurt", groups: {n: Two}}
        counterexamples:     # at least one
          - {text: "The soldiers were not there."}

Example semantics: `regex.search(text)` finds a match whose whole text is `match` (and whose named or
numbered `groups` have the values given). A counterexample's text has no match at all:
`regex.search(text)` is None. Only `{name}` with a letter first is a piece reference, so regex
quantifiers such as `{0,3}` are left alone.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import KnowledgeBaseError

FLAGS = {"I": re.I, "M": re.M, "S": re.S, "X": re.X, "A": re.A}
RULE_KEYS = {"id", "pattern", "flags", "why", "examples", "counterexamples", "yields"}
FILE_KEYS = {"pass", "pieces", "rules"}
# A piece reference: `{month}`; never a quantifier (`{0,3}`), which starts with a digit.
_PIECE = re.compile(r"\{([A-Za-z_]\w*)\}")  # the rulebook's own syntax, not a rule


@dataclass(frozen=True)
class Example:
    text: str
    match: str | None = None  # None in a counterexample: the pattern finds nothing in `text`
    groups: tuple[tuple[str | int, str | None], ...] = ()


@dataclass(frozen=True)
class Rule:
    id: str
    pass_: str  # the pass (file) the rule belongs to; `pass` in YAML terms
    pattern: str  # with its pieces written out
    flags: tuple[str, ...]
    why: str
    examples: tuple[Example, ...]
    counterexamples: tuple[Example, ...]
    regex: re.Pattern
    yields: tuple[str, ...] = ()  # values the pass gives when the rule matches (weapon categories)
    source: str = ""  # file:line of the rule

    def check(self, example: Example) -> str | None:
        """Why `example` fails this rule, or None when it holds."""
        m = self.regex.search(example.text)
        if example.match is None:
            return None if m is None else f"{self.id} matched {m.group(0)!r} in a counterexample"
        if m is None:
            return f"{self.id} found nothing in {example.text!r}"
        if m.group(0) != example.match:
            return f"{self.id} found {m.group(0)!r}, not {example.match!r}"
        for key, value in example.groups:
            if m.group(key) != value:
                return f"{self.id} group {key!r} is {m.group(key)!r}, not {value!r}"
        return None


class Rulebook:
    """Compiled rules by id: `book.regex("count.passive")` or `book["count.passive"].regex`."""

    def __init__(self, rules: dict[str, Rule] | None = None) -> None:
        self.rules = dict(rules or {})
        self._regex = {rule_id: rule.regex for rule_id, rule in self.rules.items()}  # looked up per sentence
        self._passes: dict[str, list[Rule]] = {}  # built here, once: a pass is read for every sentence
        for rule in self.rules.values():
            self._passes.setdefault(rule.pass_, []).append(rule)

    def __getitem__(self, rule_id: str) -> Rule:
        try:
            return self.rules[rule_id]
        except KeyError:
            raise KnowledgeBaseError(f"the rulebook has no rule {rule_id!r}") from None

    def regex(self, rule_id: str) -> re.Pattern:
        try:
            return self._regex[rule_id]
        except KeyError:
            raise KnowledgeBaseError(f"the rulebook has no rule {rule_id!r}") from None

    def in_pass(self, name: str) -> list[Rule]:
        """A pass's rules in the order of its file."""
        return list(self._passes.get(name, ()))

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.rules.values())

    def __len__(self) -> int:
        return len(self.rules)


def load_rulebook(directory: Path, loader: type) -> Rulebook:
    """Every `*.yaml` in `directory`, read with the kb's `loader` (it gives each mapping a `__line__`);
    KnowledgeBaseError with `file:line` on the first bad entry."""
    files = sorted(directory.glob("*.yaml"))
    if not files:
        raise KnowledgeBaseError(f"{directory}: no rule files")
    docs, pieces, passes = [], {}, {}
    for path in files:
        doc = _read(path, loader)
        name = doc.get("pass")
        if not isinstance(name, str) or not name:
            raise KnowledgeBaseError(f"{path}:{doc['__line__']}: the file names no `pass`")
        if name in passes:
            raise KnowledgeBaseError(f"{path}:{doc['__line__']}: pass {name!r} is also in {passes[name]}")
        passes[name] = path.name
        for key, value in (doc.get("pieces") or {}).items():
            if key == "__line__":
                continue
            if key in pieces:
                raise KnowledgeBaseError(f"{path}:{doc['__line__']}: duplicate piece {key!r}")
            pieces[key] = _joined(value, path, doc["__line__"])
        docs.append((path, name, doc))
    rules: dict[str, Rule] = {}
    for path, name, doc in docs:
        for item in doc.get("rules") or []:
            rule = _rule(item, name, pieces, path)
            if rule.id in rules:
                raise KnowledgeBaseError(f"{rule.source}: duplicate rule id {rule.id!r} (first at {rules[rule.id].source})")
            rules[rule.id] = rule
    return Rulebook(rules)


def _read(path: Path, loader) -> dict:
    try:
        doc = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise KnowledgeBaseError(f"{path}:{mark.line + 1 if mark else 0}: not valid YAML: {exc}") from exc
    if not isinstance(doc, dict):
        raise KnowledgeBaseError(f"{path}:1: expected a mapping with `pass` and `rules`")
    unknown = set(doc) - FILE_KEYS - {"__line__"}
    if unknown:
        raise KnowledgeBaseError(f"{path}:{doc['__line__']}: unknown key {sorted(unknown)[0]!r}")
    return doc


def _rule(item, pass_name: str, pieces: dict[str, str], path: Path) -> Rule:
    line = item.get("__line__", 0) if isinstance(item, dict) else 0
    where = f"{path}:{line}"
    if not isinstance(item, dict):
        raise KnowledgeBaseError(f"{where}: a rule is a mapping")
    unknown = set(item) - RULE_KEYS - {"__line__"}
    if unknown:
        raise KnowledgeBaseError(f"{where}: unknown key {sorted(unknown)[0]!r}")
    for key in ("id", "pattern", "why"):
        if not item.get(key):
            raise KnowledgeBaseError(f"{where}: rule has no {key!r}")
    rule_id = str(item["id"])
    flags = tuple(str(f) for f in item.get("flags") or ())
    bad = [f for f in flags if f not in FLAGS]
    if bad:
        raise KnowledgeBaseError(f"{where}: {rule_id}: unknown flag {bad[0]!r} (known: {', '.join(FLAGS)})")
    pattern = _expand(_joined(item["pattern"], path, line), pieces, f"{where}: {rule_id}")
    try:
        regex = re.compile(pattern, _flag_bits(flags))  # the rulebook is compiled here, at load time
    except re.error as exc:
        raise KnowledgeBaseError(f"{where}: {rule_id}: bad pattern: {exc}") from exc
    examples = tuple(_example(e, path, line, rule_id, counter=False) for e in item.get("examples") or ())
    counters = tuple(_example(e, path, line, rule_id, counter=True) for e in item.get("counterexamples") or ())
    for example in examples:
        for key, _ in example.groups:
            if key not in regex.groupindex and not (isinstance(key, int) and 0 <= key <= regex.groups):
                raise KnowledgeBaseError(f"{where}: {rule_id}: an example names group {key!r}, which the pattern lacks")
    if len(examples) < 3:
        raise KnowledgeBaseError(f"{where}: {rule_id}: needs at least 3 examples, has {len(examples)}")
    if not counters:
        raise KnowledgeBaseError(f"{where}: {rule_id}: needs at least 1 counterexample")
    return Rule(rule_id, pass_name, pattern, flags, str(item["why"]).strip(), examples, counters, regex,
                tuple(str(v) for v in item.get("yields") or ()), where)


def _joined(value, path: Path, line: int) -> str:
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "".join(value)
    if isinstance(value, str):
        return value
    raise KnowledgeBaseError(f"{path}:{line}: a pattern is a string or a list of strings")


def _expand(pattern: str, pieces: dict[str, str], where: str, depth: int = 0) -> str:
    def piece(m: re.Match) -> str:
        name = m.group(1)
        if name not in pieces:
            raise KnowledgeBaseError(f"{where}: references missing piece {{{name}}}")
        if depth > 5:
            raise KnowledgeBaseError(f"{where}: pieces nest too deep at {{{name}}}")
        return _expand(pieces[name], pieces, where, depth + 1)

    return _PIECE.sub(piece, pattern)


def _example(entry, path: Path, line: int, rule_id: str, counter: bool) -> Example:
    line = entry.get("__line__", line) if isinstance(entry, dict) else line
    where = f"{path}:{line}: {rule_id}"
    allowed = {"text"} if counter else {"text", "match", "groups"}
    if not isinstance(entry, dict) or not isinstance(entry.get("text"), str):
        raise KnowledgeBaseError(f"{where}: an example is a mapping with `text`")
    unknown = set(entry) - allowed - {"__line__"}
    if unknown:
        raise KnowledgeBaseError(f"{where}: unknown key {sorted(unknown)[0]!r} in an example")
    if counter:
        return Example(entry["text"])
    if not isinstance(entry.get("match"), str):
        raise KnowledgeBaseError(f"{where}: an example names the `match` the pattern must find")
    groups = tuple((k, None if v is None else str(v)) for k, v in (entry.get("groups") or {}).items()
                   if k != "__line__")
    return Example(entry["text"], entry["match"], groups)


def _flag_bits(flags: tuple[str, ...]) -> int:
    bits = 0
    for f in flags:
        bits |= FLAGS[f]
    return bits
