#!/usr/bin/env python
"""Benchmark (not a test): does `sitrep.extract_events` stay fast and never raise on fuzzed text? (issue 8)

Generates --n texts of up to 10 KB the way tests/test_patterns.py does (tests/fuzzing.py: cue phrases of
the extraction rules repeated up to 2,000 times, whitespace runs, punctuation, real and impossible dates,
long digit runs, lone surrogates, NUL, random characters, invented attack sentences), each with a
publication date that may be none, the calendar's first or last day, or any day. Runs
`sitrep.extract_events(text, published=...)` on each and prints the number of inputs, of exceptions
(target 0), the slowest input's time and size (target under 100 ms for inputs of 10 KB or less), the
mean time per input and, last, one JSON line. A run stops early, with what it has, after --max-seconds.

    .venv/bin/python scripts/bench_fuzz.py --n 500            # smoke check, seconds
    .venv/bin/python scripts/bench_fuzz.py --n 10000 --seed 1
"""
from __future__ import annotations

import argparse
import collections
import json
import random
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tests.fuzzing, shared with the tests

import sitrep  # noqa: E402
from tests.fuzzing import fuzz_published, fuzz_text  # noqa: E402


def main() -> None:
    args = _arguments()
    kb = sitrep.load_kb()
    rng = random.Random(args.seed)
    times: list[tuple[float, int, int]] = []  # (seconds, characters, input number)
    errors: collections.Counter[str] = collections.Counter()
    started = time.perf_counter()
    for i in range(args.n):
        text, published = fuzz_text(rng), fuzz_published(rng)
        start = time.perf_counter()
        try:
            sitrep.extract_events(text, published=published, kb=kb)
        except Exception as exc:  # noqa: BLE001 - counting them is the point
            where = traceback.extract_tb(exc.__traceback__)[-1]
            errors[f"{type(exc).__name__} at {Path(where.filename).name}:{where.lineno}"] += 1
        times.append((time.perf_counter() - start, len(text), i))
        if time.perf_counter() - started > args.max_seconds:
            print(f"stopped after {args.max_seconds} s", file=sys.stderr)
            break
    _report(times, errors, args.seed)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--n", type=int, default=10_000, help="number of fuzzed inputs")
    parser.add_argument("--seed", type=int, default=1, help="random seed (the inputs are deterministic for it)")
    parser.add_argument("--max-seconds", type=float, default=3600, help="stop early after this long")
    return parser.parse_args()


def _report(times: list[tuple[float, int, int]], errors: collections.Counter, seed: int) -> None:
    slowest = max(times)
    small = [t for t in times if t[1] <= 10_000]
    slowest_small = max(small) if small else (0.0, 0, -1)
    over = sum(1 for t in small if t[0] > 0.1)
    summary = {
        "inputs": len(times), "seed": seed, "exceptions": sum(errors.values()),
        "slowest_ms": round(slowest[0] * 1000, 1), "slowest_chars": slowest[1], "slowest_input": slowest[2],
        "slowest_10kb_ms": round(slowest_small[0] * 1000, 1), "over_100ms_10kb": over,
        "mean_ms": round(sum(t[0] for t in times) / len(times) * 1000, 2),
        "total_s": round(sum(t[0] for t in times), 1),
    }
    print(f"inputs                      {summary['inputs']:,} (seed {seed})")
    print(f"exceptions                  {summary['exceptions']}")
    for kind, count in errors.most_common():
        print(f"    {count:6d}  {kind}")
    print(f"slowest input               {summary['slowest_ms']} ms, {slowest[1]:,} characters (input #{slowest[2]})")
    print(f"inputs <= 10 KB over 100 ms {over}")
    print(f"mean per input              {summary['mean_ms']} ms")
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
