#!/usr/bin/env python
"""Benchmark (not a test): how fast does `sitrep.ingest` read a large corpus, and at what memory cost?

1. Generates --n synthetic wire-style articles (2,000-6,000 characters each; deterministic for a --seed)
   into a temporary JSON Lines corpus, split into shards so that no file passes sitrep's
   default per-document size limit (SITREP_MAX_DOCUMENT_BYTES, 20 MiB).
2. Ingests the corpus folder into a fresh SQLite ledger in a child process, through the library API:
       ledger = sitrep.open_ledger(db); report = sitrep.ingest([corpus], ledger)
3. Takes the child's own peak RSS (ru_maxrss), so each measurement has its own peak.
4. Tokenises the same texts with spacy.blank("en") (nlp.pipe, batch_size=256, every doc consumed)
   in another child process, as a yardstick.
5. Prints a small table and, last, one JSON line.

    .venv/bin/python scripts/bench_ingest.py --n 200          # smoke check, well under a minute
    .venv/bin/python scripts/bench_ingest.py                  # 10,000 articles
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SHARD_BYTES = 8 * 1024 * 1024  # well under sitrep's default 20 MiB per-document limit

# --------------------------------------------------------------------------------------------------
# Corpus generator
# --------------------------------------------------------------------------------------------------

# (spellings, country, region phrase)
BASES = [
    (["Ain al-Asad Air Base", "Al-Asad Air Base", "al-Assad air base", "Ain al Asad", "Asad Air Base"],
     "Iraq", "in western Iraq's Anbar province"),
    (["Erbil Air Base", "the Erbil airport complex", "Irbil air base", "the airbase in Erbil"],
     "Iraq", "in the Kurdistan region of northern Iraq"),
    (["Harir Air Base", "the Harir base"], "Iraq", "north of Erbil"),
    (["Baghdad International Airport", "Baghdad airport", "the Baghdad Diplomatic Support Center"],
     "Iraq", "on the western edge of the Iraqi capital"),
    (["the U.S. Embassy in Baghdad", "the American embassy in Baghdad's Green Zone"], "Iraq", "in central Baghdad"),
    (["Camp Taji", "the Taji military base"], "Iraq", "north of Baghdad"),
    (["Camp Victory", "the Victory Base Complex"], "Iraq", "near Baghdad airport"),
    (["al-Tanf", "the al-Tanf garrison", "At-Tanf Garrison", "the Tanf base"], "Syria",
     "near the Syrian border with Jordan and Iraq"),
    (["Mission Support Site Green Village", "MSS Green Village", "the Green Village base"], "Syria",
     "in Syria's Deir ez-Zor province"),
    (["Mission Support Site Conoco", "the Conoco gas field base", "MSS Conoco"], "Syria",
     "in eastern Syria"),
    (["Mission Support Site Euphrates", "the al-Omar oil field base"], "Syria", "in Deir ez-Zor province"),
    (["Rumalyn Landing Zone", "the Rmeilan airfield"], "Syria", "in northeastern Syria's Hasakah province"),
    (["the Shaddadi base", "the U.S. base in Shaddadi"], "Syria", "south of Hasakah"),
    (["Tower 22", "the Tower 22 outpost"], "Jordan", "in northeastern Jordan near the Syrian border"),
    (["Al Udeid Air Base", "Al-Udeid air base", "the Udeid base"], "Qatar", "southwest of Doha"),
]
ATTACKERS = [
    "Iran-backed militants", "Iran-aligned militia groups", "Kataib Hezbollah", "Harakat al-Nujaba",
    "the Islamic Resistance in Iraq", "Kataib Sayyid al-Shuhada", "unidentified assailants",
    "a group calling itself Saraya Awliya al-Dam", "Iranian forces", "Iran's Revolutionary Guards",
]
WEAPONS = [
    ("rocket", "rockets", "fired"), ("Katyusha rocket", "Katyusha rockets", "fired"),
    ("one-way attack drone", "one-way attack drones", "launched"), ("drone", "drones", "launched"),
    ("ballistic missile", "ballistic missiles", "fired"), ("mortar round", "mortar rounds", "fired"),
    ("explosive-laden drone", "explosive-laden drones", "sent"),
    ("close-range ballistic missile", "close-range ballistic missiles", "fired"),
]
NUMBERS = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "a dozen", "14"]
OFFICIALS = [
    "a U.S. defense official", "a Pentagon spokesperson", "U.S. Central Command", "a coalition spokesman",
    "two Iraqi security officials", "a senior administration official", "a U.S. military official",
    "Kurdish counterterrorism authorities", "the Iraqi military's Security Media Cell",
]
OUTLETS = [
    ("Example Wire", "example-wire.test"), ("Gulf Desk News", "gulfdesk.test"),
    ("Frontline Post", "frontline-post.test"), ("Levant Monitor", "levant-monitor.test"),
    ("Capitol Defense Daily", "capitol-defense.test"), ("Archive Desk", "archive-desk.test"),
]
CITIES = {"Iraq": ["BAGHDAD", "ERBIL, Iraq", "WASHINGTON"], "Syria": ["BEIRUT", "DAMASCUS", "WASHINGTON"],
          "Jordan": ["AMMAN", "WASHINGTON"], "Qatar": ["DOHA", "DUBAI", "WASHINGTON"]}
SPOKESPEOPLE = ["Pentagon press secretary Pat Ryder", "deputy Pentagon press secretary Sabrina Singh",
                "National Security Council spokesman John Kirby", "coalition spokesman Col. Wayne Marotto",
                "State Department spokesman Matthew Miller", "CENTCOM spokesman Capt. Bill Urban"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
TIMES = ["late", "early", "on", "on", "on"]
PARTS = {"late": ["night", "evening"], "early": ["morning"], "on": [""]}

CONTEXT = [
    "U.S. and coalition forces in Iraq and Syria have come under repeated attack since mid-October, most of "
    "them with drones and rockets that caused little damage. The Pentagon has blamed groups backed by Iran's "
    "Islamic Revolutionary Guard Corps.",
    "About 2,500 U.S. troops are deployed in Iraq and about 900 in Syria on a mission to advise and assist "
    "local forces fighting the remnants of the Islamic State group, which once held a third of both countries.",
    "Iraqi Prime Minister Mohammed Shia al-Sudani has condemned attacks on bases hosting foreign troops, saying "
    "they harm Iraq's interests, while also criticising U.S. strikes on Iraqi soil as a violation of sovereignty.",
    "The attacks have raised fears that the war in Gaza could spill over into a wider regional conflict "
    "drawing in the United States and Iran, which each say they do not want a broader war.",
    "Iran-aligned factions in Iraq are part of the Popular Mobilisation Forces, a state-sanctioned umbrella of "
    "armed groups formed in 2014 to fight the Islamic State, which are formally under the prime minister's command.",
    "Washington and Baghdad have been negotiating a timetable for winding down the U.S.-led coalition mission, "
    "a process that militia leaders say has moved too slowly.",
    "The base has been targeted repeatedly over the past four years, including in January 2020, when Iran fired "
    "ballistic missiles at it in retaliation for the U.S. killing of Quds Force commander Qassem Soleimani.",
    "Air defence systems at the larger bases include Counter-Rocket, Artillery and Mortar systems, which "
    "intercept incoming rockets with rapid-fire cannon rounds, but smaller outposts rely on fewer protections.",
    "Analysts say the use of little-known front names allows established militias to claim attacks while "
    "giving their political wings, some of which sit in Iraq's parliament, room to deny responsibility.",
    "Oil prices rose briefly after the news, with traders watching for any disruption to shipping in the Gulf.",
]
BOILERPLATE = [
    "This story has been updated with additional details.",
    "Reporting by staff in Baghdad and Washington; editing by the world desk.",
    "Sign up for our daily Middle East briefing to get the latest news in your inbox.",
    "Copyright the publisher. All rights reserved. This material may not be published, broadcast, rewritten or "
    "redistributed without permission.",
    "Correction: An earlier version of this story misstated the province in which the base is located.",
]
RELATED = [
    "Rockets hit base hosting U.S. troops in western Iraq", "Pentagon says militia attacks on U.S. forces top 100",
    "U.S. strikes weapons depots in eastern Syria", "Drone shot down near Erbil airport, Kurdish officials say",
    "Iraq's prime minister calls for timetable on coalition exit", "Who are the Iran-backed groups in Iraq?",
]


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _count_phrase(rng: random.Random) -> tuple[str, bool]:
    """A count of projectiles and whether it is plural."""
    kind = rng.random()
    if kind < 0.35:
        n = rng.choice(NUMBERS)
        return n, True
    if kind < 0.5:
        lo = rng.randint(2, 18)
        return f"between {lo} and {lo + rng.randint(2, 8)}", True
    if kind < 0.62:
        return f"at least {rng.choice(NUMBERS)}", True
    if kind < 0.75:
        return rng.choice(["several", "multiple", "a barrage of", "a salvo of"]), True
    if kind < 0.85:
        return "a single", False
    return rng.choice(["more than a dozen", "as many as 20", "up to 10"]), True


def _when(rng: random.Random, event: dt.date, published: dt.date) -> str:
    lag = (published - event).days
    if lag == 0:
        return rng.choice(["on " + WEEKDAYS[event.weekday()], "earlier today", "today",
                           "late " + WEEKDAYS[event.weekday()] + " night"])
    if lag == 1 and rng.random() < 0.4:
        return rng.choice(["yesterday", "late yesterday", "overnight"])
    style = rng.choice(TIMES)
    part = rng.choice(PARTS[style])
    day = WEEKDAYS[event.weekday()]
    if lag > 6 or rng.random() < 0.25:
        return f"on {event.strftime('%B')} {event.day}" if rng.random() < 0.7 else f"on {event:%b}. {event.day}"
    return f"{style} {day} {part}".replace("  ", " ").strip()


def _casualties(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.35:
        return rng.choice(["There were no injuries", "No casualties were reported",
                           "No U.S. personnel were hurt", "There was no damage and no one was injured"])
    if r < 0.6:
        return (f"{rng.choice(['Two', 'Three', 'Four', 'Several', 'At least five', 'Seven'])} U.S. service members "
                f"suffered minor injuries")
    if r < 0.75:
        return (f"{rng.choice(['A number of', 'Several', 'Eleven', 'Dozens of'])} U.S. personnel were being "
                f"evaluated for traumatic brain injuries")
    if r < 0.85:
        return (f"A U.S. contractor died of a cardiac episode while sheltering, and "
                f"{rng.choice(['two', 'three', 'several'])} service members were wounded")
    if r < 0.93:
        return "Damage was still being assessed and it was not immediately clear whether anyone was hurt"
    return (f"{rng.choice(['One', 'Two', 'Three'])} U.S. service members were killed and "
            f"{rng.choice(['at least 25', 'more than 40', 'dozens', 'eight'])} wounded")


def _quote(rng: random.Random, attacker: str) -> str:
    who = rng.choice(SPOKESPEOPLE)
    lines = [
        f'"We will respond at a time and place of our choosing," {who} told reporters.',
        f'"These attacks are unacceptable, and the groups behind them should understand that," {who} said.',
        f'{who} said the United States "does not seek conflict" with Iran but would defend its forces.',
        f'"We hold Iran responsible for the actions of its proxies," {who} said in a statement.',
        f'Asked whether the administration was weighing strikes against {attacker}, {who} said he would not '
        f'"get ahead of decisions" that had not been made.',
        'Iran\'s foreign ministry denied any involvement, saying the groups "act independently".',
        f'A spokesman for {attacker} vowed to retaliate for any U.S. response, saying attacks would continue '
        f'"until the occupation leaves".',
        'An Iraqi government spokesman called the attack "a terrorist act" aimed at destabilising the country.',
    ]
    return rng.choice(lines)


def make_article(rng: random.Random, i: int, start: dt.date = dt.date(2019, 1, 1),
                 end: dt.date = dt.date(2025, 12, 31)) -> dict:
    """One article published between `start` and `end` (a narrow window gives many reports of each attack)."""
    spellings, country, region = rng.choice(BASES)
    base = rng.choice(spellings)
    published = start + dt.timedelta(days=rng.randint(0, (end - start).days))
    event = published - dt.timedelta(days=rng.choice([0, 0, 1, 1, 1, 2, 3, 5, 9]))
    when = _when(rng, event, published)
    official = rng.choice(OFFICIALS)
    outlet, domain = rng.choice(OUTLETS)
    city = rng.choice(CITIES[country])
    is_strike = rng.random() < 0.25
    paras: list[str] = []
    if is_strike:
        target_base = rng.choice(BASES)[0][0]
        targets = rng.randint(2, 90)
        place = rng.choice(["near Jurf al-Sakhar south of Baghdad", "in al-Qaim near the Syrian border",
                            "near Abu Kamal in eastern Syria", "around Deir ez-Zor", "near Mayadin in Syria",
                            "in eastern Baghdad", "near Akashat in Anbar province"])
        title = f"U.S. strikes Iran-backed militia sites {place.split(' in ')[-1] if ' in ' in place else place}"
        lede = (f"{city} ({outlet}) - U.S. forces carried out airstrikes {when} on {targets} targets {place} used by "
                f"{rng.choice(ATTACKERS[:6])} and Iran's Revolutionary Guards, in response to an attack on "
                f"{target_base} that {rng.choice(['injured U.S. personnel', 'killed a U.S. contractor', 'caused no casualties', 'damaged a hangar'])}, "
                f"{official} said.")
        paras.append(lede)
        paras.append(f"The strikes, carried out by {rng.choice(['F-15E jets', 'F-16 fighter jets', 'B-1 bombers flown from the United States', 'AC-130 gunships', 'MQ-9 Reaper drones'])}, "
                     f"hit {rng.choice(['weapons storage facilities', 'command and control sites', 'drone launch sites', 'logistics hubs and ammunition depots'])} "
                     f"and used {rng.choice(['more than 125', 'about 30', 'several dozen', 'at least 20'])} precision munitions.")
        paras.append(f"It was the {_ordinal(rng.randint(2, 9))} round of U.S. strikes since the attacks began, and came "
                     f"{rng.choice(['a day', 'two days', 'less than a week', 'hours'])} after officials vowed to respond.")
    else:
        count, plural = _count_phrase(rng)
        w_sing, w_plur, verb = rng.choice(WEAPONS)
        weapon = w_plur if plural else w_sing
        attacker = rng.choice(ATTACKERS)
        title = f"{count[0].upper() + count[1:]} {weapon} {verb} at {base.removeprefix('the ')}"
        lede = (f"{city} ({outlet}) - {attacker[0].upper() + attacker[1:]} {verb} {count} {weapon} at {base} {region} "
                f"{when}, {official} said{'.' if rng.random() < 0.5 else ' on ' + WEEKDAYS[published.weekday()] + '.'}")
        paras.append(lede)
        paras.append(f"{_casualties(rng)}, according to {rng.choice(OFFICIALS)}.")
        if rng.random() < 0.5:
            follow = [f"{rng.choice(['Two', 'One', 'Most'])} of the {w_plur} fell outside the base, in farmland nearby."]
            if plural:
                follow.append(f"The majority of the {w_plur} were intercepted by the base's air defences, "
                              f"while others landed inside the perimeter.")
            if "drone" in w_sing:
                follow.append("One drone was shot down and another struck an empty accommodation block.")
            if "rocket" in w_sing:
                follow.append("Iraqi security forces later found the launcher, with several unfired rockets, "
                              "in a truck nearby.")
            paras.append(rng.choice(follow))
        if rng.random() < 0.4:
            n = rng.randint(20, 180)
            paras.append(f"It was the {_ordinal(n)} attack on U.S. forces in Iraq and Syria since October 17, "
                         f"according to a Pentagon tally: {n // 2} in Iraq and {n - n // 2} in Syria.")
        if rng.random() < 0.5:
            paras.append(f"{rng.choice(ATTACKERS[2:6])} claimed responsibility in a statement on Telegram, "
                         f"calling it a response to U.S. support for Israel.")
        paras.append(_quote(rng, attacker if attacker in ATTACKERS[2:6] else rng.choice(ATTACKERS[2:6])))
    # grow to a random target length with context, quotes and boilerplate
    target = rng.randint(2000, 6000)
    pool = CONTEXT[:]
    rng.shuffle(pool)
    while sum(len(p) + 2 for p in paras) < target - 150:
        if pool and rng.random() < 0.75:
            paras.append(pool.pop())
        elif rng.random() < 0.5:
            paras.append(_quote(rng, rng.choice(ATTACKERS[2:6])))
        else:
            extra_base = rng.choice(rng.choice(BASES)[0])
            past = published - dt.timedelta(days=rng.randint(10, 900))
            paras.append(f"In a separate incident on {past:%B} {past.day}, {past.year}, "
                         f"{rng.choice(NUMBERS)} {rng.choice(WEAPONS)[1]} targeted {extra_base}, "
                         f"{rng.choice(['causing no casualties', 'wounding several service members', 'damaging a runway', 'with no reported damage'])}. "
                         f"Reference {i}-{rng.randint(1000, 9999)}.")
    paras.append(rng.choice(BOILERPLATE))
    if rng.random() < 0.3:
        paras.append("You may also like:\n" + "\n".join(rng.sample(RELATED, 3)))
    text = "\n\n".join(paras)
    while len(text) > 6000 and len(paras) > 2:  # trim whole paragraphs from the body, keep the lede
        paras.pop(-2)
        text = "\n\n".join(paras)
    if len(text) < 2000:  # pad with boilerplate (only possible after heavy trimming)
        text += "\n\n" + " ".join(BOILERPLATE)
    slug = "-".join(title.lower().replace(".", "").replace(",", "").split()[:8])
    return {
        "id": f"bench-{i:06d}",
        "url": f"https://{domain}/{published:%Y/%m/%d}/{slug}-{i}",
        "title": title,
        "published": None if rng.random() < 0.02 else published.isoformat(),
        "outlet": outlet,
        "text": text[:6000],
    }


def generate(n: int, seed: int, folder: Path) -> tuple[int, int]:
    """Write n articles as JSON Lines shards; return (articles, bytes)."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    total, shard, size = 0, 0, 0
    out = open(folder / f"part-{shard:04d}.jsonl", "w", encoding="utf-8")
    try:
        for i in range(1, n + 1):
            line = json.dumps(make_article(rng, i), ensure_ascii=False) + "\n"
            data_len = len(line.encode("utf-8"))
            if size and size + data_len > SHARD_BYTES:
                out.close()
                shard += 1
                size = 0
                out = open(folder / f"part-{shard:04d}.jsonl", "w", encoding="utf-8")
            out.write(line)
            size += data_len
            total += data_len
    finally:
        out.close()
    return n, total


# --------------------------------------------------------------------------------------------------
# Child processes: each reports its own timings and peak RSS as one JSON line on stdout
# --------------------------------------------------------------------------------------------------

def _peak_rss_mb(who=resource.RUSAGE_SELF) -> float:
    peak = resource.getrusage(who).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024  # bytes on macOS, KiB on Linux


def child_ingest(corpus: str, db: str) -> dict:
    t0 = time.perf_counter()
    import sitrep
    t1 = time.perf_counter()
    ledger = sitrep.open_ledger(db)
    t2 = time.perf_counter()
    report = sitrep.ingest([corpus], ledger)
    t3 = time.perf_counter()
    close = getattr(ledger, "close", None)
    if callable(close):
        close()
    rejected = getattr(report, "rejected", []) or []
    return {
        "import_s": t1 - t0, "open_s": t2 - t1, "ingest_s": t3 - t2, "peak_rss_mb": _peak_rss_mb(),
        # The largest worker process (documents are prepared in forked workers, SITREP_WORKERS).
        "worker_peak_rss_mb": _peak_rss_mb(resource.RUSAGE_CHILDREN), "workers": sitrep.Settings.from_env().workers,
        "read": getattr(report, "read", None), "stored": getattr(report, "stored", None),
        "unchanged": getattr(report, "unchanged", None), "rejected": len(rejected),
        "rejected_sample": [f"{r.source}: {r.reason}" for r in rejected[:3]],
        "mentions": getattr(report, "mentions", None), "events_new": getattr(report, "events_new", None),
    }


def child_spacy(corpus: str, batch_size: int) -> dict:
    texts = []
    for shard in sorted(Path(corpus).glob("*.jsonl")):
        with open(shard, encoding="utf-8") as f:
            texts.extend(json.loads(line)["text"] for line in f if line.strip())
    t0 = time.perf_counter()
    import spacy
    nlp = spacy.blank("en")
    t1 = time.perf_counter()
    tokens = 0
    for doc in nlp.pipe(texts, batch_size=batch_size):
        tokens += len(doc)
    t2 = time.perf_counter()
    return {"load_s": t1 - t0, "pipe_s": t2 - t1, "tokens": tokens, "docs": len(texts),
            "peak_rss_mb": _peak_rss_mb()}


def run_child(args: list[str]) -> dict:
    cmd = [sys.executable, os.path.abspath(__file__), *args]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        raise SystemExit(f"child {' '.join(args[:2])} failed with exit code {proc.returncode}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def run_child_script(corpus: str, db: str) -> dict:
    """`child_ingest` in a fresh process: its figures, its own peak memory."""
    return run_child(["--child", "ingest", corpus, db])


# --------------------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=10_000, help="number of articles (default 10,000)")
    ap.add_argument("--seed", type=int, default=1, help="random seed for the corpus (default 1)")
    ap.add_argument("--batch-size", type=int, default=256, help="spaCy nlp.pipe batch size (default 256)")
    ap.add_argument("--workdir", help="keep corpus and ledger in this folder instead of a temporary one")
    ap.add_argument("--skip-spacy", action="store_true", help="do not run the spaCy yardstick")
    ap.add_argument("--workers", type=int, help="processes that prepare documents (SITREP_WORKERS; default: "
                                                "sitrep's own, the cores up to 4)")
    ap.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.child:
        kind, *rest = args.child
        result = child_ingest(rest[0], rest[1]) if kind == "ingest" else child_spacy(rest[0], int(rest[1]))
        print(json.dumps(result))
        return 0

    if args.workers:
        os.environ["SITREP_WORKERS"] = str(args.workers)  # read by the ingest child's settings
    tmp = None
    if args.workdir:
        work = Path(args.workdir)
        work.mkdir(parents=True, exist_ok=True)
    else:
        tmp = tempfile.mkdtemp(prefix="sitrep-bench-")
        work = Path(tmp)
    try:
        corpus, db = work / "corpus", work / "ledger.db"
        if corpus.exists():
            shutil.rmtree(corpus)
        for p in work.glob("ledger.db*"):
            p.unlink()
        t0 = time.perf_counter()
        n, nbytes = generate(args.n, args.seed, corpus)
        gen_s = time.perf_counter() - t0
        shards = len(list(corpus.glob("*.jsonl")))
        print(f"generated {n:,} articles, {nbytes / 1e6:.1f} MB in {shards} shard(s) in {gen_s:.1f}s -> {corpus}",
              file=sys.stderr, flush=True)

        ing = run_child(["--child", "ingest", str(corpus), str(db)])
        sp = None if args.skip_spacy else run_child(["--child", "spacy", str(corpus), str(args.batch_size)])

        result = {
            "articles": n, "total_mb": round(nbytes / 1e6, 2), "shards": shards, "seed": args.seed,
            "ingest_s": round(ing["ingest_s"], 3),
            "articles_per_s": round(n / ing["ingest_s"], 1) if ing["ingest_s"] else None,
            "peak_rss_mb": round(ing["peak_rss_mb"], 1), "workers": ing["workers"],
            "worker_peak_rss_mb": round(ing["worker_peak_rss_mb"], 1),
            "import_s": round(ing["import_s"], 3), "open_ledger_s": round(ing["open_s"], 3),
            "read": ing["read"], "stored": ing["stored"], "unchanged": ing["unchanged"],
            "rejected": ing["rejected"], "mentions": ing["mentions"], "events_new": ing["events_new"],
            "ledger_mb": round(db.stat().st_size / 1e6, 2) if db.exists() else None,
        }
        if sp:
            result.update({
                "spacy_blank_s": round(sp["pipe_s"], 3),
                "spacy_articles_per_s": round(n / sp["pipe_s"], 1) if sp["pipe_s"] else None,
                "spacy_peak_rss_mb": round(sp["peak_rss_mb"], 1), "spacy_tokens": sp["tokens"],
                "ratio_sitrep_over_spacy": round(ing["ingest_s"] / sp["pipe_s"], 2) if sp["pipe_s"] else None,
            })
        rows = [
            ("articles", f"{n:,}"), ("total MB", f"{nbytes / 1e6:.1f}"),
            ("ingest seconds", f"{ing['ingest_s']:.2f}"), ("articles/second", f"{result['articles_per_s']:,}"),
            ("peak RSS MB", f"{ing['peak_rss_mb']:.0f}"), ("workers", f"{ing['workers']}"),
            ("worker peak RSS MB", f"{ing['worker_peak_rss_mb']:.0f}"),
            ("stored / rejected", f"{ing['stored']} / {ing['rejected']}"),
            ("mentions / new events", f"{ing['mentions']} / {ing['events_new']}"),
        ]
        if sp:
            rows += [("spaCy blank seconds", f"{sp['pipe_s']:.2f}"),
                     ("spaCy articles/second", f"{result['spacy_articles_per_s']:,}"),
                     ("spaCy peak RSS MB", f"{sp['peak_rss_mb']:.0f}"),
                     ("ratio sitrep/spaCy", f"{result['ratio_sitrep_over_spacy']}x")]
        width = max(len(k) for k, _ in rows)
        print("-" * (width + 16))
        for k, v in rows:
            print(f"{k:<{width}}  {v:>12}")
        print("-" * (width + 16))
        if ing["rejected"]:
            print("rejections (sample): " + "; ".join(ing["rejected_sample"]))
        print(json.dumps(result))
        return 0
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
