"""Two ingests at once, runs split or killed: the ledger is the one a single run gives, on SQLite and
PostgreSQL. Every ingest here is a real `sitrep ingest` process; exports are compared field by field."""
from __future__ import annotations

import datetime as dt
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from bench_ingest import make_article  # noqa: E402  (the benchmark's generator of wire-style reports)

from .conftest import scratch_postgresql  # noqa: E402

CLI = [sys.executable, "-m", "sitrep.cli"]
CHUNK = "20"  # small chunks, so that two processes interleave many times and a kill lands mid-corpus
N = 200


@pytest.fixture(scope="module")
def articles() -> list[dict]:
    # Six weeks of reports on ~16 bases: most attacks are told by several reports, so merging is exercised.
    rng = random.Random(11)
    return [make_article(rng, i, start=dt.date(2024, 1, 1), end=dt.date(2024, 2, 11)) for i in range(1, N + 1)]


@pytest.fixture(params=["sqlite", "postgresql"])
def db_factory(request, tmp_path):
    """A function that gives a fresh, empty ledger address on the backend under test."""
    if request.param == "sqlite":
        count = iter(range(100))
        return lambda: str(tmp_path / f"ledger-{next(count)}.db")
    return lambda: _scratch_pg(request)


def _scratch_pg(request) -> str:
    """Another scratch PostgreSQL database, dropped after the test."""
    scratch = scratch_postgresql()
    url = scratch.__enter__()
    request.addfinalizer(lambda: scratch.__exit__(None, None, None))
    return url


def _corpus(tmp_path: Path, name: str, docs: list[dict]) -> str:
    path = tmp_path / f"{name}.jsonl"
    path.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
    return str(path)


def _ingest(corpus: str, db: str) -> subprocess.Popen:
    env = {**os.environ, "SITREP_CHUNK_DOCUMENTS": CHUNK}
    return subprocess.Popen([*CLI, "ingest", corpus, "--db", db], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def _finish(proc: subprocess.Popen) -> str:
    return _outputs(proc)[0]


def _outputs(proc: subprocess.Popen) -> tuple[str, str]:
    out, errs = proc.communicate(timeout=600)
    assert proc.returncode == 0, errs[-2000:]
    return out, errs


def _export(db: str, tmp_path: Path) -> tuple[list[dict], list[dict]]:
    out = {}
    for what in ("events", "documents"):
        path = tmp_path / f"export-{what}.jsonl"
        subprocess.run([*CLI, "export", what, "--db", db, "--format", "jsonl", "-o", str(path)], check=True,
                       capture_output=True)
        out[what] = sorted((json.loads(line) for line in path.read_text().splitlines()), key=lambda r: r["id"])
    return out["events"], out["documents"]


def _same(a: tuple[list[dict], list[dict]], b: tuple[list[dict], list[dict]]) -> None:
    """Field by field, with the first difference shown."""
    for kind, left, right in (("event", a[0], b[0]), ("document", a[1], b[1])):
        assert [r["id"] for r in left] == [r["id"] for r in right], f"{kind} ids differ"
        for x, y in zip(left, right):
            diff = {k for k in x.keys() | y.keys() if x.get(k) != y.get(k)}
            assert not diff, f"{kind} {x['id']} differs in {sorted(diff)}"


def test_two_ingests_at_once_give_the_ledger_one_after_the_other(articles, db_factory, tmp_path):
    first = _corpus(tmp_path, "first", articles[:130])
    second = _corpus(tmp_path, "second", articles[90:])  # 40 documents in both
    together = db_factory()
    a, b = _ingest(first, together), _ingest(second, together)
    (_, a_err), (_, b_err) = _outputs(a), _outputs(b)
    # Exactly one waited for the other, and said so; the ledger is the one that order gives.
    waited = ["waiting for another ingest" in e for e in (a_err, b_err)]
    assert waited in ([True, False], [False, True])
    order = (second, first) if waited[0] else (first, second)
    sequential = db_factory()
    for corpus in order:
        _finish(_ingest(corpus, sequential))
    _same(_export(sequential, tmp_path), _export(together, tmp_path))
    assert len(_export(together, tmp_path)[1]) == N


def test_the_same_corpus_twice_at_once_is_stored_once(articles, db_factory, tmp_path):
    corpus = _corpus(tmp_path, "all", articles[:120])
    once, twice = db_factory(), db_factory()
    _finish(_ingest(corpus, once))
    a, b = _ingest(corpus, twice), _ingest(corpus, twice)
    outs = [_finish(a), _finish(b)]
    # Between them every document is stored once; what one stored, the other reports unchanged.
    stored = [int(out.split("stored: ")[1].split(",")[0]) for out in outs]
    unchanged = [int(out.split("unchanged: ")[1].split(",")[0]) for out in outs]
    assert sum(stored) == 120 and stored[0] + unchanged[0] == 120 and stored[1] + unchanged[1] == 120
    _same(_export(once, tmp_path), _export(twice, tmp_path))


def test_split_runs_and_kills_give_the_ledger_one_run_gives(articles, db_factory, tmp_path):
    whole = _corpus(tmp_path, "whole", articles)
    thirds = [_corpus(tmp_path, f"third-{i}", articles[i * 67:(i + 1) * 67]) for i in range(3)]
    one, three, killed = db_factory(), db_factory(), db_factory()
    _finish(_ingest(whole, one))
    for part in thirds:
        _finish(_ingest(part, three))
    rng = random.Random(5)
    for _ in range(3):  # SIGKILL at a random point, then again on the re-run
        proc = _ingest(whole, killed)
        time.sleep(rng.uniform(2.0, 5.0))
        proc.send_signal(signal.SIGKILL)
        proc.communicate()
    _finish(_ingest(whole, killed))
    reference = _export(one, tmp_path)
    _same(reference, _export(three, tmp_path))
    _same(reference, _export(killed, tmp_path))


def _ingest_shared(corpus: str, db: str) -> subprocess.Popen:
    """An ingest that does not wait for others (as the API's posts do): only its chunks are serialised."""
    code = ("import sys, sitrep; from sitrep.pipeline import run; from sitrep.settings import Settings; "
            "s = Settings(chunk_documents=int(sys.argv[3])); led = sitrep.open_ledger(sys.argv[2]); "
            "r = run([sys.argv[1]], led, sitrep.load_kb(), s, exclusive=False); "
            "print(f'stored: {r.stored}, unchanged: {r.unchanged}, rejected: {len(r.rejected)}')")
    return subprocess.Popen([sys.executable, "-c", code, corpus, db, CHUNK], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def test_chunks_of_writers_that_do_not_wait_merge_against_what_is_committed(articles, db_factory, tmp_path):
    """Two writers whose chunks interleave: each merges against what the other committed (the stored
    version tells it to reload), so the same corpus written by both is stored once, as one run stores it."""
    corpus = _corpus(tmp_path, "shared", articles[:120])
    once, twice = db_factory(), db_factory()
    _finish(_ingest(corpus, once))
    a, b = _ingest_shared(corpus, twice), _ingest_shared(corpus, twice)
    outs = [_finish(a), _finish(b)]
    assert sum(int(out.split("stored: ")[1].split(",")[0]) for out in outs) == 120
    _same(_export(once, tmp_path), _export(twice, tmp_path))
