#!/usr/bin/env python
"""Benchmark (not a test): how fast does `sitrep serve` answer over a ledger of 100,000 events?

1. Builds a ledger of --n synthetic events (deterministic for a --seed) straight through
   `Writer.write_batch` in chunks: no extraction, this measures serving. Places and coordinates are the
   knowledge base's own (`sitrep.load_kb()`), dates span 2019-2026 with flare-ups, attackers, weapon
   categories and models, statuses, casualty and launch/interception counts vary as reports do.
   The ledger is kept (--db) and reused when it already holds --n events.
2. Starts the real server (`python -m sitrep.cli serve`) on a free port in a child process.
3. For each scenario, sends --warmup requests, then --requests more through one keep-alive httpx client,
   rotating over a few realistic variants of the query, and prints p50/p95/max latency and body size.
4. With --with-dashboard, also times the dashboard's first render through
   `scripts/bench_dashboard.py:measure_first_render(base_url)` when that file exists.

    .venv/bin/python scripts/bench_api.py --n 2000 --requests 50      # smoke check, under a minute
    .venv/bin/python scripts/bench_api.py                               # 100,000 events
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import importlib.util
import json
import os
import platform
import random
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

import sitrep
from sitrep.models import Count, Event, Evidence, Mention

ROOT = Path(__file__).resolve().parents[1]
START, END = dt.date(2019, 1, 1), dt.date(2026, 6, 30)
# (actor id in the knowledge base, weight): Iran-aligned groups do most of the attacking, the US answers.
ATTACKERS = [("islamic-resistance-in-iraq", 30), ("kataib-hezbollah", 14), ("harakat-al-nujaba", 8),
             ("iran-backed-militias", 12), ("kataib-sayyid-al-shuhada", 4), ("saraya-awliya-al-dam", 3),
             ("irgc", 5), ("iran", 4), ("houthis", 6), ("us-forces", 8), ("centcom", 3), ("islamic-state", 3)]
COUNTRY_WEIGHT = {"IQ": 50, "SY": 30, "JO": 4, "QA": 1, "KW": 2, "IL": 3, "BH": 1, "AE": 1, "SA": 1}
WEAPON_WEIGHT = {"drone": 35, "rocket": 30, "ballistic_missile": 8, "cruise_missile": 3, "mortar": 8,
                 "aircraft": 8, "explosive": 4, "small_arms": 2, "unknown": 2}
SUB_EVENT = {"aircraft": "Air/drone strike", "explosive": "Remote explosive/landmine/IED",
             "small_arms": "Armed clash"}
FLARE_UPS = [(dt.date(2019, 12, 27), 20), (dt.date(2020, 1, 8), 10), (dt.date(2021, 6, 27), 30),
             (dt.date(2023, 10, 17), 110), (dt.date(2024, 4, 13), 10), (dt.date(2025, 6, 13), 14)]


# --- the synthetic ledger ---------------------------------------------------------------------

def synthetic_events(n: int, seed: int = 7):
    """`n` events over 2019-2026 at the knowledge base's places, as the resolver would store them."""
    rng = random.Random(seed)
    kb = sitrep.load_kb()
    places = [p for p in kb.places.values() if p.country in COUNTRY_WEIGHT and p.kind in ("base", "city")]
    place_weights = [COUNTRY_WEIGHT[p.country] * (3 if p.kind == "base" else 1) for p in places]
    models = {}
    for w in kb.weapons.values():
        if w.model:
            models.setdefault(w.category, []).append(w.name)
    for i in range(n):
        yield _event(i, rng, kb, rng.choices(places, place_weights)[0], models)


def _event(i: int, rng: random.Random, kb, place, models: dict) -> Event:
    attacker = kb.actors[rng.choices([a for a, _ in ATTACKERS], [w for _, w in ATTACKERS])[0]]
    affiliation = kb.affiliation(attacker)
    weapons = sorted(set(rng.choices(list(WEAPON_WEIGHT), list(WEAPON_WEIGHT.values()), k=rng.choice((1, 1, 1, 2)))))
    if affiliation == "US":
        weapons = ["aircraft"] if rng.random() < 0.7 else ["drone"]
    weapon_models = [rng.choice(models[w]) for w in weapons if w in models and rng.random() < 0.3]
    date, precision = _date(rng)
    country_level = rng.random() < 0.05
    doc_ids = [f"bench-doc-{rng.randrange(40_000)}" for _ in range(rng.choice((1, 1, 2, 3, 5)))]
    quote = (f"{attacker.name} {rng.choice(('fired', 'launched', 'sent'))} {' and '.join(weapons)} at "
             f"{place.name} on {date or 'an unknown date'}, officials said.")
    published = (date or START) + dt.timedelta(days=rng.choice((0, 0, 1, 2)))
    evidence = Evidence(doc=doc_ids[0], start=0, end=len(quote), quote=quote, rule="bench")
    launched = rng.choice((None, None, 2, 3, 4, 6, 10, 18)) if weapons[0] != "aircraft" else None
    intercepted = None if launched is None or rng.random() < 0.5 else rng.randint(0, launched)
    killed, injured = rng.choice((None, None, 0, 0, 1, 2, 3)), rng.choice((None, None, 0, 1, 2, 5, 8, 34))
    status = rng.choices(("reported", "corroborated", "confirmed"), (70, 25, 5))[0]
    return Event(
        id=f"ev-{hashlib.sha256(f'bench{i}'.encode()).hexdigest()[:12]}", date=date, date_precision=precision,
        country=place.country, location=kb.country(place.country).name if country_level else place.name,
        place_id=place.country.lower() if country_level else place.id, place_text=place.name,
        lat=None if country_level else place.lat, lon=None if country_level else place.lon,
        geo_precision="country" if country_level else place.precision,
        sub_event_type=SUB_EVENT.get(weapons[0], "Shelling/artillery/missile attack"), weapons=weapons,
        weapon_models=weapon_models, actor1=attacker.name, actor1_affiliation=affiliation,
        actor2="Iran-backed militias" if affiliation == "US" else "US forces",
        actor2_affiliation="IR" if affiliation == "US" else "US", killed=killed, injured=injured,
        casualties={k: {"best": v, "low": v, "high": v, "values": [] if v is None else [
            {"value": v, "qualifier": None, "who": "troops", "doc": doc_ids[0], "published": published.isoformat(),
             "quote": quote}]} for k, v in (("killed", killed), ("injured", injured))},
        launched=None if launched is None else Count(value=launched, evidence=evidence),
        intercepted=None if intercepted is None else Count(value=intercepted, evidence=evidence),
        status=status, credibility={"level": rng.choices(("normal", "high", "low"), (70, 20, 10))[0],
                                    "information": {"confirmed": 1, "corroborated": 2}.get(status, 3),
                                    "source_reliability": rng.choice("BBCCF"), "reason": "bench"},
        sources=[{"doc": d, "published": published.isoformat(), "quotes": [quote]} for d in dict.fromkeys(doc_ids)],
        mentions=[Mention(id=f"m-{i}", doc=doc_ids[0], evidence=evidence)])


def _date(rng: random.Random) -> tuple[dt.date | None, str]:
    roll = rng.random()
    if roll < 0.03:
        return None, "unknown"
    if roll < 0.45:
        start, days = rng.choice(FLARE_UPS)
        day = start + dt.timedelta(days=int(rng.expovariate(1 / days)))
        day = min(day, END)
    else:
        day = START + dt.timedelta(days=rng.randrange((END - START).days + 1))
    return day, "day" if roll < 0.95 else rng.choice(("week", "month"))


def build_ledger(db: Path, n: int, seed: int = 7, chunk: int = 5000) -> float:
    """Write `n` synthetic events into a fresh ledger at `db`; return the seconds it took."""
    from sitrep.store import iter_chunks

    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    started = time.perf_counter()
    with sitrep.open_ledger(str(db)) as ledger:
        for events in iter_chunks(synthetic_events(n, seed), chunk):
            with ledger.writer() as writer:
                writer.write_batch([], [], {e.id: e for e in events}, {e.id for e in events}, {})
    return time.perf_counter() - started


def ensure_ledger(db: Path, n: int, seed: int) -> str:
    if db.exists():
        with sitrep.open_ledger(str(db)) as ledger:
            if ledger.counts()["events"] == n:
                return f"reused {db} ({n:,} events)"
    seconds = build_ledger(db, n, seed)
    return f"built {db}: {n:,} events in {seconds:.1f} s"


# --- the server and the measurements -----------------------------------------------------------

# The dashboard's first render on a big ledger asks for its latest 90 days: the page, the stats, the map.
SCENARIOS = {
    "events: IQ + drone + since, page of 100": [
        f"/api/events?country=IQ&weapon=drone&since={y}-01-01&limit=100" for y in (2020, 2022, 2023, 2024, 2025)],
    "events: no filter, page of 100 (newest first)": ["/api/events?limit=100&order=desc",
                                                      "/api/events?limit=100&offset=1000&order=desc"],
    "events: q=kataib (text: a scan), page of 100": ["/api/events?q=kataib&limit=100"],
    "stats by day: 90 days": ["/api/stats?by=day&since=2026-04-01&until=2026-06-30",
                              "/api/stats?by=day&since=2024-01-01&until=2024-03-31"],
    "stats by day: IQ, one year": [f"/api/stats?by=day&country=IQ&since={y}-01-01&until={y}-12-31"
                                   for y in (2021, 2023, 2024)],
    "stats by day: whole ledger": ["/api/stats?by=day"],
    "stats by week: whole ledger": ["/api/stats?by=week"],
    "geojson: IQ, one month": [f"/api/events.geojson?country=IQ&since={m}-01&until={m}-28"
                               for m in ("2023-11", "2024-01", "2024-02", "2022-06")],
    "geojson: 90 days, newest 5,000": ["/api/events.geojson?since=2024-01-01&until=2024-03-31&limit=5000",
                                       "/api/events.geojson?since=2026-04-01&until=2026-06-30&limit=5000"],
    "geojson: no filter, newest 10,000": ["/api/events.geojson"],
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: Path, port: int) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "sitrep.cli", "serve", "--db", str(db), "--port", str(port)]
    server = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/openapi.json").raise_for_status()
            return server
        except httpx.TransportError:
            if server.poll() is not None:
                raise SystemExit(f"server exited: {server.stderr.read().decode()}")
            time.sleep(0.2)
    server.kill()
    raise SystemExit("server did not answer within 60 s")


def measure(client: httpx.Client, urls: list[str], warmup: int, requests: int) -> dict:
    for i in range(warmup):
        client.get(urls[i % len(urls)]).raise_for_status()
    times, sizes, totals = [], [], set()
    for i in range(requests):
        started = time.perf_counter()
        response = client.get(urls[i % len(urls)])
        times.append((time.perf_counter() - started) * 1000)
        response.raise_for_status()
        sizes.append(len(response.content))
        body = response.json()
        totals.add(body.get("total", body.get("totals", {}).get("events")))
    times.sort()
    return {"p50_ms": statistics.median(times), "p95_ms": times[int(0.95 * (len(times) - 1))],
            "max_ms": times[-1], "kb": statistics.mean(sizes) / 1024, "matched": sorted(t for t in totals if t is not None)}


def dashboard_hook(base_url: str) -> dict | None:
    path = ROOT / "scripts" / "bench_dashboard.py"
    if not path.exists():
        print("--with-dashboard: scripts/bench_dashboard.py does not exist yet; skipped")
        return None
    spec = importlib.util.spec_from_file_location("bench_dashboard", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.measure_first_render(base_url)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100_000, help="events in the synthetic ledger")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--db", type=Path, default=None, help="ledger to build or reuse (default build/bench/)")
    parser.add_argument("--requests", type=int, default=300, help="measured requests per scenario")
    parser.add_argument("--warmup", type=int, default=20, help="unmeasured requests per scenario first")
    parser.add_argument("--only", default="", help="run only the scenarios whose name contains this text")
    parser.add_argument("--with-dashboard", action="store_true",
                        help="also time the dashboard's first render (scripts/bench_dashboard.py)")
    args = parser.parse_args(argv)
    db = args.db or ROOT / "build" / "bench" / f"api-{args.n}.db"
    print(ensure_ledger(db, args.n, args.seed))
    load_before = os.getloadavg()[0]
    port = free_port()
    server = start_server(db, port)
    base_url = f"http://127.0.0.1:{port}"
    results = {}
    try:
        with httpx.Client(base_url=base_url, timeout=60) as client:
            for name, urls in SCENARIOS.items():
                if args.only in name:
                    results[name] = measure(client, urls, args.warmup, args.requests)
        first_render = dashboard_hook(base_url) if args.with_dashboard else None
    finally:
        server.terminate()
        server.wait(10)
    # Other work on the machine skews latency: the load average is printed beside the figures.
    print(f"\n{args.n:,} events, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{args.requests} requests per scenario after {args.warmup} warm-up, "
          f"load average before {load_before:.1f}, after {os.getloadavg()[0]:.1f}\n")
    print(f"| {'scenario':<46} | p50 ms | p95 ms | max ms | body KB | matched |")
    print(f"|{'-' * 48}|--------|--------|--------|---------|---------|")
    for name, r in results.items():
        matched = "/".join(f"{t:,}" for t in r["matched"][:3]) + ("..." if len(r["matched"]) > 3 else "")
        print(f"| {name:<46} | {r['p50_ms']:6.1f} | {r['p95_ms']:6.1f} | {r['max_ms']:6.1f} | {r['kb']:7.1f} | {matched} |")
    if first_render is not None:
        print(f"\ndashboard first render: {first_render}")
    print(json.dumps({"n": args.n, "results": results, "first_render": first_render}, default=str))


if __name__ == "__main__":
    main()
