"""The command line: a thin shell over the library (`import sitrep`). Each command parses
its options, calls one library function and formats the result. Heavy modules (the store, the
pipeline, the server) are imported inside the commands, so `sitrep --help` answers at once."""
from __future__ import annotations

import functools
import sys
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.markup import escape

import sitrep
from sitrep.errors import NotFoundError, SitrepError

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
def _exit_on_error():
    """The one place an expected error becomes one line on stderr and an exit code, not a traceback:
    1 for an id that names nothing, 2 for everything else (a bad option, a missing ledger, a file
    that cannot be written, a port in use)."""
    try:
        yield
    except NotFoundError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False, soft_wrap=True)
        raise typer.Exit(1)
    except SitrepError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False, soft_wrap=True)
        raise typer.Exit(2)
    except OSError as exc:
        where = f": {exc.filename}" if exc.filename else ""
        err.print(f"[red]error:[/red] {escape((exc.strerror or str(exc)) + where)}", highlight=False, soft_wrap=True)
        raise typer.Exit(2)


def command(fn):
    """A command whose expected errors go through `_exit_on_error`."""
    @functools.wraps(fn)
    def run(*args, **kwargs):
        with _exit_on_error():
            return fn(*args, **kwargs)
    return app.command()(run)


def _version(value: bool) -> None:
    if value:
        console.print(f"sitrep {sitrep.__version__}", highlight=False)
        raise typer.Exit()


@app.callback()
def main(version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                               help="Print the version and exit.")] = False):
    """sitrep: a verified, deduplicated, mapped ledger of attacks, built from news reports."""


def _ledger(db: str | None, create: bool = False):
    """Only `ingest` (and `demo`) create a ledger: a reader given a path that names no file is told so."""
    return sitrep.open_ledger(db, create=create)


@command
def ingest(paths: Annotated[list[str], typer.Argument(help="Files, folders (recursive), JSON Lines corpora, or - for standard input.")],
           db: DbOption = None,
           doc_id: Annotated[Optional[str], typer.Option("--id", help="Id of the one document read from a file or - "
                                                          "(default: the file's name, or a hash of standard input).")] = None,
           published: Annotated[Optional[str], typer.Option(help="Publication date of the one document, YYYY-MM-DD.")] = None,
           url: Annotated[Optional[str], typer.Option(help="Address of the one document.")] = None,
           title: Annotated[Optional[str], typer.Option(help="Title of the one document.")] = None,
           outlet: Annotated[Optional[str], typer.Option(help="Outlet that published the one document.")] = None,
           replace: Annotated[bool, typer.Option("--replace", help="A document whose id is stored with other content "
                                                  "replaces it; the old version is kept in its history.")] = False,
           outlets: Annotated[Optional[Path], typer.Option("--outlets", help="CSV rating your own outlets, with the "
                                                          "columns of data/outlets.csv (default $SITREP_OUTLETS).")] = None,
           workers: Annotated[Optional[int], typer.Option(min=1, help="Processes that read documents in parallel "
                                                          "(default $SITREP_WORKERS, else the cores, at most 4).")] = None):
    """Read reports into the ledger and print what was stored, replaced and rejected, and how many mentions are undated.

    --id, --published, --url, --title and --outlet describe a single file or standard input.
    Exits 0 when every input was read, 1 when any was rejected or missing (after the summary), 2 on a usage error.

    Example: sitrep ingest reports/ corpus.jsonl --db ledger.db
    """
    from sitrep.filters import parse_date

    described = {"--id": doc_id, "--published": published, "--url": url, "--title": title, "--outlet": outlet}
    given = [name for name, value in described.items() if value is not None]
    if given:
        _check_single_document(paths, given)
    settings = sitrep.Settings.from_env(document_id=doc_id, document_published=parse_date(published, "--published"),
                                        document_url=url, document_title=title, document_outlet=outlet,
                                        replace=replace or None, outlets_file=str(outlets) if outlets else None,
                                        workers=workers)
    report = _ingest(paths, db, settings)
    if report.rejected:
        raise typer.Exit(1)


def _check_single_document(paths: list[str], options: list[str]) -> None:
    """These options describe one document: a folder or a corpus holds several, each with its own."""
    many = len(paths) > 1 or Path(paths[0]).is_dir() or Path(paths[0]).suffix.lower() in (".jsonl", ".ndjson")
    if many:
        raise SitrepError(f"{', '.join(options)} describe a single document: give one file, or - for standard input "
                          "(a folder's files and a JSON Lines corpus's records have their own ids)")


def _ingest(paths: list[str], db: str | None, settings=None):
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from sitrep.ingest import count_inputs

    with _ledger(db, create=True) as ledger:
        total = count_inputs(paths)
        with Progress(TextColumn("ingesting"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      console=err, disable=total < 200 or not err.is_terminal) as bar:
            task = bar.add_task("ingest", total=total or None)
            report = sitrep.ingest(paths, ledger, settings=settings or sitrep.Settings.from_env(),
                                   progress=lambda n: bar.advance(task, n),
                                   waiting=lambda: err.print("waiting for another ingest into this ledger to finish"))
    from sitrep.describe import ingest_lines

    for line in ingest_lines(report):  # soft wrap: a path broken across lines cannot be copied
        console.print(line, highlight=False, markup=False, soft_wrap=True)
    return report


@command
def events(db: DbOption = None,
           since: Annotated[Optional[str], typer.Option(help="Earliest date, YYYY-MM-DD.")] = None,
           until: Annotated[Optional[str], typer.Option(help="Latest date, YYYY-MM-DD.")] = None,
           country: Annotated[Optional[str], typer.Option(help="Country name or ISO code, e.g. Iraq or IQ.")] = None,
           place: Annotated[Optional[str], typer.Option(help="Part of a place name, e.g. Asad.")] = None,
           actor: Annotated[Optional[str], typer.Option(help="Part of an actor name, e.g. Kataib.")] = None,
           weapon: Annotated[Optional[str], typer.Option(help="Weapon category (drone, rocket, ...) or model.")] = None,
           status: Annotated[Optional[str], typer.Option(help="reported, corroborated, confirmed or disputed.")] = None,
           limit: Annotated[Optional[int], typer.Option(min=1, help="At most this many events (default: all).")] = None,
           offset: Annotated[int, typer.Option(min=0, help="Skip this many events first.")] = 0,
           json_lines: Annotated[bool, typer.Option("--json", help="JSON Lines of the event records, as `export` writes them.")] = False,
           csv: Annotated[bool, typer.Option("--csv", help="CSV with ACLED's column names, as `export` writes it.")] = False):
    """List the ledger's events as a table (or as JSON Lines or CSV), in date order.

    Example: sitrep events --db ledger.db --country Iraq --since 2024-01-01 --weapon drone --limit 20
    """
    from itertools import islice

    from sitrep import exports
    from sitrep.filters import event_query, parse_date

    if json_lines and csv:
        raise SitrepError("--json and --csv are two formats: choose one")
    kb = sitrep.load_kb() if country or weapon else None
    query = event_query(kb, since=parse_date(since, "--since"), until=parse_date(until, "--until"), country=country,
                        place=place, actor=actor, weapon=weapon, status=status)
    with _ledger(db) as ledger:
        rows = list(islice(ledger.iter_events(query), offset, None if limit is None else offset + limit))
    if json_lines:
        sys.stdout.writelines(exports.events_jsonl(rows))
        return
    if csv:
        sys.stdout.write(exports.events_csv(rows))
        return
    _print_events(rows, offset, limit)


def _print_events(rows: list, offset: int, limit: int | None) -> None:
    columns = ("id", "date", "place", "country", "attacker", "target", "weapons", "killed", "injured", "status", "sources")
    from sitrep.describe import date_label

    _print_table(columns, [(e.id, date_label(e), e.location or e.sea_area or "", e.country or "",
                            f"{e.actor1 or '?'} [{e.actor1_affiliation or '-'}]",
                            f"{e.actor2 or '?'} [{e.actor2_affiliation or '-'}]", ", ".join(e.weapons),
                            _n(e.killed), _n(e.injured), e.status, str(len(e.sources))) for e in rows])
    more = f" (from {offset + 1}; --offset {offset + len(rows)} for the next)" if limit and len(rows) == limit else ""
    console.print(f"{len(rows)} events{more}", highlight=False)


def _print_table(columns: tuple[str, ...], rows: list[tuple]) -> None:
    """A table whose first column (the id) is never cut, so it can be copied into `show`. Piped output
    is not fitted to 80 columns: each row is as wide as it needs."""
    from rich.table import Table

    table = Table(show_edge=console.is_terminal)
    table.add_column(columns[0], no_wrap=True, min_width=max((len(r[0]) for r in rows), default=2))
    for name in columns[1:]:
        table.add_column(name)
    for row in rows:
        table.add_row(*(escape(v) for v in row))
    out = console if console.is_terminal else Console(file=console.file, width=100_000, color_system=None)
    out.print(table, highlight=False)


@command
def show(event_id: Annotated[str, typer.Argument(help="An event id from `sitrep events`.")], db: DbOption = None):
    """Every field of one event, with the quotes and sources behind it.

    Example: sitrep show ev-1a2b3c4d5e6f --db ledger.db
    """
    from sitrep.describe import event_lines

    with _ledger(db) as ledger:
        e = ledger.event(event_id)
    for line in event_lines(e):
        console.print(line, highlight=False, markup=False, soft_wrap=True)


@command
def documents(db: DbOption = None):
    """List the ledger's documents: id, publication date, credibility, title and mentions.

    Example: sitrep documents --db ledger.db
    """
    with _ledger(db) as ledger:
        docs = list(ledger.documents())
        mentions = ledger.mention_counts()
    _print_table(("id", "published", "credibility", "mentions", "title"),
                 [(d["id"], d["published"] or "?", d["credibility"], str(mentions.get(d["id"], 0)),
                   d["title"] or "") for d in docs])
    console.print(f"{len(docs)} documents")


@command
def document(doc_id: Annotated[str, typer.Argument(help="A document id from `sitrep documents`.")], db: DbOption = None):
    """One document: its fields and the events it mentions, or why it was rejected.

    Example: sitrep document tower22.txt --db ledger.db
    """
    from sitrep.describe import document_lines, history_lines

    with _ledger(db) as ledger:
        try:
            doc, found, history = ledger.document(doc_id), ledger.document_events(doc_id), ledger.document_history(doc_id)
        except NotFoundError:
            rejected = [r for r in ledger.rejections() if r.source == doc_id or Path(r.source).name == doc_id]
            if not rejected:
                raise
            for r in rejected:
                console.print(f"{r.source}: rejected: {r.reason}", highlight=False, markup=False, soft_wrap=True)
            raise typer.Exit(1)
    for line in document_lines(doc, found) + history_lines(history):
        console.print(line, highlight=False, markup=False, soft_wrap=True)


@command
def claims(db: DbOption = None):
    """Running tallies and totals the sources claim, each beside the ledger's own count for the same
    window and region, and the difference (ledger minus claim).

    Example: sitrep claims --db ledger.db
    """
    from rich.table import Table

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


@command
def chain(event_id: Annotated[str, typer.Argument(help="An event id from `sitrep events`.")], db: DbOption = None):
    """The retaliation chain through one event: what it answered, and what answered it, both ways.

    Example: sitrep chain ev-1a2b3c4d5e6f --db ledger.db
    """
    from sitrep.describe import event_line

    with _ledger(db) as ledger:
        links = sitrep.chain(ledger, event_id)
    for e in links["answers"]:
        console.print(f"  {event_line(e)}", highlight=False, markup=False)
        console.print("    ↓ answered by", highlight=False, markup=False)
    console.print(f"[bold]> {escape(event_line(links['event']))}[/bold]", highlight=False)
    for e in links["answered_by"]:
        console.print("    ↓ answered by", highlight=False, markup=False)
        console.print(f"  {event_line(e)}", highlight=False, markup=False)
    if not links["answers"] and not links["answered_by"]:
        console.print("no retaliation links for this event")


def _signed(value) -> str:
    return "-" if value is None else f"{value:+d}"


@command
def export(what: Annotated[What, typer.Argument(help="events or documents")],
           db: DbOption = None,
           format: Annotated[Format, typer.Option("--format", "-f", help="jsonl (the contract), csv (ACLED columns) or geojson.")] = Format.jsonl,
           output: Annotated[Optional[Path], typer.Option("-o", "--output", help="File to write; standard output if omitted.")] = None):
    """Export events or documents.

    Example: sitrep export events --db ledger.db --format geojson -o events.geojson
    """
    with _ledger(db) as ledger:
        text = sitrep.export(ledger, what.value, format.value, output)
    if output is None:
        sys.stdout.write(text)
    else:
        err.print(f"wrote {output}")


@command
def serve(db: DbOption = None,
          host: Annotated[str, typer.Option(help="Address to listen on (loopback unless --public).")] = "127.0.0.1",
          port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
          token: Annotated[Optional[str], typer.Option(envvar=["SITREP_TOKEN", "SITREP_API_TOKEN"], show_default=False,
                                                       help="Bearer token that enables POST /api/documents; read-only without it.")] = None,
          public: Annotated[bool, typer.Option("--public", help="Allow listening on a non-loopback address.")] = False):
    """Serve the ledger: the JSON API under /api and the dashboard pages (/, /events/ID, /documents).

    Example: sitrep serve --db ledger.db --port 8000
    """
    import uvicorn

    from sitrep.api import create_app, is_loopback, listen

    loopback = host == "localhost" or is_loopback(host)
    if not loopback and not public:
        raise SitrepError(f"{host} is not a loopback address: add --public to serve other machines")
    db = db or sitrep.Settings.from_env().db
    _ledger(db).close()  # a path that names no ledger is an error here, not a new empty ledger
    application = create_app(db, token)
    listening = listen(host, port)  # bound before "serving" is printed: a port in use fails first
    err.print(f"serving {'read-write' if token else 'read-only'} on http://{host}:{port}/", highlight=False)
    server = uvicorn.Server(uvicorn.Config(application, host=host, port=port, log_level="warning"))
    server.run(sockets=[listening])


@command
def demo(out: Annotated[Path, typer.Option(help="Folder for the demo ledger and its exports.")] = Path("build/demo")):
    """Run the whole pipeline on the example corpus that ships with sitrep, print the ledger, write exports.

    Example: sitrep demo --out build/demo
    """
    from importlib import resources

    out.mkdir(parents=True, exist_ok=True)
    db = out / "demo.db"
    if db.exists():
        db.unlink()
    examples = Path(str(resources.files("sitrep") / "examples"))
    # The example outlets are invented: their ratings are a user's outlets file, as a reader would rate them.
    _ingest([str(examples / "reports")], str(db), sitrep.Settings.from_env(outlets_file=str(examples / "outlets.csv")))
    events(db=str(db))
    for what, fmt in (("events", "jsonl"), ("events", "csv"), ("events", "geojson"), ("documents", "jsonl")):
        path = out / f"{what}.{fmt}"
        with sitrep.open_ledger(str(db)) as ledger:
            sitrep.export(ledger, what, fmt, path)
        console.print(f"wrote {path}")


def _n(value) -> str:
    return "" if value is None else str(value)


if __name__ == "__main__":
    app()
