"""The command line: a thin shell over the library (`import sitrep`). Each command parses
its options, calls one library function and formats the result."""
from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

import sitrep
from sitrep.errors import SitrepError

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="sitrep: a verified, deduplicated, mapped ledger of attacks, built from news reports.")
console = Console()
err = Console(stderr=True)

DbOption = Annotated[Optional[str], typer.Option("--db", help="Ledger: SQLite file or SQLAlchemy URL (default $SITREP_DB or sitrep.db).")]


class Format(str, Enum):
    jsonl = "jsonl"
    csv = "csv"
    geojson = "geojson"


class What(str, Enum):
    events = "events"
    documents = "documents"


@contextmanager
def _exit_on_error(code: int):
    """A SitrepError becomes its message on stderr and the exit code, not a traceback."""
    try:
        yield
    except SitrepError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(code)


def _ledger(db: str | None):
    with _exit_on_error(2):
        return sitrep.open_ledger(db)


@app.command()
def ingest(paths: Annotated[list[str], typer.Argument(help="Files, folders (recursive), JSON Lines corpora, or - for standard input.")],
           db: DbOption = None,
           doc_id: Annotated[Optional[str], typer.Option("--id", help="Id of the one document read from a file or - "
                                                          "(default: the file's name, or a hash of standard input).")] = None):
    """Read reports into the ledger and print what was stored and rejected.

    Exits 0 when every input was read, 1 when any was rejected or missing (after the summary), 2 on a usage error.

    Example: sitrep ingest reports/ corpus.jsonl --db ledger.db
    """
    if doc_id is not None:
        _check_single_document(paths)
    report = _ingest(paths, db, doc_id)
    if report.rejected:
        raise typer.Exit(1)


def _check_single_document(paths: list[str]) -> None:
    """`--id` names one document: a folder or a corpus holds several, each with its own id."""
    many = len(paths) > 1 or Path(paths[0]).is_dir() or Path(paths[0]).suffix.lower() in (".jsonl", ".ndjson")
    if many:
        err.print("[red]error:[/red] --id names a single document: give one file, or - for standard input "
                  "(a folder's files and a JSON Lines corpus's records have their own ids)")
        raise typer.Exit(2)


def _ingest(paths: list[str], db: str | None, doc_id: str | None = None) -> sitrep.IngestReport:
    with _ledger(db) as ledger:
        total = _count_inputs(paths)
        with Progress(TextColumn("ingesting"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      console=err, disable=total < 200 or not err.is_terminal) as bar:
            task = bar.add_task("ingest", total=total or None)
            settings = sitrep.Settings.from_env(document_id=doc_id)
            report = sitrep.ingest(paths, ledger, settings=settings, progress=lambda n: bar.advance(task, n),
                                   waiting=lambda: err.print("waiting for another ingest into this ledger to finish"))
    console.print(f"documents read: {report.read}, stored: {report.stored}, unchanged: {report.unchanged}, "
                  f"rejected: {len(report.rejected)}")
    console.print(f"mentions: {report.mentions}, events new: {report.events_new}, updated: {report.events_updated}")
    for r in report.rejected:
        console.print(f"  [yellow]rejected[/yellow] {escape(r.source)}: {escape(r.reason)}", highlight=False, markup=True,
                      soft_wrap=True)  # a path broken across lines cannot be copied
    return report


@app.command()
def events(db: DbOption = None,
           since: Annotated[Optional[str], typer.Option(help="Earliest date, YYYY-MM-DD.")] = None,
           until: Annotated[Optional[str], typer.Option(help="Latest date, YYYY-MM-DD.")] = None,
           country: Annotated[Optional[str], typer.Option(help="ISO country code, e.g. IQ.")] = None,
           place: Annotated[Optional[str], typer.Option(help="Part of a place name, e.g. Asad.")] = None,
           actor: Annotated[Optional[str], typer.Option(help="Part of an actor name, e.g. Kataib.")] = None,
           weapon: Annotated[Optional[str], typer.Option(help="Weapon category or model, e.g. drone.")] = None,
           status: Annotated[Optional[str], typer.Option(help="reported, corroborated or confirmed.")] = None):
    """List the ledger's events as a table.

    Example: sitrep events --db ledger.db --country IQ --since 2024-01-01 --weapon drone
    """
    with _ledger(db) as ledger:
        try:
            rows = sitrep.query(ledger, _date(since), _date(until), country, place, actor, weapon, status)
        except ValueError as exc:  # pydantic's ValidationError: a filter out of its range
            err.print(f"[red]error:[/red] bad filter: {exc}")
            raise typer.Exit(2)
    table = Table("id", "date", "place", "country", "attacker", "target", "weapons", "killed", "injured",
                  "status", "sources")
    for e in rows:
        table.add_row(e.id, f"{e.date or '?'} ({e.date_precision})", e.location or "", e.country or "",
                      f"{e.actor1 or '?'} [{e.actor1_affiliation or '-'}]", f"{e.actor2 or '?'} [{e.actor2_affiliation or '-'}]",
                      ", ".join(e.weapons), _n(e.killed), _n(e.injured), e.status, str(len(e.sources)))
    console.print(table)
    console.print(f"{len(rows)} events")


@app.command()
def show(event_id: Annotated[str, typer.Argument(help="An event id from `sitrep events`.")], db: DbOption = None):
    """Every field of one event, with the quotes and sources behind it.

    Example: sitrep show ev-1a2b3c4d5e6f --db ledger.db
    """
    with _ledger(db) as ledger:
        with _exit_on_error(1):
            e = ledger.event(event_id)
    grades = e.credibility or {}
    console.print(f"[bold]{e.id}[/bold]  status: [bold]{e.status}[/bold]  credibility: {grades.get('level', '?')} "
                  f"(Admiralty {grades.get('source_reliability', '?')}{grades.get('information', '?')}: "
                  f"{grades.get('reason', '')})", highlight=False, markup=True)
    data = e.model_dump(mode="json", exclude={"mentions", "sources", "casualties", "counts", "field_sources",
                                              "credibility", "status", "id"})
    for key, value in data.items():
        if value not in (None, [], {}):
            console.print(f"[bold]{key}[/bold]: {value}", highlight=False)
    for key in ("killed", "injured", "launched", "intercepted", "impacts"):
        summary = e.casualties.get(key) or e.counts.get(key) or {}
        if summary.get("values"):
            console.print(f"[bold]{key}: how the figure evolved[/bold] (headline {summary['best']}, range "
                          f"{summary['low']}-{summary['high']}; rule: {summary.get('rule', '')})", highlight=False)
            for v in summary["values"]:  # in publication order
                marks = " ".join(m for m, on in (("official", v.get("official")), ("low-credibility", v.get("low_credibility"))) if on)
                figure = v["value"] if v["value"] is not None else (
                    f"{v['low']}-{v['high']}" if v.get("low") is not None and v.get("high") is not None else "?")
                console.print(f"  {v['published'] or 'undated'}  {v.get('qualifier') or ''} {figure} "
                              f"{v.get('who') or ''} [{marks}] {v['doc']}", highlight=False, markup=False)
                console.print(f"      \"{v['quote'][:160]}\"", highlight=False, markup=False)
    console.print("[bold]sources and quotes[/bold]:")
    for m in e.mentions:
        console.print(f"  [{m.doc} {m.evidence.start}-{m.evidence.end}] {m.evidence.quote}", highlight=False, markup=False)
        for c in m.date_conflicts:
            console.print(f"    not attached, dated otherwise: {c.quote}", highlight=False, markup=False)


@app.command()
def claims(db: DbOption = None):
    """Running tallies and totals the sources claim, each beside the ledger's own count for the same
    window and region, and the difference (ledger minus claim).

    Example: sitrep claims --db ledger.db
    """
    with _ledger(db) as ledger:
        rows = sitrep.claims_report(ledger)
    table = Table("kind", "claim", "since", "as of", "where", "target", "ledger", "difference", "source")
    for r in rows:
        figure = f"{r['qualifier'] + ' ' if r['qualifier'] else ''}{r['value']}"
        table.add_row(r["kind"], figure, r["since"] or "-", r["as_of"] or "-", ",".join(r["where"]) or "-",
                      r["target_affiliation"] or "-", _n(r["ledger"]), _signed(r["difference"]),
                      r["doc"][:40])
    console.print(table)
    console.print(f"{len(rows)} claims")


@app.command()
def chain(event_id: Annotated[str, typer.Argument(help="An event id from `sitrep events`.")], db: DbOption = None):
    """The retaliation chain through one event: what it answered, and what answered it, both ways.

    Example: sitrep chain ev-1a2b3c4d5e6f --db ledger.db
    """
    with _ledger(db) as ledger:
        with _exit_on_error(1):
            links = sitrep.chain(ledger, event_id)
    for e in links["answers"]:
        console.print(f"  {_line(e)}", highlight=False, markup=False)
        console.print("    ↓ answered by", highlight=False, markup=False)
    console.print(f"[bold]> {escape(_line(links['event']))}[/bold]", highlight=False)
    for e in links["answered_by"]:
        console.print("    ↓ answered by", highlight=False, markup=False)
        console.print(f"  {_line(e)}", highlight=False, markup=False)
    if not links["answers"] and not links["answered_by"]:
        console.print("no retaliation links for this event")


def _line(e) -> str:
    return (f"{e.id}  {e.date or '?'} ({e.date_precision})  {e.location or e.country or '?'}  "
            f"{e.actor1 or '?'} -> {e.actor2 or '?'}  [{e.status}]")


def _signed(value) -> str:
    return "-" if value is None else f"{value:+d}"


@app.command()
def export(what: Annotated[What, typer.Argument(help="events or documents")],
           db: DbOption = None,
           format: Annotated[Format, typer.Option("--format", "-f", help="jsonl (the contract), csv (ACLED columns) or geojson.")] = Format.jsonl,
           output: Annotated[Optional[Path], typer.Option("-o", "--output", help="File to write; standard output if omitted.")] = None):
    """Export events or documents.

    Example: sitrep export events --db ledger.db --format geojson -o events.geojson
    """
    with _ledger(db) as ledger:
        with _exit_on_error(2):
            text = sitrep.export(ledger, what.value, format.value, output)
    if output is None:
        sys.stdout.write(text)
    else:
        err.print(f"wrote {output}")


@app.command()
def serve(db: DbOption = None,
          host: Annotated[str, typer.Option(help="Address to listen on (loopback unless --public).")] = "127.0.0.1",
          port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
          token: Annotated[Optional[str], typer.Option(envvar=["SITREP_TOKEN", "SITREP_API_TOKEN"], show_default=False,
                                                       help="Bearer token that enables POST /api/documents; read-only without it.")] = None,
          public: Annotated[bool, typer.Option("--public", help="Allow listening on a non-loopback address.")] = False):
    """Serve the ledger: the JSON API under /api and the dashboard pages (/, /events/ID, /documents).

    Example: sitrep serve --db ledger.db --port 8000
    """
    import uvicorn

    from sitrep.api import create_app

    loopback = host == "localhost" or _is_loopback(host)
    if not loopback and not public:
        err.print(f"[red]error:[/red] {host} is not a loopback address: add --public to serve other machines")
        raise typer.Exit(2)
    with _exit_on_error(2):
        application = create_app(db or sitrep.Settings.from_env().db, token)
    err.print(f"serving {'read-write' if token else 'read-only'} on http://{host}:{port}/", highlight=False)
    uvicorn.run(application, host=host, port=port, log_level="warning")


def _is_loopback(host: str) -> bool:
    import ipaddress

    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@app.command()
def demo(out: Annotated[Path, typer.Option(help="Folder for the demo ledger and its exports.")] = Path("build/demo")):
    """Run the whole pipeline on the example corpus that ships with sitrep, print the ledger, write exports.

    Example: sitrep demo --out build/demo
    """
    from importlib import resources

    out.mkdir(parents=True, exist_ok=True)
    db = out / "demo.db"
    if db.exists():
        db.unlink()
    corpus = Path(str(resources.files("sitrep") / "examples"))
    _ingest([str(corpus)], str(db))
    events(db=str(db))
    for what, fmt in (("events", "jsonl"), ("events", "csv"), ("events", "geojson"), ("documents", "jsonl")):
        path = out / f"{what}.{fmt}"
        with sitrep.open_ledger(str(db)) as ledger:
            sitrep.export(ledger, what, fmt, path)
        console.print(f"wrote {path}")


def _count_inputs(paths: list[str]) -> int:
    total = 0
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            total += sum(1 for f in p.rglob("*") if f.is_file())
        elif p.suffix in (".jsonl", ".ndjson") and p.is_file():
            with p.open("rb") as fh:
                total += sum(1 for _ in fh)
        else:
            total += 1
    return total


def _date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)")


def _n(value) -> str:
    return "" if value is None else str(value)


if __name__ == "__main__":
    app()
