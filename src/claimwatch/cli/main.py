"""The ``claimwatch`` command: a click group whose commands are thin wrappers over the library.

Only this layer configures logging and turns :class:`ClaimwatchError` into one line on stderr
and an exit code; library code never prints.
"""

from __future__ import annotations

import logging

import click

NOISY_LOGGERS = ("trafilatura", "htmldate", "courlan", "justext", "charset_normalizer", "httpx", "urllib3")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-v", "--verbose", count=True, help="More log output (-v info, -vv debug).")
@click.version_option(package_name="claimwatch")
def cli(verbose: int) -> None:
    """claimwatch: a sourced ledger of who claimed what, about whom, where and when."""
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="claimwatch: %(levelname)s: %(message)s")
    # libraries' own chatter ("discarding data") is noise next to our one line per input
    for name in NOISY_LOGGERS:
        logging.getLogger(name).setLevel(logging.DEBUG if verbose >= 2 else logging.ERROR)


def _register() -> None:
    from claimwatch.cli import extract

    cli.add_command(extract.extract)
    for name in ("ledger", "serve", "watch"):
        try:
            module = __import__(f"claimwatch.cli.{name}", fromlist=["register"])
        except ModuleNotFoundError as exc:
            if exc.name != f"claimwatch.cli.{name}":
                raise
            continue
        module.register(cli)


_register()


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="claimwatch")
