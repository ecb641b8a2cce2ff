"""What every command shares: one error line and exit code per library error, engine options.

Kept apart from :mod:`claimwatch.cli.main` so that command modules can import it at the top
without importing the group that registers them.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

import click

from claimwatch.errors import ClaimwatchError

F = TypeVar("F", bound=Callable[..., Any])


class lazy:  # noqa: N801 - stands for the class it loads
    """A module attribute imported on first use, so that ``claimwatch --help`` loads no library."""

    def __init__(self, module: str, name: str) -> None:
        self._where = (module, name)

    def __getattr__(self, attr: str) -> Any:
        module, name = self._where
        return getattr(getattr(importlib.import_module(module), name), attr)


def engine_options(func: F) -> F:
    """``--workers``, ``--engine`` and ``--address``: where the per-document function runs."""
    func = click.option(
        "--address", help="With --engine ray: the cluster to join (auto, ray://HOST:10001); a local Ray if unset."
    )(func)
    func = click.option(
        "--engine",
        type=click.Choice(["local", "ray"]),
        default="local",
        show_default=True,
        help="local: a process pool on this machine; ray: Ray Data (needs the 'ray' extra).",
    )(func)
    return click.option(  # type: ignore[no-any-return]
        "--workers", type=click.IntRange(min=0), default=0, help="Worker processes (Ray actors); 0: every core."
    )(func)


def fail(message: str, code: int = 1) -> None:
    """Print one clear error line and exit."""
    click.echo(f"claimwatch: error: {message}", err=True)
    sys.exit(code)


def handle_errors(func: F) -> F:
    """Turn library errors into one line on stderr and the error's exit code."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ClaimwatchError as exc:
            fail(str(exc), exc.exit_code)
        except KeyboardInterrupt:
            fail("interrupted", 130)

    return wrapper  # type: ignore[return-value]
