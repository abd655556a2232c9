"""Accuracy on the gold sets, through the CLI contract (ingest -> export -> ../shared/eval/score.py)."""
from __future__ import annotations

import importlib.util
import json

import pytest
from typer.testing import CliRunner

from sitrep.cli import app

from .conftest import SHARED, gold_set

pytestmark = pytest.mark.gold

THRESHOLDS = {"seeds": (0.90, 0.90), "dev": (0.80, 0.85)}
LINKS = {"seeds": 4, "dev": 6}


def _scorer():
    spec = importlib.util.spec_from_file_location("score", SHARED / "eval" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", ["seeds", "dev"])
def test_gold_scores(name, tmp_path):
    folder = gold_set(name)
    db, events, docs = tmp_path / "l.db", tmp_path / "events.jsonl", tmp_path / "docs.jsonl"
    runner = CliRunner()
    for args in (["ingest", str(folder / "corpus.jsonl"), "--db", str(db)],
                 ["export", "events", "--db", str(db), "--format", "jsonl", "-o", str(events)],
                 ["export", "documents", "--db", str(db), "--format", "jsonl", "-o", str(docs)]):
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
    score = _scorer()
    gold = json.loads((folder / "gold.json").read_text())
    rows = score.load_jsonl(str(events))
    result = score.score(gold, rows, score.load_jsonl(str(docs)))
    f1, fields = THRESHOLDS[name]
    print(name, {k: result[k] for k in ("f1", "field_accuracy", "duplicates", "links")})
    assert result["f1"] >= f1
    assert result["field_accuracy"] >= fields
    assert result["duplicates"] == 0
    assert result["credibility"]["low_flagged_wrong"] == []
    assert int(result["links"].split("/")[0]) >= LINKS[name]
    for row in rows:  # the contract's fields are all there, with the trust fields
        for key in ("id", "date", "date_precision", "country", "location", "lat", "lon", "geo_precision",
                    "sub_event_type", "weapons", "actor1", "actor2", "actor1_affiliation",
                    "actor2_affiliation", "killed", "injured", "responds_to", "sources", "status",
                    "credibility", "field_sources"):
            assert key in row
        assert row["status"] in ("reported", "corroborated", "confirmed")
        assert 1 <= row["credibility"]["information"] <= 6
        for quotes in row["field_sources"].values():
            assert all(q["doc"] in {s["doc"] for s in row["sources"]} for q in quotes)


def test_seed_claims(tmp_path):
    """At least 7 of the gold claims with the right kind, value, since and as_of."""
    import sitrep

    gold = json.loads((gold_set("seeds") / "gold.json").read_text())["claims"]
    with sitrep.open_ledger(str(tmp_path / "l.db")) as ledger:
        sitrep.ingest([gold_set("seeds") / "corpus.jsonl"], ledger)
        got = [c.model_dump(mode="json") for c in ledger.claims()]
        report = sitrep.claims_report(ledger)
    found = [g for g in gold if any(
        c["doc"] == g["doc"] and c["kind"] == g["kind"] and c["value"] == g["value"]
        and c["since"] == g.get("since") and c["as_of"] == g.get("as_of") for c in got)]
    assert len(found) >= 7, [g["text"] for g in gold if g not in found]
    windowed = [r for r in report if r["kind"] == "attack_count" and r["since"]]
    assert windowed and all(r["difference"] == r["ledger"] - r["value"] for r in windowed)


def test_seed_low_credibility_documents(tmp_path):
    import sitrep

    with sitrep.open_ledger(str(tmp_path / "l.db")) as ledger:
        sitrep.ingest([gold_set("seeds") / "corpus.jsonl"], ledger)
        docs = {d["id"]: d for d in ledger.documents()}
    assert docs["000_10a2bdab70985924.txt"]["credibility"] == "low"
    assert "unverified_officials" in docs["000_10a2bdab70985924.txt"]["flags"]
    assert {"spam_links", "generated_text_artifacts"} <= set(docs["001_744d597c7c936914.txt"]["flags"])
    assert [d for d, v in docs.items() if v["credibility"] == "low"] == [
        "000_10a2bdab70985924.txt", "001_744d597c7c936914.txt"]
