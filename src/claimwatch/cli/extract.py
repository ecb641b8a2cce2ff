"""``claimwatch extract``: print the document contract (jsonl/json) or a readable table."""

from __future__ import annotations

import json
import sys

import click

from claimwatch.cli.common import engine_options, handle_errors


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "json", "table", "parquet"]),
    default="table",
    show_default=True,
    help="jsonl: one contract document per line; json: a JSON array; table: a readable summary; "
    "parquet: Parquet shards (only with --output).",
)
@engine_options
@click.option(
    "--output", type=click.Path(file_okay=False), help="With --engine ray: write jsonl or parquet shards into DIR."
)
@click.option(
    "--progress/--no-progress", default=None, help="A progress bar on stderr (default: when stderr is a terminal)."
)
@handle_errors
def extract(
    paths: tuple[str, ...],
    fmt: str,
    workers: int,
    engine: str,
    address: str | None,
    output: str | None,
    progress: bool | None,
) -> None:
    """Extract entities, quotes, claims and events from files, folders or - (stdin)."""
    from claimwatch.batch import RunOptions, count_inputs, process_paths, track
    from claimwatch.cli.render import render_document
    from claimwatch.core import Failure

    options = RunOptions(engine=engine, workers=workers or None, address=address)  # type: ignore[arg-type]
    if output or fmt == "parquet":
        if engine != "ray" or not output or fmt not in ("jsonl", "parquet"):
            raise click.UsageError(
                "--output needs --engine ray and --format jsonl or parquet (and parquet needs --output)"
            )
        from claimwatch.batch.ray import write_shards

        click.echo(write_shards(list(paths), output, fmt, options.ray_options()).summary(), err=True)
        return
    total = count_inputs(list(paths))
    ok = failed = 0
    first_error = 1
    docs = []
    for item in track(process_paths(list(paths), options, total), total=total, enabled=progress):
        if isinstance(item, Failure):
            failed += 1
            first_error = first_error if failed > 1 else item.error.exit_code
            click.echo(f"claimwatch: skipped {item.error}", err=True)
            continue
        ok += 1
        if fmt == "jsonl":
            sys.stdout.write(item.to_json() + "\n")
            sys.stdout.flush()
        elif fmt == "json":
            docs.append(item.to_json_dict())
        else:
            render_document(item)
    if fmt == "json":
        click.echo(json.dumps(docs, ensure_ascii=False, indent=1))
    if failed and not ok:
        sys.exit(first_error)
