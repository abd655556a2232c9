"""Documents prepared in worker processes give the ledger that one process gives, in the same order, and a
worker that dies loses none of them."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import sitrep
from sitrep.settings import Settings
from sitrep.workers import MIN_PARALLEL, prepared

PLACES = ["Ain al-Asad Air Base", "Erbil Air Base", "Al-Tanf Garrison", "Tower 22", "Camp Buehring"]
WEAPONS = ["rockets", "a drone", "two one-way attack drones", "a ballistic missile", "mortar rounds"]


def _corpus(path, n: int) -> None:
    lines = []
    for i in range(n):
        day = 1 + i % 27
        text = (f"Iran-backed militants fired {WEAPONS[i % 5]} at {PLACES[i % 5]} on March {day}, 2024, "
                f"U.S. officials said on Tuesday. {i % 4} service members were wounded.")
        lines.append(json.dumps({"id": f"doc-{i}", "text": text, "published": f"2024-03-{min(day + 2, 28):02d}"}))
    lines.insert(7, "{not json")  # a reading rejection keeps its place in the stream
    path.write_text("\n".join(lines) + "\n")


def _ledger_rows(tmp_path, corpus, workers: int) -> tuple[list, list, int]:
    with sitrep.open_ledger(str(tmp_path / f"w{workers}.db")) as ledger:
        report = sitrep.ingest([str(corpus)], ledger, settings=Settings(workers=workers))
        events = [(e.date, e.location, e.actor1_affiliation, e.weapons, e.injured) for e in ledger.events()]
        docs = sorted(d["id"] for d in ledger.documents())
    return events, docs, len(report.rejected)


def test_two_workers_give_the_ledger_of_one_process(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    _corpus(corpus, 3 * MIN_PARALLEL)
    one = _ledger_rows(tmp_path, corpus, 1)
    two = _ledger_rows(tmp_path, corpus, 2)
    assert one == two
    assert len(one[1]) == 3 * MIN_PARALLEL and one[2] == 1 and one[0]


def _double(item):
    return item * 2


def _dies_in_a_worker(parent: int):
    def prepare(item):
        if item == 5 and os.getpid() != parent:
            os._exit(1)  # the worker is killed mid-document, as the out-of-memory killer would
        return item * 2
    return prepare


def test_outcomes_keep_the_order_read_and_other_items_pass_through():
    items = [*range(MIN_PARALLEL * 3), "rejected", *range(5)]
    out = list(prepared(items, _double, 2, lambda item: isinstance(item, int)))
    assert out == [item * 2 if isinstance(item, int) else item for item in items]


def test_a_worker_that_dies_loses_no_document():
    items = list(range(MIN_PARALLEL * 2))
    out = list(prepared(items, _dies_in_a_worker(os.getpid()), 2, lambda item: True))
    assert out == [item * 2 for item in items]


def test_a_small_batch_is_prepared_in_this_process():
    parent = os.getpid()
    out = list(prepared(range(MIN_PARALLEL - 1), lambda item: os.getpid(), 4, lambda item: True))
    assert set(out) == {parent}


def test_workers_leave_when_their_parent_is_killed():
    """SIGKILL runs no clean-up: workers that stayed would hold the killed ingest's output pipes open."""
    code = ("import time, sys; from sitrep.workers import prepared\n"
            "def slow(item):\n    time.sleep(0.2); return item\n"
            "print('started', flush=True)\n"
            "for _ in prepared(range(400), slow, 2, lambda item: True): pass\n")
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout.readline() == b"started\n"
    time.sleep(1.5)  # the workers are forked and busy
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=20)  # returns once no worker holds the pipes


def test_the_input_is_read_as_it_is_used_not_held_whole():
    from itertools import count, islice
    for workers in (1, 2):  # an endless input: listing it whole would never return
        assert list(islice(prepared(count(), _double, workers, lambda item: True), 3)) == [0, 2, 4]
