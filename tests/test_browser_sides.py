"""The dashboard's colours, labels and phone layout in the real browser (fixtures of test_browser.py).

Over a small invented ledger: one colour per attacker's side on the map, the timeline and the list,
with a legend that counts; neutral clusters; a handful of events shown with country and place names
around them; retaliation links that say what they link to; a `disputed` event and an event at a sea
area's generic point that cannot be taken for a position; a page that fits a 390 px phone.
"""
from __future__ import annotations

import datetime as dt

import pytest

import sitrep
from sitrep.models import Event

from .test_browser import (  # noqa: F401 (fixtures shared with the other browser tests)
    _serve, _tab, base_url, big_base_url, browser, dashboard, ledger_db, poll)

PHONE = {"width": 390, "height": 844}


def _event(id_, day, **values) -> Event:
    values.setdefault("geo_precision", "site")
    return Event(id=id_, date=dt.date.fromisoformat(day), date_precision="day",
                 sources=[{"doc": f"doc-{id_}", "published": day, "quotes": []}], **values)


# Invented events: two bases in one country, a strike that answers one attack, a disputed attack, a
# ship attack placed at a sea area's generic point, and an attack nobody is named for.
SMALL = [
    _event("ev-s-rocket", "2024-03-02", country="IQ", location="Harir Air Base", place_id="harir", lat=36.54,
           lon=44.35, actor1="Kataib Example", actor1_affiliation="IR", actor2="US forces", actor2_affiliation="US",
           weapons=["rocket"], status="corroborated"),
    _event("ev-s-strike", "2024-03-04", country="IQ", location="Al Qaim", place_id="qaim", lat=34.37, lon=41.09,
           actor1="US forces", actor1_affiliation="US", actor2="Kataib Example", actor2_affiliation="IR",
           weapons=["aircraft"], sub_event_type="Air/drone strike", status="confirmed", responds_to=["ev-s-rocket"]),
    _event("ev-s-disputed", "2024-03-09", country="IQ", location="Harir Air Base", place_id="harir", lat=36.54,
           lon=44.35, actor1="Kataib Example", actor1_affiliation="IR", weapons=["drone"], status="disputed"),
    _event("ev-s-sea", "2024-03-12", location="Gulf of Example", sea_area="Gulf of Example", generic_point=True,
           lat=24.0, lon=37.0, geo_precision="region", actor1="Example Movement", actor1_affiliation="IR",
           actor2="a merchant ship", weapons=["cruise_missile"], status="reported"),
    _event("ev-s-nobody", "2024-03-15", country="IQ", location="Al Qaim", place_id="qaim", lat=34.37, lon=41.09,
           actor2="US forces", actor2_affiliation="US", weapons=["mortar"], status="reported"),
]


@pytest.fixture(scope="module")
def small_base_url(dashboard, tmp_path_factory):  # noqa: F811 (the imported fixture)
    db = str(tmp_path_factory.mktemp("small") / "small.db")
    with sitrep.open_ledger(db) as ledger:
        with ledger.writer() as writer:
            writer.write_batch([], [], {e.id: e for e in SMALL}, {e.id for e in SMALL}, {})
    yield from _serve(db)


@pytest.fixture()
def small(browser, small_base_url):  # noqa: F811
    yield from _tab(browser, small_base_url)


@pytest.fixture()
def small_phone(browser, small_base_url):  # noqa: F811
    tab = next(gen := _tab(browser, small_base_url))
    tab.page.set_viewport_size(PHONE)
    yield tab
    gen.close()


def side_colours(page, selector: str) -> dict[str, set[str]]:
    """{side: {computed colour}} of the elements that carry a side."""
    pairs = page.eval_on_selector_all(selector, "els => els.map(e => [e.dataset.side, getComputedStyle(e).getPropertyValue('--side').trim()])")
    out: dict[str, set[str]] = {}
    for side, colour in pairs:
        out.setdefault(side, set()).add(colour)
    return out


def test_each_side_has_one_colour_on_the_map_the_timeline_and_the_list(small):
    small.open("/")
    page = small.page
    markers = side_colours(page, ".ev-marker")
    rows = side_colours(page, "[data-testid=event-row] [data-testid=side-swatch]")
    legend = side_colours(page, "[data-testid=side-legend] .side-swatch")
    bands = {b["side"]: b["colour"] for b in page.evaluate("window.__sitrep.timeline.bands")}
    assert set(bands) == {"IR", "US", "unknown"}
    for side, colour in bands.items():
        assert rows[side] == legend[side] == {colour}
        assert markers.get(side, {colour}) == {colour}
    assert len(set(bands.values())) == len(bands), "two sides share a colour"
    # the legend counts each side's events, as the API counts them
    counts = {k["side"]: int(k["count"]) for k in page.eval_on_selector_all("[data-testid=side-key]", "ks => ks.map(k => ({...k.dataset}))")}
    assert counts == {"IR": 3, "US": 1, "other": 0, "unknown": 1}
    assert "Iran / Iran-backed 3" in " ".join(page.inner_text("[data-testid=side-legend]").split())
    assert "day:" not in page.inner_text("[data-testid=timeline]"), "uPlot's number-less legend is back"
    small.screenshot("sides-desktop")
    small.assert_clean()


def test_clusters_are_neutral_whatever_their_size(big_tab):
    big_tab.open("/?dates=all")
    cluster = big_tab.page.locator(".ev-cluster").first
    cluster.wait_for()
    assert "ev-cluster-large" in cluster.get_attribute("class")
    background = cluster.evaluate("c => getComputedStyle(c).backgroundColor")
    assert background == "rgb(70, 80, 90)", background
    assert big_tab.page.locator(".ev-cluster[data-side], .ev-cluster [data-side]").count() == 0


def test_a_handful_of_events_shows_the_countries_and_places_around_them(small):
    small.open("/")
    page = small.page
    zoom = page.evaluate("window.__sitrep.map.getZoom()")
    span = page.evaluate("(() => { const b = window.__sitrep.map.getBounds(); return [b.getEast() - b.getWest(), b.getNorth() - b.getSouth()]; })()")
    assert zoom <= 7 and min(span) >= 7, (zoom, span)
    countries = poll(lambda: page.eval_on_selector_all("[data-testid=country-label]", "ls => ls.map(l => l.textContent)"),
                     message="no country named on the map")
    assert "Iraq" in countries
    # every place is named, beside its lone marker or its small cluster
    places = set(page.eval_on_selector_all("[data-testid=place-label]", "ls => ls.map(l => l.textContent)"))
    assert places == {"Harir Air Base", "Al Qaim", "Gulf of Example (somewhere in the area)"}
    small.assert_clean()


def test_retaliation_links_say_what_they_link(small):
    small.open("/events/ev-s-strike")
    link = small.page.locator("[data-testid=links] [data-testid=event-link]").first
    assert link.inner_text() == "answers: rocket attack on Harir Air Base, 2024-03-02"
    assert link.get_attribute("href") == "/events/ev-s-rocket"
    small.open("/events/ev-s-rocket")
    answered = small.page.locator("[data-testid=links] [data-testid=event-link]").first
    assert answered.inner_text() == "answered by: air strike on Al Qaim, 2024-03-04"
    small.screenshot("event-links")
    small.assert_clean()


def test_a_disputed_event_shows_as_disputed(small):
    small.open("/?status=disputed")
    page = small.page
    badge = page.locator("[data-testid=event-row] [data-testid=status-badge]")
    assert badge.count() == 1 and badge.inner_text() == "disputed"
    assert "⚠" in badge.evaluate("b => getComputedStyle(b, '::before').content")
    style = badge.evaluate("b => [getComputedStyle(b).borderTopStyle, getComputedStyle(b).color]")
    assert style[0] == "solid" and style[1] != badge.evaluate("b => getComputedStyle(document.documentElement).getPropertyValue('--reported')")
    marker = page.locator(".ev-marker.status-disputed")
    assert marker.count() == 1
    assert "gradient" in marker.evaluate("m => getComputedStyle(m).backgroundImage")
    small.screenshot("disputed-dashboard")
    small.open("/events/ev-s-disputed")
    assert page.locator("[data-testid=event-header] [data-testid=status-badge]").get_attribute("data-status") == "disputed"
    small.screenshot("disputed-event")
    small.assert_clean()


def test_a_sea_area_event_cannot_be_taken_for_a_position(small):
    small.open("/")
    page = small.page
    row = page.locator("[data-testid=event-row][data-event-id=ev-s-sea]")
    assert "Gulf of Example (somewhere in the area)" in row.inner_text()
    assert row.locator("[data-testid=generic-point-note]").inner_text().strip() == "no position reported"
    marker = page.locator(".ev-marker.ev-generic")
    assert marker.count() == 1
    halo = marker.evaluate("m => getComputedStyle(m, '::before').borderTopStyle")
    assert halo == "dashed"
    assert "not a position" in marker.get_attribute("title")
    marker.click()
    assert "No position reported" in page.locator("[data-testid=popup] [data-testid=generic-point-note]").inner_text()
    small.screenshot("sea-area-dashboard")
    small.open("/events/ev-s-sea")
    assert "is the generic point of Gulf of Example" in page.inner_text("[data-testid=coordinates]")
    assert page.inner_text("[data-testid=sea-area]") == "Gulf of Example"
    small.screenshot("sea-area-event")
    small.assert_clean()


def page_fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_the_pages_fit_a_phone(small_phone):
    tab = small_phone
    for path, name in (("/", "home-phone"), ("/events/ev-s-strike", "event-phone"), ("/events/ev-s-sea", "sea-area-event-phone")):
        tab.open(path)
        assert page_fits(tab.page), f"{path} is wider than {PHONE['width']} px"
        tab.screenshot(name)
    tab.open("/")
    map_box = tab.page.locator("[data-testid=map]").bounding_box()
    assert map_box["x"] >= 0 and map_box["x"] + map_box["width"] <= PHONE["width"]
    tab.assert_clean()


def test_the_seed_dashboard_at_desktop_and_phone_widths(tab):
    """The screenshots the issue asks for, over the seed ledger."""
    tab.open("/")
    assert page_fits(tab.page)
    tab.screenshot("dashboard-1400")
    tab.page.set_viewport_size(PHONE)
    tab.open("/")
    assert page_fits(tab.page), "the seed dashboard is wider than a phone"
    tab.screenshot("dashboard-390")
    tab.assert_clean()


@pytest.fixture()
def big_tab(browser, big_base_url):  # noqa: F811
    yield from _tab(browser, big_base_url)


@pytest.fixture()
def tab(browser, base_url):  # noqa: F811
    yield from _tab(browser, base_url)
