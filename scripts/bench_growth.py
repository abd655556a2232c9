#!/usr/bin/env python
"""Benchmark (not a test): does a growing ledger stay fast? (issue 8)

Generates --base + --new synthetic articles with the generator of bench_ingest.py, then, each ingest in a
child process of its own (through `sitrep.ingest`, as the CLI does):
1. ingests the --new articles into an empty ledger (the yardstick);
2. ingests the --base articles into a second ledger (not timed as the answer, printed for reference);
3. ingests the same --new articles into that grown ledger.
Prints the seconds of 1 and 3 and their ratio (the target is at most 2x), then one JSON line.

    .venv/bin/python scripts/bench_growth.py                       # 1,000 into empty vs into 10,000
    .venv/bin/python scripts/bench_growth.py --base 2000 --new 200 # a quick look
"""
from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_ingest import make_article, run_child_script  # noqa: E402


def write_corpus(path: Path, articles: list[dict]) -> None:
    path.mkdir(parents=True, exist_ok=True)
    with open(path / "part-0000.jsonl", "w", encoding="utf-8") as fh:
        for a in articles:
            fh.write(json.dumps(a, ensure_ascii=False) + "\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--base", type=int, default=10_000, help="articles already in the grown ledger")
    ap.add_argument("--new", type=int, default=1_000, help="articles ingested into both ledgers")
    ap.add_argument("--seed", type=int, default=3)
    args = ap.parse_args(argv)

    rng = random.Random(args.seed)
    articles = [make_article(rng, i) for i in range(1, args.base + args.new + 1)]
    work = Path(tempfile.mkdtemp(prefix="sitrep-growth-"))
    try:
        write_corpus(work / "base", articles[:args.base])
        write_corpus(work / "new", articles[args.base:])
        empty = run_child_script(str(work / "new"), str(work / "empty.db"))
        print(f"{args.new:,} into an empty ledger: {empty['ingest_s']:.1f} s", file=sys.stderr, flush=True)
        base = run_child_script(str(work / "base"), str(work / "grown.db"))
        print(f"{args.base:,} into the second ledger: {base['ingest_s']:.1f} s", file=sys.stderr, flush=True)
        grown = run_child_script(str(work / "new"), str(work / "grown.db"))
        ratio = grown["ingest_s"] / empty["ingest_s"]
        print(f"{args.new:,} into an empty ledger       {empty['ingest_s']:8.1f} s  "
              f"({args.new / empty['ingest_s']:.1f} articles/s, peak {empty['peak_rss_mb']:.0f} MB)")
        print(f"{args.new:,} into a ledger of {args.base:,}  {grown['ingest_s']:8.1f} s  "
              f"({args.new / grown['ingest_s']:.1f} articles/s, peak {grown['peak_rss_mb']:.0f} MB)")
        print(f"ratio                                 {ratio:8.2f}x (target <= 2x)")
        print(json.dumps({"base": args.base, "new": args.new, "seed": args.seed, "empty_s": round(empty["ingest_s"], 2),
                          "grown_s": round(grown["ingest_s"], 2), "ratio": round(ratio, 2),
                          "base_s": round(base["ingest_s"], 2), "base_events": base["events_new"],
                          "grown_peak_rss_mb": round(grown["peak_rss_mb"], 1), "at": time.strftime("%Y-%m-%d")}))
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
