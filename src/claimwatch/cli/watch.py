"""Monitoring commands: ``watch`` (poll the configured sources, fire alerts), ``sources`` (their
state) and ``alerts`` (what fired). Each opens one ledger and calls the watch library."""

from __future__ import annotations

import json
import signal
import sys
from types import FrameType
from typing import TYPE_CHECKING, Any

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from claimwatch.cli.common import handle_errors
from claimwatch.cli.ledger import db_option, json_option

if TYPE_CHECKING:  # the ledger and the watch library load when a command runs, not for --help
    from claimwatch.watch.runner import RoundReport

console = Console()
err = Console(stderr=True)


@click.command()
@click.option(
    "--config",
    "config_path",
    default="sources.toml",
    show_default=True,
    type=click.Path(dir_okay=False),
    help="The TOML file listing sources, rules and alert sinks.",
)
@click.option("--once", is_flag=True, help="One round, then exit (for cron and tests).")
@click.option("--force", is_flag=True, help="Poll every source now, due or not.")
@db_option
@handle_errors
def watch(config_path: str, once: bool, force: bool, db: str | None) -> None:
    """Keep the ledger current with feeds, pages, sitemaps and folders, and fire alerts."""
    from claimwatch.store.ledger import Ledger
    from claimwatch.watch.config import load
    from claimwatch.watch.runner import Watcher, follow_folders

    config = load(config_path)
    with Ledger.open(db) as ledger:
        watcher = Watcher(config, ledger)

        def progress(report: RoundReport) -> None:
            err.print(escape(report.line()), highlight=False, soft_wrap=True)

        def on_signal(signum: int, _frame: FrameType | None) -> None:
            if watcher.stopping.is_set():  # a second signal: stop now
                raise KeyboardInterrupt
            err.print(f"{signal.Signals(signum).name}: finishing the document in hand, then stopping")
            watcher.stop()

        previous = {s: signal.signal(s, on_signal) for s in (signal.SIGTERM, signal.SIGINT)}
        try:
            if once:
                progress(watcher.round(force=force))
            else:
                thread = follow_folders(watcher)
                if force:
                    progress(watcher.round(force=True))
                watcher.run(on_round=progress)
                if thread is not None:
                    thread.join(timeout=5)
        finally:
            watcher.close()
            for s, handler in previous.items():
                signal.signal(s, handler)


def _when(value: Any) -> str:
    return "—" if value is None else f"{value:%Y-%m-%d %H:%M:%S}"


@click.command()
@db_option
@json_option
@handle_errors
def sources(db: str | None, as_json: bool) -> None:
    """The watched sources: last success, last error, next poll."""
    from claimwatch.store.ledger import Ledger
    from claimwatch.watch import state

    with Ledger.open(db) as ledger:
        rows = state.list_sources(ledger.engine)
    if as_json:
        click.echo(json.dumps([r.model_dump(mode="json") for r in rows], ensure_ascii=False, indent=1))
        return
    table = Table(title="Watched sources", expand=True, title_justify="left")
    for col in ("name", "kind", "last success", "last error", "failures", "next poll", "docs", "polls"):
        table.add_column(col, overflow="fold")
    for r in rows:
        error = f"{_when(r.last_error_at)} {r.last_error}" if r.last_error and r.failures else "—"
        table.add_row(
            escape(r.name),
            r.kind,
            _when(r.last_success),
            escape(error),
            str(r.failures),
            _when(r.next_poll),
            str(r.n_documents),
            str(r.n_polls),
        )
    console.print(table)


@click.command()
@click.option("--unread", is_flag=True, help="Only the alerts not yet read.")
@click.option("--rule", help="Only the alerts of this rule.")
@click.option("--mark-read", is_flag=True, help="Mark the listed alerts read.")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 1000), help="Rows.")
@db_option
@json_option
@handle_errors
def alerts(unread: bool, rule: str | None, mark_read: bool, limit: int, db: str | None, as_json: bool) -> None:
    """The alerts the rules fired, newest first, with the claims that fired them."""
    from claimwatch.store.ledger import Ledger
    from claimwatch.watch import alerts as alert_store

    with Ledger.open(db) as ledger:
        rows = alert_store.list_alerts(ledger.engine, unread=unread, rule=rule, limit=limit)
        if mark_read and rows:
            alert_store.mark_read(ledger.engine, [r.id for r in rows])
        left = alert_store.unread_count(ledger.engine)
    if as_json:
        click.echo(json.dumps([r.model_dump(mode="json") for r in rows], ensure_ascii=False, indent=1))
        return
    table = Table(title=f"Alerts ({left} unread)", expand=True, title_justify="left")
    for col in ("#", "when", "rule", "fired by", "summary", "document"):
        table.add_column(col, overflow="fold")
    for r in rows:
        table.add_row(
            str(r.id) + ("" if r.is_read else " •"),
            _when(r.created_at),
            escape(r.rule),
            ", ".join(r.triggers),
            escape(r.summary),
            escape(r.doc_id or ""),
        )
    console.print(table)
    if not rows:
        sys.stderr.write("no alerts\n")


def register(cli: click.Group) -> None:
    """Add the monitoring commands to the ``claimwatch`` group."""
    for command in (watch, sources, alerts):
        cli.add_command(command)
