"""``claimwatch serve``: the web UI and the REST API over a ledger, with uvicorn.

Needs the ``server`` extra (``pip install 'claimwatch[server]'``); without it the command says
so instead of failing on an import.
"""

from __future__ import annotations

import click

from claimwatch.cli.common import handle_errors
from claimwatch.errors import ConfigError


@click.command()
@click.option(
    "--db",
    "db",
    envvar="CLAIMWATCH_DB",
    default=None,
    metavar="URL",
    help="Ledger database: sqlite:///path.db (default sqlite:///claimwatch.db) or postgresql://…  [env: CLAIMWATCH_DB]",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on (0.0.0.0: every one).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
@click.option(
    "--max-body",
    type=click.IntRange(min=1),
    default=None,
    envvar="CLAIMWATCH_MAX_BODY",
    help="Largest request body in bytes (default 2,000,000).  [env: CLAIMWATCH_MAX_BODY]",
)
@click.option(
    "--log-level", default="info", show_default=True, type=click.Choice(["debug", "info", "warning", "error"])
)
@handle_errors
def serve(db: str | None, host: str, port: int, max_body: int | None, log_level: str) -> None:
    """Serve the web UI at / and the REST API at /api/ (OpenAPI schema: /api/openapi.json).

    Writes (POST /api/documents) need the bearer token set in CLAIMWATCH_TOKEN; without it the
    server is read-only.
    """
    try:
        import uvicorn

        from claimwatch.api.app import create_app
    except ModuleNotFoundError as exc:
        raise ConfigError(
            f"serve needs the 'server' extra: pip install 'claimwatch[server]' ({exc.name} is missing)"
        ) from exc
    app = create_app(db, max_body=max_body)
    app.state.ledger.get()  # fail now, with one clear line, if the database cannot be opened
    click.echo(f"claimwatch: serving {app.state.ledger.get().url} on http://{host}:{port}/", err=True)
    uvicorn.run(app, host=host, port=port, log_level=log_level)


def register(cli: click.Group) -> None:
    """Add ``serve`` to the ``claimwatch`` command."""
    cli.add_command(serve)
