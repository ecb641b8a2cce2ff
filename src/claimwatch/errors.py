"""The one exception tree of claimwatch.

::

    ClaimwatchError
     ├── SourceError      an input could not be read (missing, binary, too large, bad encoding, fetch failed)
     ├── CleanError       an input was read but holds no article body
     ├── PipelineError    the NLP pipeline could not be built or run (e.g. no spaCy model installed)
     ├── StoreError       the ledger could not be opened, migrated or written
     └── ConfigError      a setting has a bad value

Errors carry their context (the input they are about) and are turned into exit codes or HTTP
responses only at the edges (CLI, API).
"""

from __future__ import annotations


class ClaimwatchError(Exception):
    """Base of every error claimwatch raises on purpose."""

    code = "E000"
    exit_code = 1

    def __init__(self, message: str, *, source: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.source = source

    def __str__(self) -> str:
        return f"{self.source}: {self.message}" if self.source else self.message


class SourceError(ClaimwatchError):
    """An input could not be read: missing, unreadable, binary, too large, or a failed fetch."""

    code = "E100"
    exit_code = 2


class CleanError(ClaimwatchError):
    """An input was read but holds no usable article body."""

    code = "E200"
    exit_code = 2


class PipelineError(ClaimwatchError):
    """The NLP pipeline could not be built or run."""

    code = "E300"
    exit_code = 3


class StoreError(ClaimwatchError):
    """The ledger could not be opened, migrated or written."""

    code = "E400"
    exit_code = 4


class ConfigError(ClaimwatchError):
    """A setting has a bad value."""

    code = "E500"
    exit_code = 5
