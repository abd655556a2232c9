#!/usr/bin/env python
"""Benchmark (not a test): how long until the dashboard's map markers and timeline are drawn?

`measure_first_render(base_url, runs=5)` opens the dashboard in Debian's Chromium (Playwright) once per
run, each run in a fresh browser context (empty cache, so every asset and API answer is fetched again),
and reads the page's own marks: `window.__sitrepFirstRender` is `performance.now()` (milliseconds from
navigation start) when both the markers and the timeline are drawn; `sitrep-data` is when the stats
and GeoJSON answers were in; `sitrep-basemap` when the country outlines were drawn; `sitrep-list`
when the first page of the event list was.

`main()` serves a ledger with `sitrep serve` and prints the figures:

    .venv/bin/python scripts/bench_dashboard.py                      # 100,000 synthetic events
    .venv/bin/python scripts/bench_dashboard.py --db ledger.db --runs 10

Without --db it builds (or reuses) the 100,000-event ledger of `scripts/bench_api.py`, or a ledger of the
seed articles when that script is absent. The dashboard must be built (`npm run build --prefix web`).
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
SEEDS = ROOT.parent / "shared" / "gold" / "seeds" / "corpus.jsonl"
# The dashboard as opened (a big ledger opens on its latest 90 days), with every date (the newest
# 5,000 mapped events of the whole ledger, and the whole ledger's daily statistics), and with a
# three-month window such as a brush on the timeline sets.
PAGES = ("/", "/?dates=all", "/?since=2024-01-01&until=2024-03-31")


def measure_first_render(base_url: str, runs: int = 5, path: str = "/") -> dict:
    """First-render times of `base_url + path` over `runs` cold page loads: median and max, in ms."""
    from playwright.sync_api import sync_playwright

    samples = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM)
        try:
            for _ in range(runs):
                samples.append(_one_load(browser, base_url + path))
        finally:
            browser.close()
    out = {"path": path, "runs": runs}
    for key in ("first_render_ms", "data_ms", "basemap_ms", "list_ms"):
        values = sorted(s[key] for s in samples if s[key] is not None)
        out[key] = {"median": round(statistics.median(values)), "max": round(values[-1])} if values else None
    out["markers"] = samples[-1]["markers"]
    out["mapped"] = samples[-1]["mapped"]
    return out


def _one_load(browser, url: str) -> dict:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = context.new_page()
        page.goto(url)
        # a selector, not wait_for_function: the page's CSP forbids the eval Playwright's polling uses
        page.wait_for_selector("body[data-state=ready]", state="attached", timeout=60_000)
        page.wait_for_timeout(50)  # the basemap may finish just after the markers
        return page.evaluate("""() => {
            const mark = (name) => performance.getEntriesByName(name)[0]?.startTime ?? null;
            const note = document.querySelector('[data-testid=map-note]');
            return {first_render_ms: window.__sitrepFirstRender ?? null, data_ms: mark('sitrep-data'),
                    basemap_ms: mark('sitrep-basemap'), list_ms: mark('sitrep-list'), markers: Number(note.dataset.shown),
                    mapped: Number(note.dataset.mappable)};
        }""")
    finally:
        context.close()


# --- serving a ledger ---------------------------------------------------------------------------


def default_ledger() -> tuple[Path, str]:
    """The 100,000-event ledger of bench_api.py (built or reused), else a ledger of the seed articles."""
    bench_api = ROOT / "scripts" / "bench_api.py"
    if bench_api.exists():
        spec = importlib.util.spec_from_file_location("bench_api", bench_api)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        db = ROOT / "build" / "bench" / "api-100000.db"
        return db, module.ensure_ledger(db, 100_000, 7)
    import sitrep

    db = ROOT / "build" / "bench" / "seeds.db"
    db.unlink(missing_ok=True)
    with sitrep.open_ledger(str(db)) as ledger:
        sitrep.ingest([SEEDS], ledger)
    return db, f"built {db} from {SEEDS}"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(db: Path) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "sitrep.cli", "serve", "--db", str(db), "--port", str(port)],
                              cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base_url}/api/events?limit=1", timeout=5):
                return server, base_url
        except OSError:
            if server.poll() is not None:
                raise SystemExit(f"server exited: {server.stderr.read().decode()}")
            time.sleep(0.2)
    server.kill()
    raise SystemExit("server did not answer within 60 s")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, help="ledger to serve (default: the 100,000-event benchmark ledger)")
    parser.add_argument("--runs", type=int, default=5, help="cold page loads per page")
    args = parser.parse_args(argv)
    if not (ROOT / "src" / "sitrep" / "static" / "index.html").is_file():
        raise SystemExit("the dashboard is not built: npm ci --prefix web && npm run build --prefix web")
    db, how = (args.db, f"serving {args.db}") if args.db else default_ledger()
    print(how)
    server, base_url = serve(db)
    try:
        results = [measure_first_render(base_url, args.runs, path) for path in PAGES]
    finally:
        server.terminate()
        server.wait(10)
    print(f"\n{os.cpu_count()} cores, Chromium {CHROMIUM}, {args.runs} cold loads per page\n")
    print("| page | first render: median ms | max ms | map and stats answers in | basemap drawn | list drawn "
          "| markers / mapped |")
    print("|---|---|---|---|---|---|---|")
    for r in results:
        median = {k: (r[k]["median"] if r[k] else "-") for k in ("data_ms", "basemap_ms", "list_ms")}
        print(f"| `{r['path']}` | {r['first_render_ms']['median']} | {r['first_render_ms']['max']} | "
              f"{median['data_ms']} | {median['basemap_ms']} | {median['list_ms']} | {r['markers']:,} / {r['mapped']:,} |")
    print(json.dumps(results))


if __name__ == "__main__":
    main()
