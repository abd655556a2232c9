"""The dashboard in a real browser: Debian's Chromium driven by Playwright against the real API server
(`sitrep.api.create_app` under uvicorn) over a ledger of the seed articles plus one hostile document.

Checks what a reader relies on: markers at the bases the articles name, a timeline whose brush narrows
the map and the list, quotes highlighted where they stand in their documents, and article text that
stays text (no script, image or SVG from a payload ever reaches the DOM, no dialog fires).
"""
from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import socket
import subprocess
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import uvicorn

import sitrep
from sitrep.api import CSP, create_app
from sitrep.models import Event

from .conftest import gold_set

playwright_sync = pytest.importorskip("playwright.sync_api")

ROOT = Path(__file__).resolve().parents[1]
WEB = ROOT / "web"
STATIC = ROOT / "src" / "sitrep" / "static"
ARTIFACTS = ROOT / "build" / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
BASES = ("Asad", "Erbil", "Udeid")  # Ain al-Asad Air Base (IQ), Erbil (IQ), Al Udeid Air Base (QA)

PAYLOADS = ("<script>alert(1)</script>", "<img src=x onerror=alert(2)>", '"><svg onload=alert(3)>')
HOSTILE = {
    "id": "hostile-001",
    "url": "javascript:alert(4)",
    "title": f"Drone strike {PAYLOADS[0]} on Erbil {PAYLOADS[1]}",
    "published": "2024-02-10",
    "outlet": PAYLOADS[2],
    "text": (f"Erbil attack report {PAYLOADS[0]}\n"
             f"A drone launched by the Islamic Resistance in Iraq struck Erbil Air Base on February 9, 2024, "
             f"{PAYLOADS[1]} wounding two US service members {PAYLOADS[2]}.\n"
             "The Pentagon said the attack caused minor damage."),
}


# --- fixtures: the build, the ledger, the server, the browser -----------------------------------


def _sources_newer_than_build() -> bool:
    """The build is stale when any file of `web/` (not node_modules) changed after it was written."""
    built = (STATIC / "index.html").stat().st_mtime
    return any(p.stat().st_mtime > built for p in WEB.rglob("*")
               if p.is_file() and "node_modules" not in p.parts and "generated" not in p.parts)


@pytest.fixture(scope="module")
def dashboard():
    """The built dashboard: built here when missing or stale, skipped only when it cannot be built."""
    if (STATIC / "index.html").is_file() and not _sources_newer_than_build():
        return STATIC
    npm = shutil.which("npm")
    if npm is None:
        pytest.skip(f"{STATIC}/index.html is missing and npm is not installed: "
                    "run `npm ci --prefix web && npm run build --prefix web`")
    if not (WEB / "node_modules").is_dir():
        ci = subprocess.run([npm, "ci", "--prefix", str(WEB)], capture_output=True, text=True, timeout=600)
        if ci.returncode != 0:
            pytest.skip(f"the dashboard is not built and `npm ci` failed (no npm registry?): {ci.stderr[-500:]}")
    build = subprocess.run([npm, "run", "build", "--prefix", str(WEB)], capture_output=True, text=True, timeout=600)
    assert build.returncode == 0, f"npm run build failed:\n{build.stdout[-2000:]}\n{build.stderr[-2000:]}"
    return STATIC


@pytest.fixture(scope="module")
def ledger_db(tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("browser")
    hostile = folder / "hostile.jsonl"
    hostile.write_text(json.dumps(HOSTILE) + "\n", encoding="utf-8")
    db = folder / "ledger.db"
    with sitrep.open_ledger(str(db)) as ledger:
        sitrep.ingest([gold_set("seeds/corpus.jsonl"), hostile], ledger)
    return str(db)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(db: str):
    """The real app under uvicorn in a thread; yields its base URL."""
    server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=_free_port(),
                                           log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the API server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{server.config.port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def base_url(dashboard, ledger_db):
    yield from _serve(ledger_db)


BIG = 5200  # over the dashboard's 5,000-event threshold for a default date window and the map's cap


@pytest.fixture(scope="module")
def big_base_url(dashboard, tmp_path_factory):
    """A ledger of BIG plain events at one base, 13 a day over 400 days, written as the resolver would."""
    db = str(tmp_path_factory.mktemp("big") / "big.db")
    first = dt.date(2024, 1, 1)
    events = [Event(id=f"ev-big-{i:05d}", date=first + dt.timedelta(days=i // 13), date_precision="day",
                    country="IQ", location="Ain al-Asad Air Base", place_id="ain-al-asad", lat=33.786, lon=42.441,
                    geo_precision="site", actor1="Islamic Resistance in Iraq", actor1_affiliation="IR",
                    weapons=["drone"], sources=[{"doc": f"big-{i}", "published": None, "quotes": []}])
              for i in range(BIG)]
    with sitrep.open_ledger(db) as ledger:
        with ledger.writer() as writer:
            writer.write_batch([], [], {e.id: e for e in events}, {e.id for e in events}, {})
    yield from _serve(db)


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium package")
    with playwright_sync.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM))
        yield chromium
        chromium.close()


@dataclass
class Tab:
    """A page plus what it did that a test must see: dialogs, script errors, CSP violations."""

    page: object
    base: str
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)  # requests to anywhere but the server

    def open(self, path: str):
        response = self.page.goto(self.base + path)
        self.ready()
        return response

    def ready(self) -> None:
        # A selector, not wait_for_function: the page's CSP (rightly) forbids the eval that polls a function.
        self.page.wait_for_selector("body[data-state=ready], body[data-state=error]", state="attached", timeout=15_000)
        assert self.page.evaluate("document.body.dataset.state") == "ready", self.page.inner_text("[data-testid=error]")

    def api(self, path: str, **params):
        response = self.page.request.get(self.base + path, params=params or None)
        assert response.ok, f"{path}: {response.status}"
        return response.json()

    def screenshot(self, name: str) -> None:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    def assert_clean(self) -> None:
        assert self.dialogs == [], f"a dialog fired: {self.dialogs}"
        assert self.errors == [], f"script errors or CSP violations: {self.errors}"
        assert self.foreign == [], f"the page fetched from outside its origin: {self.foreign}"


@pytest.fixture()
def tab(browser, base_url):
    yield from _tab(browser, base_url)


@pytest.fixture()
def big_tab(browser, big_base_url):
    yield from _tab(browser, big_base_url)


def _tab(browser, base_url: str):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    t = Tab(page, base_url)

    def on_dialog(dialog):
        t.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("pageerror", lambda exc: t.errors.append(f"pageerror: {exc}"))
    page.on("request", lambda request: request.url.startswith(base_url + "/") or request.url.startswith("data:")
            or t.foreign.append(request.url))
    page.on("console", lambda msg: msg.type == "error" and "Content Security Policy" in msg.text
            and t.errors.append(f"console: {msg.text}"))
    yield t
    context.close()


# --- helpers ------------------------------------------------------------------------------------


def poll(check, timeout: float = 10.0, message: str = "condition not met"):
    """Wait until `check()` is truthy (Python-side polling: the page's CSP forbids Playwright's eval)."""
    deadline = time.monotonic() + timeout
    while not (result := check()):
        assert time.monotonic() < deadline, message
        time.sleep(0.05)
    return result


def row_ids(page) -> list[str]:
    return page.eval_on_selector_all("[data-testid=event-row]", "rows => rows.map(r => r.dataset.eventId)")


def mapped_features(page) -> list[dict]:
    return page.evaluate("window.__sitrep.features.map(f => ({id: f.id, date: f.properties.date, "
                         "location: f.properties.location}))")


def hostile_event(tab: Tab) -> dict:
    events = tab.api("/api/events", limit=500)["items"]
    found = [e for e in events if any(s["doc"] == HOSTILE["id"] for s in e["sources"])]
    assert found, "the hostile document yielded no event"
    return found[0]


def assert_no_payload_markup(page) -> None:
    """Nothing from the payloads became an element or an attribute; the text is on the page as text."""
    assert page.locator("script:not([src])").count() == 0
    assert page.locator("img[src='x'], img[onerror], svg[onload], [onerror], [onload]").count() == 0
    assert page.locator("a[href^='javascript:' i]").count() == 0
    assert page.evaluate("[...document.scripts].every(s => s.src.startsWith(location.origin + '/assets/'))")


# --- tests --------------------------------------------------------------------------------------


def test_home_page_maps_the_bases_and_lists_the_json_twins_events(tab):
    response = tab.open("/")
    assert response.headers["content-security-policy"] == CSP
    assert response.headers["x-content-type-options"] == "nosniff"
    page = tab.page

    features = mapped_features(page)
    for base in BASES:
        assert any(base in (f["location"] or "") for f in features), f"no marker at {base}"
    assert page.get_attribute("[data-testid=map-note]", "data-shown") == str(len(features))
    # clustered: at least one marker or cluster drawn; opening a cluster shows the markers inside it
    visible = page.locator("[data-testid=marker]:visible")
    clusters = page.locator("[data-testid=marker-cluster]:visible")
    assert visible.count() + clusters.count() >= 1
    if clusters.count():
        before = visible.count()
        clusters.first.click()  # zooms in, or spiderfies markers that share one place
        poll(lambda: visible.count() > before, message="opening a cluster showed no more markers")
    # a marker's popup is built from the event, with a link to its page
    visible.first.click()
    popup = page.locator(".leaflet-popup [data-testid=popup]")
    popup.wait_for()
    event_id = visible.first.get_attribute("data-event-id")
    assert popup.locator("a").get_attribute("href") == f"/events/{event_id}"
    assert popup.locator("[data-testid=status-badge]").count() == 1
    assert page.locator("[data-testid=timeline] .u-over").is_visible()
    assert page.locator("[data-testid=timeline] canvas").count() == 1

    twin = tab.api("/api/events")
    assert page.get_attribute("[data-testid=json-twin]", "href") == "/api/events"
    assert row_ids(page) == [e["id"] for e in twin["items"]]
    assert page.locator("[data-testid=event-row] [data-testid=status-badge]").count() == len(twin["items"])
    stats = tab.api("/api/stats", by="day")
    assert page.inner_text("[data-testid=total-events] .figure-value") == f"{stats['totals']['events']:,}"
    tab.screenshot("home")
    tab.assert_clean()


def test_reported_events_look_unverified(tab):
    tab.open("/")
    styles = tab.page.eval_on_selector_all(
        "[data-testid=event-row] [data-testid=status-badge]",
        "els => els.map(e => [e.dataset.status, getComputedStyle(e).borderTopStyle, getComputedStyle(e, '::after').content])")
    reported = [s for s in styles if s[0] == "reported"]
    assert reported, "the seed ledger should hold machine-coded (reported) events"
    assert all(style == "dashed" and "unverified" in after for _, style, after in reported)
    assert all(style != "dashed" for status, style, _ in styles if status != "reported")
    markers = tab.page.eval_on_selector_all("[data-testid=marker]", "els => els.map(e => e.parentElement.className)")
    assert all("status-" in m and "side-" in m for m in markers)


def test_brushing_the_timeline_narrows_the_list_and_the_map(tab):
    tab.open("/")
    page = tab.page
    rows_before, features_before = row_ids(page), mapped_features(page)
    latest = max(f["date"] for f in features_before if f["date"])
    # drag from 60 days before the newest mapped event to the plot's right edge
    box = page.locator("[data-testid=timeline] .u-over").bounding_box()
    start = page.evaluate("""(day) => {
        const u = window.__sitrep.timeline.plot;
        return u.valToPos(Date.parse(day + 'T00:00:00Z') / 1000 - 60 * 86400, 'x');
    }""", latest)
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + start, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] - 2, y, steps=8)
    page.mouse.up()
    page.wait_for_url(re.compile(r"since=\d{4}-\d\d-\d\d&until=\d{4}-\d\d-\d\d"))
    tab.ready()

    query = dict(re.findall(r"(since|until)=([\d-]+)", page.url))
    rows_after, features_after = row_ids(page), mapped_features(page)
    assert 0 < len(rows_after) < len(rows_before)
    assert 0 < len(features_after) < len(features_before)
    assert all(query["since"] <= f["date"] <= query["until"] for f in features_after)
    dates = page.eval_on_selector_all("[data-testid=event-row]", "rows => rows.map(r => r.dataset.date)")
    assert all(query["since"] <= d <= query["until"] for d in dates)
    twin = tab.api("/api/events", **query)
    assert rows_after == [e["id"] for e in twin["items"]]
    assert page.input_value("[data-testid=filter-since]") == query["since"]
    tab.screenshot("home-brushed")
    page.go_back()
    poll(lambda: "since=" not in page.url and row_ids(page) == rows_before, message="Back did not restore the list")
    tab.assert_clean()


def test_list_order_follows_the_url_and_its_json_twin(tab):
    tab.open("/?country=IQ")
    page = tab.page
    page.select_option("[data-testid=order]", "desc")
    page.wait_for_url(re.compile(r"\?country=IQ&order=desc$"))
    tab.ready()
    twin = tab.api("/api/events", country="IQ", order="desc")
    assert row_ids(page) == [e["id"] for e in twin["items"]]
    assert page.get_attribute("[data-testid=json-twin]", "href") == "/api/events?country=IQ&order=desc"
    tab.assert_clean()


def test_a_big_ledger_opens_on_its_latest_days_and_caps_the_map(big_tab):
    tab = big_tab
    tab.open("/")
    page = tab.page
    last = (dt.date(2024, 1, 1) + dt.timedelta(days=(BIG - 1) // 13)).isoformat()
    since = (dt.date.fromisoformat(last) - dt.timedelta(days=89)).isoformat()
    assert page.url.endswith(f"/?since={since}&until={last}")
    assert page.locator("[data-testid=window-note]").is_visible()
    twin = tab.api("/api/events", since=since, until=last)
    assert page.inner_text("[data-testid=event-total]") == f"{twin['total']:,} events"
    assert page.get_attribute("[data-testid=map-note]", "data-shown") == str(twin["total"])

    page.click("[data-testid=clear-dates]")
    page.wait_for_url(re.compile(r"/\?dates=all$"))
    tab.ready()
    assert not page.locator("[data-testid=window-note]").is_visible()
    assert page.inner_text("[data-testid=event-total]") == f"{BIG:,} events"
    note = page.locator("[data-testid=map-note]")
    assert note.get_attribute("data-shown") == "5000" and note.get_attribute("data-mappable") == str(BIG)
    assert page.locator("[data-testid=map-capped]").is_visible()
    tab.screenshot("home-big-all-dates")
    tab.assert_clean()


def test_event_page_highlights_each_quote_in_its_document(tab):
    events = tab.api("/api/events", place="Asad")["items"]
    dated = [e for e in events if e["date"]]
    assert dated, "no dated event at Ain al-Asad in the seed ledger"
    event = tab.api(f"/api/events/{dated[0]['id']}")
    tab.open(f"/events/{event['id']}")
    page = tab.page

    main = event["mentions"][0]["evidence"]
    document = tab.api(f"/api/documents/{main['doc']}")
    assert document["text"][main["start"]:main["end"]] == main["quote"]
    mark = page.locator("#passage-1 [data-testid=doc-text] mark[data-testid=quote-highlight]")
    assert mark.inner_text() == main["quote"]
    assert mark.get_attribute("data-start") == str(main["start"])
    quotes = {ev["quote"] for m in event["mentions"] for ev in [m["evidence"], *m["extra_evidence"]]}
    shown = page.eval_on_selector_all("[data-testid=quote-highlight]", "marks => marks.map(m => m.textContent)")
    assert quotes <= set(shown)
    assert page.locator("[data-testid=offset-mismatch]").count() == 0
    assert page.inner_text("[data-testid=place-raw]") == (event["place_text"] or "–")  # a dash: no raw text
    assert event["location"] in page.inner_text("[data-testid=place-matched]")
    assert page.locator("[data-testid=event-header] [data-testid=status-badge]").get_attribute("data-status") == event["status"]
    if any(event["casualties"].get(k, {}).get("values") for k in ("killed", "injured")):
        assert page.locator("[data-testid=casualty-row]").count() >= 1
    # each value cites a passage on the page
    for href in page.eval_on_selector_all("[data-testid=citation] a", "links => links.map(a => a.getAttribute('href'))"):
        assert page.locator(href).count() == 1
    tab.screenshot("event")
    tab.assert_clean()


def test_retaliation_links_go_both_ways(tab):
    answers = [e for e in tab.api("/api/events", limit=500)["items"] if e["responds_to"]]
    assert answers, "the seed articles report US strikes answering attacks"
    answer = answers[0]
    tab.open(f"/events/{answer['id']}")
    links = tab.page.eval_on_selector_all("[data-testid=links] [data-testid=event-link]", "as => as.map(a => a.getAttribute('href'))")
    assert [f"/events/{target}" for target in answer["responds_to"]] == links[:len(answer["responds_to"])]
    tab.page.click(f"[data-testid=links] a[href='/events/{answer['responds_to'][0]}']")
    tab.page.wait_for_url(f"**/events/{answer['responds_to'][0]}")
    tab.ready()
    answered_by = tab.page.eval_on_selector_all("[data-testid=links] [data-testid=event-link]", "as => as.map(a => a.dataset.eventId)")
    assert answer["id"] in answered_by
    tab.assert_clean()


def test_unknown_event_page_says_so(tab):
    response = tab.page.goto(tab.base + "/events/ev-nonexistent")
    assert response.status == 404
    assert response.headers["content-security-policy"] == CSP
    tab.page.wait_for_selector("body[data-state=error]", state="attached")
    assert "no event 'ev-nonexistent'" in tab.page.inner_text("[data-testid=error]")


def test_hostile_document_stays_text_on_every_page(tab):
    event = hostile_event(tab)
    page = tab.page

    tab.open(f"/events/{event['id']}")
    assert page.locator("[data-testid=quote-highlight]", has_text=PAYLOADS[1]).count() >= 1
    assert page.get_by_text(PAYLOADS[0]).first.is_visible()
    assert page.get_by_text("URL not linked (not http/https): javascript:alert(4)").first.is_visible()
    assert_no_payload_markup(page)
    tab.screenshot("event-hostile")

    tab.open("/documents")
    row = page.locator(f"[data-testid=doc-row][data-doc='{HOSTILE['id']}']")
    assert row.locator("[data-testid=doc-title]").inner_text() == HOSTILE["title"]
    assert PAYLOADS[2] in row.inner_text()
    assert row.locator("a.citing").count() >= 1
    assert_no_payload_markup(page)
    tab.screenshot("documents")

    tab.open(f"/documents?id={HOSTILE['id']}")
    assert page.inner_text("[data-testid=document-text]") == tab.api(f"/api/documents/{HOSTILE['id']}")["text"]
    assert PAYLOADS[0] in page.inner_text("[data-testid=document-text]")
    assert_no_payload_markup(page)

    # a payload in the query string lands in the form field's value and the API's bound parameter
    tab.open("/?q=" + urllib.parse.quote(PAYLOADS[1]))
    assert page.input_value("[data-testid=filter-q]") == PAYLOADS[1]
    assert_no_payload_markup(page)
    tab.assert_clean()


def test_documents_page_filters_by_credibility(tab):
    tab.open("/documents")
    page = tab.page
    everything = page.locator("[data-testid=doc-row]").count()
    assert everything == tab.api("/api/documents")["total"]
    for level in ("low", "normal", "high"):
        page.select_option("[data-testid=filter-credibility]", level)
        page.wait_for_url(re.compile(f"credibility={level}"))
        tab.ready()
        levels = page.eval_on_selector_all("[data-testid=doc-row]", "rows => rows.map(r => r.dataset.credibility)")
        assert levels == [level] * tab.api("/api/documents", credibility=level)["total"]
    flagged = tab.api("/api/documents")["items"]
    reasons = [reason for d in flagged for reason in d["reasons"].values()]
    if reasons:
        page.select_option("[data-testid=filter-credibility]", "")
        page.wait_for_url(re.compile(r"/documents$"))
        tab.ready()
        poll(lambda: page.locator("[data-testid=doc-row]").count() == everything)
        text = page.inner_text("[data-testid=doc-list]")
        assert all(reason in text for reason in reasons)
    tab.assert_clean()
