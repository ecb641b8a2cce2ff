"""Where the ledger lives: ``--db URL`` → ``CLAIMWATCH_DB`` → ``sqlite:///claimwatch.db``.

=================  =========================  ==================================================
name               default                    help
=================  =========================  ==================================================
``CLAIMWATCH_DB``  ``sqlite:///claimwatch.db``  ``sqlite:///path.db``, a bare path, or
                                              ``postgresql://user:pass@host:port/dbname``
=================  =========================  ==================================================
"""

from __future__ import annotations

import os

from claimwatch.errors import ConfigError

ENV_VAR = "CLAIMWATCH_DB"
DEFAULT_URL = "sqlite:///claimwatch.db"


def database_url(url: str | None = None) -> str:
    """The SQLAlchemy URL to use, from the argument, the environment or the default.

    A bare path (``ledger.db``) means a SQLite file; ``postgresql://`` and ``postgres://`` use
    the psycopg 3 driver.

    Raises:
        ConfigError: the URL names a back end claimwatch does not support.
    """
    raw = (url or os.environ.get(ENV_VAR) or DEFAULT_URL).strip()
    if "://" not in raw:
        return f"sqlite:///{raw}"
    scheme, rest = raw.split("://", 1)
    if scheme in ("postgresql", "postgres", "postgresql+psycopg"):
        return f"postgresql+psycopg://{rest}"
    if scheme == "sqlite":
        return raw
    raise ConfigError(f"unsupported database URL scheme {scheme!r}: use sqlite:///path.db or postgresql://…")


def redact(url: str) -> str:
    """The URL with any password hidden, for messages."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        creds, host = rest.rsplit("@", 1)
        if ":" in creds:
            creds = creds.split(":", 1)[0] + ":***"
        return f"{scheme}://{creds}@{host}"
    return url
