"""Ledger commands: ``ingest``, the queries (``claims``, ``quotes``, ``entities``, ``events``,
``timeline``, ``series``, ``contradictions``, ``search``, ``show``, ``overview``), ``relink`` and
``export``.

Each command opens one :class:`~claimwatch.store.ledger.Ledger` and calls one method; output is
a table for people and JSON (``--json``) for scripts. Every command takes ``--db URL``
(``sqlite:///path.db`` or ``postgresql://…``), defaulting to ``CLAIMWATCH_DB`` and then
``sqlite:///claimwatch.db``.
"""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

import click
from pydantic import BaseModel
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from claimwatch.cli.common import engine_options, handle_errors, lazy
from claimwatch.store.settings import database_url

if TYPE_CHECKING:
    from claimwatch.store.ledger import IngestEvent
    from claimwatch.store.rows import ClaimRow, IngestSummary, Page, Timeline

# imported when a command first opens the ledger: ``--help`` needs neither SQLAlchemy nor spaCy
Ledger: Any = lazy("claimwatch.store.ledger", "Ledger")

console = Console()
err_console = Console(stderr=True)

db_option = click.option(
    "--db",
    "db",
    envvar="CLAIMWATCH_DB",
    default=None,
    metavar="URL",
    help="Ledger database: sqlite:///path.db (default sqlite:///claimwatch.db) or postgresql://…  [env: CLAIMWATCH_DB]",
)
json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
limit_option = click.option(
    "--limit", default=50, show_default=True, type=click.IntRange(1, 1000), help="Rows per page."
)
cursor_option = click.option("--cursor", default=None, help="Continue from the next_cursor of a previous page.")


def _dump(value: Any) -> None:
    data: Any
    if isinstance(value, BaseModel):
        data = value.model_dump(mode="json", by_alias=True)
    elif isinstance(value, list):
        data = [v.model_dump(mode="json", by_alias=True) if isinstance(v, BaseModel) else v for v in value]
    else:
        data = value
    click.echo(json.dumps(data, ensure_ascii=False, indent=1))


def _table(title: str, columns: Iterable[str], rows: Iterable[Iterable[Any]], note: str | None = None) -> None:
    table = Table(title=title, expand=True, title_justify="left")
    for col in columns:
        tight = col in {"claim", "date", "published", "first", "last", "figure", "kind", "type", "docs", "mentions"}
        table.add_column(col, overflow="fold", no_wrap=tight, ratio=None if tight else 1)
    for row in rows:
        table.add_row(*("" if v is None else escape(str(v)) for v in row))
    console.print(table)
    if note:
        console.print(f"[dim]{escape(note)}[/dim]")


def _num(x: float | None) -> str:
    if x is None:
        return "…"
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,}"


def _interval(low: float | None, high: float | None, qualifier: str) -> str:
    if qualifier == "vague":
        return "vague"
    if low is not None and low == high:
        return ("~" if qualifier == "approx" else "") + _num(low)
    if high is None:
        return f"> {_num(low)}" if qualifier == "more_than" else f"≥ {_num(low)}"
    if low is None:
        return f"< {_num(high)}" if qualifier == "less_than" else f"≤ {_num(high)}"
    return f"{_num(low)}–{_num(high)}"


def _page_note(page: Page[Any]) -> str | None:
    return f"more: --cursor {page.next_cursor}" if page.next_cursor else None


# -- ingest ----------------------------------------------------------------------------------------


@click.command()
@click.argument("inputs", nargs=-1, required=True, metavar="PATH|URL|FEED...")
@db_option
@engine_options
@click.option("--no-progress", is_flag=True, help="No progress bar.")
@json_option
@handle_errors
def ingest(
    inputs: tuple[str, ...],
    db: str | None,
    workers: int,
    engine: str,
    address: str | None,
    no_progress: bool,
    as_json: bool,
) -> None:
    """Extract and store files, folders, JSONL, RSS/Atom feeds and URLs (idempotent)."""
    from claimwatch.batch import RunOptions, processor

    options = RunOptions(engine=engine, workers=workers or None, address=address)  # type: ignore[arg-type]
    if engine == "ray":
        from claimwatch.batch.ray import ingest_ray

        summary = ingest_ray(list(inputs), database_url(db), options.ray_options())
        _report_ingest(summary, as_json)
        return
    with Ledger.open(db) as ledger:
        show = not no_progress and not as_json and err_console.is_terminal
        with Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err_console,
            disable=not show,
            transient=True,
        ) as progress:
            task = progress.add_task("ingesting", total=None)

            def step(ev: IngestEvent) -> None:
                progress.update(task, completed=ev.done, total=ev.total, description=f"{ev.status}: {ev.source[-50:]}")
                if ev.status == "failed" and not as_json:
                    err_console.print(f"[yellow]skipped[/yellow] {escape(ev.source)}: {escape(ev.error or '')}")

            summary = ledger.ingest_paths(list(inputs), processor=processor(options), on_progress=step)
    _report_ingest(summary, as_json)


def _report_ingest(summary: IngestSummary, as_json: bool) -> None:
    if as_json:
        _dump(summary)
    else:
        click.echo(
            f"new {summary.new}, unchanged {summary.unchanged}, new versions {summary.versions}, "
            f"failed {summary.failed} (near-duplicates {summary.duplicates}) in {summary.seconds:.1f} s"
        )
    if summary.failed and not (summary.new or summary.versions or summary.unchanged):
        sys.exit(2)


# -- listings ----------------------------------------------------------------------------------------


def _claim_rows(items: list[ClaimRow]) -> Iterable[list[Any]]:
    for c in items:
        subject = (c.subject or "") + (" (inferred)" if c.subject_inferred else "")
        yield [
            c.date,
            c.speaker or "—",
            _interval(c.low, c.high, c.qualifier),
            c.counted,
            subject,
            c.place or c.location,
            c.text,
            f"{c.document}:{c.char_start}",
        ]


@click.command()
@click.option("--subject", help="Group or actor the figure is about (any of its names).")
@click.option("--counted", help="What is counted (fighters also finds militants, members…).")
@click.option("--measure", help="What the figure measures: strength, killed, injured, arrested, displaced, attacks, …")
@click.option("--place", help="Country or place (Afghanistan finds northern Afghanistan, Kabul…).")
@click.option("--speaker", help="Who gave the figure (any of their names).")
@click.option("--since", help="From this date (YYYY-MM-DD).")
@click.option("--until", help="Up to this date (YYYY-MM-DD).")
@limit_option
@cursor_option
@db_option
@json_option
@handle_errors
def claims(db: str | None, as_json: bool, **filters: Any) -> None:
    """List figures: who claimed how many of what, about whom, where and when."""
    with Ledger.open(db) as ledger:
        page = ledger.claims(**filters)
    if as_json:
        return _dump(page)
    cols = ("date", "speaker", "figure", "counted", "subject", "place", "text", "where")
    _table("Claims", cols, _claim_rows(page.items), _page_note(page))


@click.command()
@click.option("--speaker", help="Who said it (any of their names).")
@limit_option
@cursor_option
@db_option
@json_option
@handle_errors
def quotes(db: str | None, as_json: bool, **filters: Any) -> None:
    """List statements and who made them."""
    with Ledger.open(db) as ledger:
        page = ledger.quotes(**filters)
    if as_json:
        return _dump(page)
    rows = ([q.date, q.speaker or "—", q.kind, q.cue, q.text, f"{q.document}:{q.char_start}"] for q in page.items)
    _table("Quotes", ("date", "speaker", "kind", "cue", "text", "where"), rows, _page_note(page))


@click.command()
@click.option(
    "--type",
    "type_",
    type=click.Choice(["person", "organization", "armed_group", "location", "other"]),
    help="Only entities of this type.",
)
@click.option("-q", "--query", "q", help="Name or alias prefix.")
@limit_option
@cursor_option
@db_option
@json_option
@handle_errors
def entities(db: str | None, as_json: bool, type_: str | None, **filters: Any) -> None:
    """List entities across the corpus, most mentioned first."""
    with Ledger.open(db) as ledger:
        page = ledger.entities(type=type_, **filters)
    if as_json:
        return _dump(page)
    rows = (
        [e.id, e.name, e.type, e.country, e.role, ", ".join(e.aliases), e.n_documents, e.n_mentions] for e in page.items
    )
    cols = ("id", "name", "type", "country", "role", "aliases", "docs", "mentions")
    _table("Entities", cols, rows, _page_note(page))


@click.command()
@click.option("--type", "type_", help="attack, security_operation, arrest, surrender, meeting, denial, …")
@click.option("--place", help="Country or place.")
@limit_option
@cursor_option
@db_option
@json_option
@handle_errors
def events(db: str | None, as_json: bool, type_: str | None, **filters: Any) -> None:
    """List events with their actors, targets and places."""
    with Ledger.open(db) as ledger:
        page = ledger.events(type=type_, **filters)
    if as_json:
        return _dump(page)
    rows = (
        [
            e.date,
            e.type,
            ", ".join(e.actors),
            ", ".join(e.targets),
            e.place or e.location,
            e.killed,
            e.text,
            f"{e.document}:{e.char_start}",
        ]
        for e in page.items
    )
    cols = ("date", "type", "actors", "targets", "place", "killed", "text", "where")
    _table("Events", cols, rows, _page_note(page))


@click.command()
@limit_option
@db_option
@json_option
@handle_errors
def series(db: str | None, as_json: bool, limit: int) -> None:
    """List claim series (subject / counted / place / measure), latest figures first."""
    with Ledger.open(db) as ledger:
        rows = ledger.series(limit=limit)
    if as_json:
        return _dump(rows)
    _table(
        "Series",
        ("subject", "counted", "place", "measure", "figures", "sources", "first", "last"),
        ([s.subject, s.counted, s.place, s.measure, s.n_claims, s.n_sources, s.first_date, s.last_date] for s in rows),
    )


@click.command()
@limit_option
@click.option("--kind", type=click.Choice(["denial", "conflict"]), help="Only denials or only conflicting figures.")
@db_option
@json_option
@handle_errors
def contradictions(db: str | None, as_json: bool, limit: int, kind: str | None) -> None:
    """List denials and figures that cannot both be true."""
    with Ledger.open(db) as ledger:
        rows = ledger.contradictions(limit=limit, kind=kind)
    if as_json:
        return _dump(rows)

    def fig(c: ClaimRow | None) -> str:
        return "" if c is None else f"{c.speaker or '—'}: {c.text} ({c.document}, {c.date})"

    _table(
        "Contradictions",
        ("kind", "claim", "answered by / conflicts with", "detail"),
        (
            [r.kind, fig(r.claim), f"{r.by}: {r.text}" if r.kind == "denial" else fig(r.other_claim), r.detail]
            for r in rows
        ),
    )


# -- timeline ----------------------------------------------------------------------------------------

_COLOURS = ["cyan", "magenta", "green", "yellow", "blue", "red", "bright_cyan", "bright_magenta"]


def render_chart(tl: Timeline, width: int = 48) -> list[Text]:
    """A terminal range chart: one row per figure, low–high on a log scale, coloured by source."""
    values = [v for p in tl.points for v in (p.low, p.high) if v is not None and v > 0]
    if not values:
        return []
    lo, hi = math.log10(min(values)), math.log10(max(values))
    span = max(hi - lo, 1e-9)

    def col(v: float) -> int:
        return round((math.log10(v) - lo) / span * (width - 1)) if v > 0 else 0

    sources = sorted({p.outlet or p.speaker or p.document for p in tl.points})
    colour = {s: _COLOURS[i % len(_COLOURS)] for i, s in enumerate(sources)}
    lines = []
    for p in tl.points:
        if p.low is None and p.high is None:
            continue
        cells = [" "] * width
        a = col(p.low) if p.low is not None else 0
        b = col(p.high) if p.high is not None else width - 1
        for i in range(a, b + 1):
            cells[i] = "━"
        if p.low is not None:
            cells[a] = "├" if b > a else "●"
        if p.high is not None and b > a:
            cells[b] = "┤"
        elif p.high is None:
            cells[-1] = "▶"
        who = p.outlet or p.speaker or p.document
        label = f"{str(p.date or '?'):>10} {(p.speaker or '—')[:18]:<18} "  # 30 columns
        line = Text(label)
        line.append("".join(cells), style=colour[who])
        mark = " ✗" if p.denials else ""
        mark += " ≠" if p.conflicts else ""
        line.append(f" {_interval(p.low, p.high, p.qualifier)} {p.category or ''}{mark}")
        lines.append(line)
    axis = Text(
        " " * 30 + f"{_num(round(10**lo)):<{width // 2}}{_num(round(10**hi)):>{width - width // 2}}  (log scale)",
        style="dim",
    )
    return [*lines, axis]


@click.command()
@click.argument("subject")
@click.option("--counted", help="What is counted (fighters, groups, …).")
@click.option("--place", help="Country or place.")
@click.option("--no-chart", is_flag=True, help="Table only.")
@db_option
@json_option
@handle_errors
def timeline(
    subject: str, counted: str | None, place: str | None, no_chart: bool, db: str | None, as_json: bool
) -> None:
    """Figures about SUBJECT over time, per source, with denials and conflicts."""
    with Ledger.open(db) as ledger:
        tl = ledger.timeline(subject, counted=counted, place=place)
    if as_json:
        return _dump(tl)
    if not tl.points:
        click.echo(f"no figures about {subject!r}" + (f" in {place}" if place else ""))
        return
    rows, notes = [], []
    for p in tl.points:
        marks = [f"✗ {d.by or '?'}" for d in p.denials] + [f"≠ #{d.other_claim_id}" for d in p.conflicts]
        for d in p.denials:
            notes.append(f"#{p.claim_id} denied by {d.by}: “{d.text}” ({d.document}:{d.char_start})")
        for d in p.conflicts:
            notes.append(f"#{p.claim_id} conflicts with #{d.other_claim_id}: {d.detail}")
        if p.duplicates:
            notes.append(f"#{p.claim_id} also reported in {', '.join(p.duplicates)} (counted once)")
        date = str(p.date) if p.date else "(undated)"
        source = p.outlet or (p.source or p.document).rsplit("/", 1)[-1]
        rows.append(
            [
                f"#{p.claim_id}",
                date,
                source,
                p.speaker or "—",
                _interval(p.low, p.high, p.qualifier),
                p.counted,
                p.place,
                " ".join(marks),
                f"{p.document}:{p.char_start}",
            ]
        )
    cols = ("claim", "date", "source", "speaker", "figure", "counted", "place", "disputed", "where")
    _table(f"Timeline: {tl.subject}" + (f" in {place}" if place else ""), cols, rows)
    for note in notes:
        console.print(escape(note), highlight=False)
    if any(p.date is None for p in tl.points):
        console.print("[dim](undated): the article gives no publication date; never dated by ingestion[/dim]")
    if not no_chart:
        for line in render_chart(tl, width=max(16, min(60, console.width - 60))):
            console.print(line, no_wrap=True, overflow="ellipsis")
        console.print("[dim]✗ denied  ≠ conflicting figure  ▶ open upper bound  ● single value[/dim]")


# -- search, show, overview, relink ----------------------------------------------------------------------


@click.command()
@click.argument("text")
@limit_option
@db_option
@json_option
@handle_errors
def search(text: str, limit: int, db: str | None, as_json: bool) -> None:
    """Full-text search over the articles (stemmed; "quoted phrases")."""
    with Ledger.open(db) as ledger:
        hits = ledger.search(text, limit=limit)
    if as_json:
        return _dump(hits)
    _table(
        "Search",
        ("document", "published", "title", "snippet"),
        ([h.document, h.published, h.title, h.snippet] for h in hits),
    )


@click.command()
@click.argument("document")
@db_option
@json_option
@handle_errors
def show(document: str, db: str | None, as_json: bool) -> None:
    """Show one stored document with everything extracted from it and its provenance."""
    from claimwatch.cli.render import render_document
    from claimwatch.errors import StoreError

    with Ledger.open(db) as ledger:
        doc = ledger.document(document)
    if doc is None:
        raise StoreError("no such document", source=document)
    if as_json:
        return _dump(doc)
    render_document(doc)
    extra = [f"version {doc.version}" + ("" if doc.is_current else " (superseded)"), f"first seen {doc.first_seen}"]
    if doc.outlet:
        extra.append(f"outlet {doc.outlet}")
    if doc.duplicate_of:
        extra.append(f"near-duplicate of {doc.duplicate_of}")
    if len(doc.cluster) > 1:
        extra.append("cluster: " + ", ".join(doc.cluster))
    if len(doc.versions) > 1:
        extra.append("versions: " + ", ".join(doc.versions))
    console.print("[dim]" + escape("; ".join(extra)) + "[/dim]")


@click.command()
@db_option
@json_option
@handle_errors
def overview(db: str | None, as_json: bool) -> None:
    """Summary: counts, latest articles, most-cited speakers, latest series, contradictions."""
    with Ledger.open(db) as ledger:
        ov = ledger.overview()
    if as_json:
        return _dump(ov)
    click.echo(f"{ov.documents} documents, {ov.claims} claims, {ov.quotes} quotes, {ov.entities} entities")
    _table(
        "Latest articles",
        ("document", "published", "outlet", "title"),
        ([d.document, d.published, d.outlet, d.title] for d in ov.latest),
    )
    _table("Most-cited speakers", ("speaker", "quotes", "claims"), ([s.name, s.quotes, s.claims] for s in ov.speakers))
    _table(
        "Series",
        ("subject", "counted", "place", "figures", "last"),
        ([s.subject, s.counted, s.place, s.n_claims, s.last_date] for s in ov.series),
    )


@click.command()
@db_option
@handle_errors
def relink(db: str | None) -> None:
    """Rebuild cross-document links: entities, series, denials and conflicts, duplicates."""
    with Ledger.open(db) as ledger:
        ledger.relink()
        ov = ledger.overview()
    click.echo(f"relinked {ov.documents} documents: {ov.entities} entities, {len(ov.series)} recent series")


@click.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "csv", "parquet", "stix", "acled"]),
    default="jsonl",
    show_default=True,
    help="jsonl: contract documents; csv/parquet: one table; stix: a STIX 2.1 bundle; "
    "acled: ACLED-style event rows (CSV).",
)
@click.option(
    "--table",
    "table_",
    type=click.Choice(["claims", "quotes", "events", "entities", "documents"]),
    default="claims",
    show_default=True,
    help="Table for csv and parquet.",
)
@click.option(
    "-o",
    "--out",
    type=click.Path(dir_okay=False, writable=True),
    help="Output file (default stdout; required for parquet).",
)
@db_option
@handle_errors
def export(fmt: str, table_: str, out: str | None, db: str | None) -> None:
    """Export the ledger: documents as JSONL, a table as CSV or Parquet, STIX 2.1 or ACLED rows."""
    from claimwatch.export import write_export

    with Ledger.open(db) as ledger:
        n = write_export(ledger, fmt, out, table=table_)
    if out:
        err_console.print(
            f"wrote {n} {'documents' if fmt == 'jsonl' else 'objects' if fmt == 'stix' else 'rows'} to {out}"
        )


COMMANDS: list[Callable[..., Any]] = [
    ingest,
    claims,
    quotes,
    entities,
    events,
    series,
    contradictions,
    timeline,
    search,
    show,
    overview,
    relink,
    export,
]


def register(cli: click.Group) -> None:
    """Add the ledger commands to the ``claimwatch`` group."""
    for command in COMMANDS:
        cli.add_command(command)  # type: ignore[arg-type]
