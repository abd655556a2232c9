"""Reading the knowledge base's data files (YAML and CSV) into typed records, every error naming its
file and line: the loading machinery of `kb`, apart from what the records mean.
"""
from __future__ import annotations

import csv
from pathlib import Path

import yaml
from pydantic import ValidationError

from .errors import KnowledgeBaseError


def read_mapping(path: Path) -> dict:
    doc = load_yaml(path)
    if not isinstance(doc, dict):
        raise KnowledgeBaseError(f"{path}:1: expected a mapping")
    return doc


def without_lines(value):
    if isinstance(value, dict):
        return {k: without_lines(v) for k, v in value.items() if k != "__line__"}
    if isinstance(value, list):
        return [without_lines(v) for v in value]
    return value


def line_at(doc: dict, loc) -> int:
    """The line of the innermost mapping on the path `loc` (a pydantic error location)."""
    line, node = doc.get("__line__", 0), doc
    for key in loc:
        node = node.get(key) if isinstance(node, dict) else None
        if isinstance(node, dict):
            line = node.get("__line__", line)
    return line


def read_csv(path: Path, model, split: tuple[str, ...] = ()):
    rows = []
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            for row in reader:
                line = reader.line_num
                if None in row or any(v is None for v in row.values()):
                    raise KnowledgeBaseError(f"{path}:{line}: wrong number of columns")
                values = {k: (v.strip() if isinstance(v, str) else v) for k, v in row.items()}
                for key in split:
                    values[key] = tuple(a.strip() for a in values.get(key, "").split("|") if a.strip())
                values = {k: (None if v == "" else v) for k, v in values.items()}
                rows.append((line, validate(model, values, path, line)))
    except FileNotFoundError as exc:
        raise KnowledgeBaseError(f"{path}: missing data file") from exc
    return rows


class LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    def construct_mapping(self, node, deep=False):
        mapping = super().construct_mapping(node, deep=deep)
        mapping["__line__"] = node.start_mark.line + 1
        return mapping


def load_yaml(path: Path):
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=LineLoader)
    except FileNotFoundError as exc:
        raise KnowledgeBaseError(f"{path}: missing data file") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 0
        raise KnowledgeBaseError(f"{path}:{line}: not valid YAML: {exc}") from exc


def read_yaml(path: Path, model):
    items = load_yaml(path) or []
    if not isinstance(items, list):
        raise KnowledgeBaseError(f"{path}:1: expected a list of entries")
    rows = []
    for item in items:
        line = item.pop("__line__", 0) if isinstance(item, dict) else 0
        if isinstance(item.get("aliases"), list):
            item["aliases"] = tuple(str(a) for a in item["aliases"])
        rows.append((line, validate(model, item, path, line)))
    return rows


def validate(model, values: dict, path: Path, line: int):
    try:
        return model(**values)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise KnowledgeBaseError(f"{path}:{line}: {where}: {first['msg']}") from exc
    except TypeError as exc:
        raise KnowledgeBaseError(f"{path}:{line}: {exc}") from exc


def index(rows, key: str, path: Path) -> dict:
    out = {}
    for line, entry in rows:
        value = getattr(entry, key)
        if value in out:
            raise KnowledgeBaseError(f"{path}:{line}: duplicate {key} {value!r}")
        out[value] = entry
    return out
