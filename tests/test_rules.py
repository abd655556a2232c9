"""The rulebook: every rule's examples and counterexamples hold, every rule is complete, and the loader
names file:line for a bad rule."""
from __future__ import annotations

import re
import shutil
from importlib import resources
from pathlib import Path

import pytest

import sitrep
from sitrep.errors import KnowledgeBaseError

KB = sitrep.load_kb()
RULES = list(KB.rules)
DATA = Path(str(resources.files("sitrep") / "data"))


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_every_example_and_counterexample_holds(rule):
    failures = [rule.check(e) for e in (*rule.examples, *rule.counterexamples)]
    assert [f for f in failures if f] == []


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_every_rule_has_an_id_a_reason_and_examples(rule):
    assert re.fullmatch(r"[a-z]+(?:\.[a-z0-9_]+)+", rule.id)
    assert rule.why and "\n" not in rule.why
    assert len(rule.examples) >= 3 and len(rule.counterexamples) >= 1
    assert len({e.text for e in rule.examples}) == len(rule.examples)


def test_the_rulebook_has_one_file_per_pass():
    files = sorted(p.stem for p in (DATA / "rules").glob("*.yaml"))
    assert sorted({r.pass_ for r in RULES}) == files
    assert len(RULES) >= 40


def _broken(tmp_path: Path, rule: str, name: str = "zz_broken.yaml", pieces: str = "") -> Path:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    (data / "rules" / name).write_text(f"pass: broken\n{pieces}rules:\n{rule}", encoding="utf-8")
    return data


GOOD = """    pattern: '\\bblast\\b'
    why: A report names an explosion.
    examples:
      - {text: "A blast shook the base.", match: blast}
      - {text: "The blast was heard far away.", match: blast}
      - {text: "After the blast, sirens sounded.", match: blast}
    counterexamples:
      - {text: "Sirens sounded."}
"""


@pytest.mark.parametrize("rule, message", [
    ("  - id: broken.x\n    colour: red\n" + GOOD, "unknown key 'colour'"),
    ("  - id: broken.x\n" + GOOD.replace("\\bblast\\b", "(blast"), "bad pattern"),
    ("  - id: trigger.attack\n" + GOOD, "duplicate rule id 'trigger.attack'"),
    ("  - id: broken.x\n" + GOOD.split("      - {text: \"The blast")[0] + "    counterexamples:\n"
     "      - {text: \"Sirens sounded.\"}\n", "needs at least 3 examples"),
    ("  - id: broken.x\n" + GOOD.split("    counterexamples:")[0], "needs at least 1 counterexample"),
    ("  - id: broken.x\n" + GOOD.replace("\\bblast\\b", "{no_such_piece}"), "references missing piece"),
    ("  - id: broken.x\n" + GOOD.replace("why:", "flags: [Q]\n    why:"), "unknown flag 'Q'"),
    ("  - id: broken.x\n" + GOOD.replace("match: blast}", "match: blast, groups: {who: x}}", 1), "group 'who'"),
])
def test_a_bad_rule_is_reported_with_file_and_line(tmp_path, rule, message):
    data = _broken(tmp_path, "  - id: broken.ok\n" + GOOD + rule)
    with pytest.raises(KnowledgeBaseError) as err:
        sitrep.load_kb(data)
    assert "zz_broken.yaml:12: " in str(err.value)
    assert message in str(err.value)


def test_a_broken_yaml_file_is_reported_with_its_line(tmp_path):
    data = _broken(tmp_path, "  - id: broken.x\n    pattern: [unclosed\n")
    with pytest.raises(KnowledgeBaseError, match=r"zz_broken\.yaml:\d+: not valid YAML"):
        sitrep.load_kb(data)


def test_a_piece_is_written_out_in_the_pattern(tmp_path):
    data = _broken(tmp_path, "  - id: broken.x\n" + GOOD.replace("\\bblast\\b", "\\b{noise}\\b"),
                   pieces="pieces:\n  noise: 'blast|bang'\n")
    # A piece is pasted as it is written, with no group around it.
    assert sitrep.load_kb(data).rules.regex("broken.x").pattern == r"\bblast|bang\b"


def test_every_rule_the_code_names_is_in_the_rulebook():
    from sitrep.extract.dates import KINDS
    from sitrep.extract.attributes import COUNT_RULES

    source = "".join(p.read_text(encoding="utf-8") for p in (DATA.parent).rglob("*.py"))
    named = set(re.findall(r"""regex\("([a-z_]+\.[a-z_.]+)"\)""", source))
    named |= {f"date.{kind}" for kind in KINDS} | set(COUNT_RULES)
    assert len(named) > 80
    assert sorted(named - set(KB.rules.rules)) == []


def test_a_missing_rule_is_a_knowledge_base_error():
    with pytest.raises(KnowledgeBaseError, match="no rule 'no.such'"):
        KB.rules.regex("no.such")
