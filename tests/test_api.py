"""The REST API in-process over a real SQLite ledger of the seed articles, `sitrep serve` as a real
server, and a schemathesis run over the app's own OpenAPI schema (no 5xx, responses match it)."""
from __future__ import annotations

import io
import json
import shutil
import socket
import subprocess
import sys
import time

import httpx
import pyarrow.parquet as pq
import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance
from typer.testing import CliRunner

import sitrep
from sitrep.api import CSP, create_app
from sitrep.cli import app as cli

from .conftest import gold_set

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

TOKEN = "s3cret-token"
NEW_REPORT = ("Drones struck Al Udeid Air Base in Qatar on Tuesday, wounding four U.S. service members, "
              "a Pentagon spokesman said.")
HOSTILE_QUERIES = ["%", "_", "%%", "' OR '1'='1", '" OR ""="', "'; DROP TABLE events; --", "\\", "a%' --"]


@pytest.fixture(scope="module")
def seeded_db(tmp_path_factory) -> str:
    db = tmp_path_factory.mktemp("api") / "seeds.db"
    with sitrep.open_ledger(str(db)) as ledger:
        sitrep.ingest([gold_set("seeds/corpus.jsonl")], ledger)
    return str(db)


@pytest.fixture(scope="module")
def client(seeded_db):
    with TestClient(create_app(seeded_db)) as c:
        yield c


@pytest.fixture()
def writable_db(seeded_db, tmp_path) -> str:
    copy = tmp_path / "writable.db"
    shutil.copy(seeded_db, copy)
    return str(copy)


def all_events(client, **params) -> list[dict]:
    body = client.get("/api/events", params={**params, "limit": 500}).json()
    assert body["total"] == len(body["items"]), "the seed ledger fits in one page"
    return body["items"]


# --- events and filters -----------------------------------------------------------------------

def test_seed_ledger_has_the_known_bases(client):
    locations = {e["location"] for e in all_events(client)}
    assert {"Ain al-Asad Air Base", "Al Udeid Air Base"} <= locations


def test_country_filter_and_pagination_totals(client):
    everything = all_events(client)
    iraq = all_events(client, country="iq")
    assert iraq and all(e["country"] == "IQ" for e in iraq)
    assert len(iraq) == sum(e["country"] == "IQ" for e in everything)
    pages, offset = [], 0
    while True:
        body = client.get("/api/events", params={"country": "IQ", "limit": 3, "offset": offset}).json()
        assert body["total"] == len(iraq) and body["limit"] == 3 and body["offset"] == offset
        if not body["items"]:
            break
        pages += body["items"]
        offset += 3
    assert [e["id"] for e in pages] == [e["id"] for e in iraq]
    dated, undated = [e for e in iraq if e["date"]], [e for e in iraq if not e["date"]]
    assert undated and iraq == dated + undated, "undated events come last"
    newest = client.get("/api/events", params={"country": "IQ", "order": "desc", "limit": 500}).json()["items"]
    assert newest == dated[::-1] + undated[::-1]


def test_bbox_keeps_only_points_inside(client):
    qatar = all_events(client, bbox="50.5,24.5,52,26.5")
    assert qatar and {e["location"] for e in qatar} == {"Al Udeid Air Base"}
    iraq_box = all_events(client, bbox="38.7,29,48.6,37.4")
    assert iraq_box and all(38.7 <= e["lon"] <= 48.6 and 29 <= e["lat"] <= 37.4 for e in iraq_box)
    assert not any(e["lat"] is None for e in iraq_box), "country-level events have no point to be inside a box"


def test_weapon_actor_and_text_filters(client):
    drones = all_events(client, weapon="drone")
    assert drones and all("drone" in e["weapons"] for e in drones)
    assert len(drones) < len(all_events(client))
    iran = all_events(client, actor="IR")
    assert iran and all("IR" in (e["actor1_affiliation"], e["actor2_affiliation"]) for e in iran)
    udeid = all_events(client, q="UDEID")
    assert udeid and all(e["country"] == "QA" for e in udeid)


@pytest.mark.parametrize("q", HOSTILE_QUERIES)
def test_query_text_with_wildcards_quotes_and_sql_is_only_text(client, q):
    before = client.get("/api/events").json()["total"]
    body = client.get("/api/events", params={"q": q}).json()
    assert body["total"] == 0, f"{q!r} matched as a pattern or as SQL"
    assert client.get("/api/stats", params={"q": q}).json()["totals"]["events"] == 0
    assert client.get("/api/events").json()["total"] == before


@pytest.mark.parametrize("params, field", [
    ({"since": "2024-02-30"}, "since"), ({"until": "yesterday"}, "until"), ({"bbox": "1,2,3"}, "bbox"),
    ({"bbox": "10,5,0,6"}, "bbox"), ({"bbox": "0,0,1,nan"}, "bbox"), ({"status": "verified"}, "status"),
    ({"country": "IRQ"}, "country"), ({"limit": "501"}, "limit"), ({"offset": "-1"}, "offset"),
    ({"q": "a\x00b"}, "q"),
])
def test_bad_filters_are_422_naming_the_parameter(client, params, field):
    for path in ("/api/events", "/api/stats", "/api/events.geojson"):
        if path != "/api/events" and field in ("limit", "offset"):
            continue
        response = client.get(path, params=params)
        assert response.status_code == 422, (path, params, response.text)
        assert any(err["loc"][-1] == field for err in response.json()["detail"])


def test_dates_in_the_wrong_order_are_422(client):
    response = client.get("/api/events", params={"since": "2024-02-01", "until": "2024-01-01"})
    assert response.status_code == 422
    assert "after until" in response.json()["detail"][0]["msg"]


# --- one event, documents, claims --------------------------------------------------------------

def test_event_detail_quotes_are_spans_of_the_clean_text(client):
    asad = [e for e in all_events(client) if e["location"] == "Ain al-Asad Air Base"]
    assert asad
    checked = 0
    for item in asad:
        event = client.get(f"/api/events/{item['id']}").json()
        assert event["mentions"] and "responded_by" in event
        spans = [m["evidence"] for m in event["mentions"]]
        spans += [s for sources in event["field_sources"].values() for s in sources]
        for span in spans:
            text = client.get(f"/api/documents/{span['doc']}").json()["text"]
            assert text[span["start"]:span["end"]] == span["quote"]
            checked += 1
    assert checked >= len(asad)


def test_responded_by_is_the_inverse_of_responds_to(client):
    events = all_events(client)
    expected: dict[str, set[str]] = {}
    for e in events:
        for target in e["responds_to"]:
            expected.setdefault(target, set()).add(e["id"])
    for e in events:
        detail = client.get(f"/api/events/{e['id']}").json()
        assert set(detail["responded_by"]) == expected.get(e["id"], set())


def test_unknown_ids_are_404_with_a_detail(client):
    for path in ("/api/events/ev-000000000000", "/api/documents/no-such-doc"):
        response = client.get(path)
        assert response.status_code == 404
        assert "no-such-doc" in response.json()["detail"] or "ev-000000000000" in response.json()["detail"]


def test_documents_carry_flags_with_reasons(client):
    body = client.get("/api/documents", params={"credibility": "low"}).json()
    assert body["total"] >= 1
    for doc in body["items"]:
        assert doc["credibility"] == "low" and doc["flags"]
        assert set(doc["reasons"]) == set(doc["flags"]) and all(doc["reasons"].values())
    everything = client.get("/api/documents").json()
    assert everything["total"] == 5
    assert body["total"] < everything["total"]
    first = client.get("/api/documents", params={"limit": 2}).json()["items"]
    assert [d["id"] for d in first] == [d["id"] for d in everything["items"][:2]]


def test_claims_list(client):
    body = client.get("/api/claims").json()
    assert isinstance(body["items"], list)
    assert all({"doc", "kind", "value", "evidence"} <= set(c) for c in body["items"])


def test_claims_are_paged_and_cached_until_the_ledger_changes(writable_db):
    tally = (NEW_REPORT + " It was the 170th attack on U.S. forces in the region since October 17, "
             "an invented Pentagon spokesman said.")
    with TestClient(create_app(writable_db, token=TOKEN)) as c:
        first = c.get("/api/claims").json()
        assert first["total"] == len(first["items"]) >= 2
        page = c.get("/api/claims", params={"limit": 1, "offset": 1}).json()
        assert page["total"] == first["total"] and page["items"] == first["items"][1:2]
        parquet = c.get("/api/export/events.parquet").content
        assert c.get("/api/export/events.parquet").content == parquet
        added = c.post("/api/documents", json={"documents": [{"id": "tally", "published": "2024-02-08", "text": tally}]},
                       headers={"Authorization": f"Bearer {TOKEN}"})
        assert added.status_code == 200 and added.json()["stored"] == 1
        after = c.get("/api/claims").json()
        assert after["total"] == first["total"] + 1, "the cached report outlived a change to the ledger"
        sources = pq.read_table(io.BytesIO(c.get("/api/export/events.parquet").content)).column("sources").to_pylist()
        assert any("tally" in docs for docs in sources), "the cached Parquet outlived a change to the ledger"


# --- statistics, GeoJSON, exports --------------------------------------------------------------

@pytest.mark.parametrize("params", [{}, {"country": "IQ"}, {"weapon": "ballistic_missile"}])
def test_stats_agree_with_the_event_list(client, params):
    events = all_events(client, **params)
    stats = client.get("/api/stats", params=params).json()
    totals = stats["totals"]
    assert totals["events"] == len(events)
    assert sum(p["count"] for p in stats["series"]) == sum(e["date"] is not None for e in events)
    assert sum(stats["by_country"].values()) == len(events)
    assert sum(stats["by_attacker"].values()) == len(events)
    assert stats["by_attacker"].get("unknown", 0) == sum(e["actor1"] is None for e in events)
    # the dashboard colours by the attacker's affiliation: its counts and the series' own agree with the list
    for code in {e["actor1_affiliation"] or "unknown" for e in events} | set(stats["by_affiliation"]):
        assert stats["by_affiliation"].get(code, 0) == sum((e["actor1_affiliation"] or "unknown") == code for e in events)
        assert sum(p["count"] for p in stats["series"] if (p["affiliation"] or "unknown") == code) == sum(
            (e["actor1_affiliation"] or "unknown") == code and e["date"] is not None for e in events)
    for weapon, n in stats["by_weapon"].items():
        assert n == sum(weapon in e["weapons"] for e in events)

    def best(count):
        return None if count is None else (count["value"] if count["value"] is not None else count["low"])

    assert totals["launched"] == sum(best(e["launched"]) or 0 for e in events)
    both = [e for e in events if best(e["launched"]) is not None and best(e["intercepted"]) is not None]
    launched = sum(best(e["launched"]) for e in both)
    rate = sum(best(e["intercepted"]) for e in both) / launched if launched else None
    assert totals["interception_rate"] == rate


def test_stats_by_week_starts_on_monday(client):
    import datetime as dt

    weekly = client.get("/api/stats", params={"by": "week"}).json()
    daily = client.get("/api/stats", params={"by": "day"}).json()
    assert weekly["by"] == "week"
    assert all(dt.date.fromisoformat(p["period"]).weekday() == 0 for p in weekly["series"])
    assert sum(p["count"] for p in weekly["series"]) == sum(p["count"] for p in daily["series"])


def test_geojson_is_a_feature_collection_of_located_events(client):
    response = client.get("/api/events.geojson")
    assert response.headers["content-type"].startswith("application/geo+json")
    geo = response.json()
    located = [e for e in all_events(client) if e["lat"] is not None]
    assert geo["type"] == "FeatureCollection" and geo["total"] == len(located) == len(geo["features"])
    by_id = {e["id"]: e for e in located}
    for feature in geo["features"]:
        assert feature["type"] == "Feature" and feature["geometry"]["type"] == "Point"
        lon, lat = feature["geometry"]["coordinates"]
        event = by_id[feature["id"]]
        assert (lon, lat) == (pytest.approx(event["lon"]), pytest.approx(event["lat"]))
        assert feature["properties"]["status"] == event["status"]
        assert feature["properties"]["generic_point"] is event["generic_point"]
        assert feature["properties"]["sea_area"] == event["sea_area"]
    udeid = client.get("/api/events.geojson", params={"country": "QA"}).json()["features"]
    assert udeid and all(51 < f["geometry"]["coordinates"][0] < 52 for f in udeid)
    capped = client.get("/api/events.geojson", params={"limit": 1}).json()
    assert len(capped["features"]) == 1 and capped["total"] == len(located)


def test_csv_and_parquet_exports_hold_the_filtered_events(client):
    iraq = all_events(client, country="IQ")
    csv_response = client.get("/api/export/events.csv", params={"country": "IQ"})
    assert csv_response.headers["content-type"].startswith("text/csv")
    lines = csv_response.text.splitlines()
    assert lines[0].startswith("event_id_cnty,event_date,time_precision")
    assert sorted(line.split(",")[0] for line in lines[1:]) == sorted(e["id"] for e in iraq)
    table = pq.read_table(io.BytesIO(client.get("/api/export/events.parquet", params={"country": "IQ"}).content))
    assert sorted(table.column("event_id_cnty").to_pylist()) == sorted(e["id"] for e in iraq)
    assert set(table.column("country").to_pylist()) == {"IQ"}
    empty = pq.read_table(io.BytesIO(client.get("/api/export/events.parquet", params={"country": "ZZ"}).content))
    assert empty.num_rows == 0 and "event_date" in empty.column_names


# --- writing ------------------------------------------------------------------------------------

def new_document(doc_id="api-new-1"):
    return {"documents": [{"id": doc_id, "published": "2024-02-06", "title": "Drone attack", "text": NEW_REPORT}]}


def test_read_only_server_refuses_writes(client):
    response = client.post("/api/documents", json=new_document(), headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 403 and "read-only" in response.json()["detail"]
    assert client.get("/api/documents/api-new-1").status_code == 404


def test_token_rules_and_ingest(writable_db):
    with TestClient(create_app(writable_db, token=TOKEN)) as c:
        assert c.post("/api/documents", json=new_document()).status_code == 401
        wrong = c.post("/api/documents", json=new_document(), headers={"Authorization": "Bearer guess"})
        assert wrong.status_code == 401 and wrong.headers["www-authenticate"] == "Bearer"
        before = c.get("/api/events", params={"country": "QA"}).json()["total"]
        ok = c.post("/api/documents", json=new_document(), headers={"Authorization": f"Bearer {TOKEN}"})
        assert ok.status_code == 200, ok.text
        assert ok.json()["stored"] == 1 and ok.json()["mentions"] >= 1
        assert c.get("/api/documents/api-new-1").json()["text"].startswith("Drones struck Al Udeid")
        qatar = c.get("/api/events", params={"country": "QA"}).json()
        assert qatar["total"] >= before
        assert any(s["doc"] == "api-new-1" for e in qatar["items"] for s in e["sources"])
        again = c.post("/api/documents", json=new_document(), headers={"Authorization": f"Bearer {TOKEN}"})
        assert again.json()["unchanged"] == 1


def test_rejections_name_the_request_index(writable_db):
    body = {"documents": [{"id": "fine", "text": NEW_REPORT}, {"id": "fine", "text": "Another text entirely."}]}
    with TestClient(create_app(writable_db, token=TOKEN)) as c:
        response = c.post("/api/documents", json=body, headers={"Authorization": f"Bearer {TOKEN}"})
        assert response.status_code == 422  # one rejected; the other stored, and the body says so
        assert [r["source"] for r in response.json()["rejected"]] == ["documents[1]"]
        assert response.json()["detail"][0]["loc"] == ["body", "documents", 1] and response.json()["stored"] == 1
        missing = c.post("/api/documents", json={"documents": [{"id": "x"}]},
                         headers={"Authorization": f"Bearer {TOKEN}"})
        assert missing.status_code == 422


BAD_BODIES = {
    "huge integer": '{"documents": [{"id": "n", "text": "Rockets hit a base."}], "n": ' + "9" * 5000 + "}",
    "deep nesting": '{"documents": [{"id": "n", "text": "Rockets hit a base."}], "n": ' + "[" * 100_000 + "]" * 100_000 + "}",
}


def post(c, content: str | bytes):
    data = content.encode("utf-8", "surrogatepass") if isinstance(content, str) else content
    return c.post("/api/documents", content=data,
                  headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"})


def test_a_document_the_pipeline_fails_on_is_422_naming_it(writable_db, monkeypatch):
    """Fault injection in the extraction stage: the document it fails on is a 422 naming its index and the
    exception; the other document of the request is stored. An impossible date is no failure at all."""
    from sitrep import pipeline
    real = pipeline.extract_mentions
    monkeypatch.setattr(pipeline, "extract_mentions", lambda clean, kb: (
        (_ for _ in ()).throw(RuntimeError("stage failed")) if "POISON" in clean.text else real(clean, kb)))
    body = {"documents": [{"id": "ok-doc", "text": NEW_REPORT}, {"id": "poison", "text": "POISON " + NEW_REPORT}]}
    impossible = "On 2024-02-30 rockets struck Camp Placeholder in Iraq, an invented official said."
    with TestClient(create_app(writable_db, token=TOKEN), raise_server_exceptions=False) as c:
        response = post(c, json.dumps(body))
        feb30 = post(c, json.dumps({"documents": [{"id": "feb-30", "text": impossible}]}))
    assert response.status_code == 422, response.text
    error = response.json()["detail"][0]
    assert error["loc"] == ["body", "documents", 1] and "RuntimeError: stage failed" in error["msg"]
    assert response.json()["stored"] == 1
    assert feb30.status_code == 200 and feb30.json()["stored"] == 1


@pytest.mark.parametrize("name", BAD_BODIES)
def test_unparsable_json_bodies_are_422_with_the_reason(writable_db, name):
    with TestClient(create_app(writable_db, token=TOKEN), raise_server_exceptions=False) as c:
        response = post(c, BAD_BODIES[name])
    assert response.status_code == 422, response.text
    assert response.json()["detail"][0]["msg"].startswith("unreadable JSON body")


def test_nul_and_lone_surrogates_are_removed_not_500(writable_db):
    record = ('{"documents": [{"id": "odd-chars", "title": "Dr\\ud800one\\u0000s", '
              f'"text": "{NEW_REPORT[:6]}\\udfff\\u0000{NEW_REPORT[6:]}"}}]}}')
    with TestClient(create_app(writable_db, token=TOKEN), raise_server_exceptions=False) as c:
        response = post(c, record)
        assert response.status_code == 200, response.text
        doc = c.get("/api/documents/odd-chars").json()
    assert doc["title"] == "Drones" and doc["text"].startswith(NEW_REPORT[:40])


def test_an_id_over_512_characters_is_422(writable_db):
    with TestClient(create_app(writable_db, token=TOKEN), raise_server_exceptions=False) as c:
        response = post(c, json.dumps({"documents": [{"id": "i" * 600, "text": NEW_REPORT}]}))
    assert response.status_code == 422 and response.json()["detail"][0]["loc"][-1] == "id"


# --- headers, pages ------------------------------------------------------------------------------

def test_security_headers_on_api_errors_and_pages(client, seeded_db, tmp_path):
    for path in ("/api/events", "/api/events/nope", "/api/events?since=x", "/", "/assets/app.js", "/openapi.json"):
        response = client.get(path)
        assert response.headers["content-security-policy"] == CSP, path
        assert response.headers["x-content-type-options"] == "nosniff"
    static = tmp_path / "static"
    (static / "assets").mkdir(parents=True)
    (static / "index.html").write_text("<!doctype html><title>sitrep</title>")
    (static / "event.html").write_text("<!doctype html><title>event</title>")
    (static / "assets" / "app.js").write_text("console.log('ok')")
    event_id = all_events(client)[0]["id"]
    with TestClient(create_app(seeded_db, static_dir=static)) as c:
        home = c.get("/", params={"country": "IQ"})
        assert home.status_code == 200 and home.headers["content-type"].startswith("text/html")
        assert home.headers["content-security-policy"] == CSP
        assert "<title>event</title>" in c.get(f"/events/{event_id}").text
        assert c.get("/events/ev-000000000000").status_code == 404
        assert "<title>sitrep</title>" in c.get("/documents").text, "no documents.html: the index serves"
        assert c.get("/assets/app.js").text == "console.log('ok')"
        assert c.get("/assets/missing.js").status_code == 404


def test_pages_without_a_build_say_how_to_build(seeded_db, tmp_path):
    with TestClient(create_app(seeded_db, static_dir=tmp_path / "none")) as c:
        for path in ("/", "/documents", "/assets/index.js"):
            response = c.get(path)
            assert response.status_code == 503 and "npm run build" in response.json()["detail"]
            assert response.headers["content-security-policy"] == CSP


def test_no_interactive_docs_loading_scripts_from_a_cdn(client):
    assert client.get("/docs").status_code == 404 and client.get("/redoc").status_code == 404
    assert client.get("/openapi.json").json()["info"]["title"] == "sitrep"


# --- PostgreSQL ------------------------------------------------------------------------------------

def test_the_same_answers_on_postgresql(client, postgresql_url):
    with sitrep.open_ledger(postgresql_url) as ledger:
        sitrep.ingest([gold_set("seeds/corpus.jsonl")], ledger)
    with TestClient(create_app(postgresql_url)) as pg:
        for path, params in [("/api/events", {"limit": 500}), ("/api/events", {"country": "IQ", "weapon": "drone"}),
                             ("/api/stats", {"by": "week"}), ("/api/stats", {"q": "udeid"}),
                             ("/api/events.geojson", {}), ("/api/documents", {"credibility": "low"})]:
            expected, got = client.get(path, params=params).json(), pg.get(path, params=params).json()
            assert got == expected, (path, params)
        for e in all_events(client):
            assert pg.get(f"/api/events/{e['id']}").json()["responded_by"] == \
                client.get(f"/api/events/{e['id']}").json()["responded_by"]


# --- the real server ------------------------------------------------------------------------------

def test_serve_help_and_loopback_rule(seeded_db):
    help_text = CliRunner().invoke(cli, ["serve", "--help"]).output
    assert "Example:" in help_text
    refused = CliRunner().invoke(cli, ["serve", "--db", seeded_db, "--host", "0.0.0.0"])
    assert refused.exit_code == 2 and "--public" in refused.output


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_sitrep_serve_answers_over_http(seeded_db):
    port = free_port()
    cmd = [sys.executable, "-m", "sitrep.cli", "serve", "--db", seeded_db, "--port", str(port)]
    server = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/api/events", params={"country": "QA"})
                break
            except httpx.ConnectError:
                assert server.poll() is None, server.stdout.read().decode()
                assert time.monotonic() < deadline, "server did not start in 20 s"
                time.sleep(0.2)
        assert response.status_code == 200 and response.json()["total"] >= 1
        assert response.headers["content-security-policy"] == CSP
    finally:
        server.terminate()
        server.wait(10)


# --- schemathesis over the app's own schema ------------------------------------------------------

@pytest.fixture(scope="module")
def api_schema(seeded_db, tmp_path_factory):
    writable = tmp_path_factory.mktemp("fuzz") / "fuzz.db"
    shutil.copy(seeded_db, writable)
    return schemathesis.openapi.from_asgi("/openapi.json", create_app(str(writable), token=TOKEN))


# schemathesis' own pytest plugin reads a node attribute pytest 9 removed, so each operation's strategy is
# driven by hypothesis directly: every operation runs, and every failure is reported.
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_schema_no_server_errors_and_conforming_responses(api_schema, mode):
    failures, tested = [], 0
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 10
    for operation in operations:
        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def check(case):
            # Authorised, so the fuzzer reaches the ingest pipeline instead of stopping at 401.
            case.call_and_validate(headers={"Authorization": f"Bearer {TOKEN}"},
                                   checks=[not_a_server_error, response_schema_conformance])
        try:
            check()
            tested += 1
        except Unsatisfiable:
            assert mode == GenerationMode.NEGATIVE, operation.label  # no parameter that can be invalid
        except Exception as exc:  # collected, so one failing operation does not hide the others
            failures.append(f"{operation.label}: {exc}")
    assert not failures, "\n\n".join(failures)
    assert tested >= 7


def test_claims_carry_the_ledgers_figure(client):
    items = client.get("/api/claims").json()["items"]
    windowed = [c for c in items if c["kind"] == "attack_count" and c["since"] and c["as_of"]]
    assert windowed
    for c in windowed:
        assert c["difference"] == c["ledger"] - c["value"]
        assert c["ledger"] == len(c["events"])
