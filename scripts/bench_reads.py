#!/usr/bin/env python
"""Benchmark (not a test): the read endpoints whose cost grows with the whole ledger, without a token.

Starts the real server (`python -m sitrep.cli serve --db DB`) on a free port, then times --requests
GETs of each of `/api/claims` and `/api/export/events.parquet` (no filter: the whole ledger) through one
keep-alive httpx client, and prints first/median/max seconds and body size. Build a ledger first with
`scripts/bench_ingest.py --workdir DIR` (it keeps DIR/ledger.db).

    .venv/bin/python scripts/bench_ingest.py --n 1200 --skip-spacy --workdir build/bench-reads
    .venv/bin/python scripts/bench_reads.py --db build/bench-reads/ledger.db
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_api import free_port, start_server  # noqa: E402  (start `sitrep serve`, wait for its answer)

ENDPOINTS = ["/api/claims", "/api/export/events.parquet"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", required=True, help="a ledger built by scripts/bench_ingest.py")
    ap.add_argument("--requests", type=int, default=5, help="requests per endpoint (default 5)")
    args = ap.parse_args()
    if not Path(args.db).exists():
        raise SystemExit(f"{args.db}: no such ledger")
    port = free_port()
    server = start_server(args.db, port)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=600) as client:
            for path in ENDPOINTS:
                seconds, size = [], 0
                for _ in range(args.requests):
                    started = time.perf_counter()
                    response = client.get(path)
                    seconds.append(time.perf_counter() - started)
                    size = len(response.content)
                print(f"{path:<30} status {response.status_code}  first {seconds[0]:6.2f} s  "
                      f"median {statistics.median(seconds):6.2f} s  max {max(seconds):6.2f} s  {size / 1e3:,.0f} KB")
    finally:
        server.terminate()
        server.wait(10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
