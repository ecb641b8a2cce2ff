"""Server settings: the write token and the request size limit, from arguments or the environment.

=========================  ===========  ===========================================================
name                       default      help
=========================  ===========  ===========================================================
``CLAIMWATCH_TOKEN``       (unset)      bearer token that write endpoints require; unset: writes
                                        are refused (403)
``CLAIMWATCH_MAX_BODY``    ``2000000``  largest request body accepted, in bytes (413 beyond it)
=========================  ===========  ===========================================================

The ledger itself comes from ``--db`` or ``CLAIMWATCH_DB`` (see :mod:`claimwatch.store.settings`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from claimwatch.errors import ConfigError

TOKEN_VAR = "CLAIMWATCH_TOKEN"
MAX_BODY_VAR = "CLAIMWATCH_MAX_BODY"
DEFAULT_MAX_BODY = 2_000_000

SETTINGS = {
    TOKEN_VAR: "bearer token that write endpoints require; unset: writes are refused (403)",
    MAX_BODY_VAR: "largest request body accepted, in bytes (413 beyond it)",
}
"""Every environment variable the server reads, with its help (a test checks each is documented)."""


@dataclass(frozen=True)
class ServerSettings:
    """What the app needs besides the ledger.

    Attributes:
        token: the bearer token of write endpoints; None disables writes.
        max_body: the largest request body accepted, in bytes.
    """

    token: str | None = None
    max_body: int = DEFAULT_MAX_BODY

    @classmethod
    def resolve(cls, token: str | None = None, max_body: int | None = None) -> ServerSettings:
        """Arguments first, then ``CLAIMWATCH_TOKEN`` and ``CLAIMWATCH_MAX_BODY``, then defaults.

        Raises:
            ConfigError: ``CLAIMWATCH_MAX_BODY`` is not a positive integer.
        """
        token = token if token is not None else os.environ.get(TOKEN_VAR)
        if max_body is None:
            raw = os.environ.get(MAX_BODY_VAR, "").strip()
            try:
                max_body = int(raw) if raw else DEFAULT_MAX_BODY
            except ValueError as exc:
                raise ConfigError(f"{MAX_BODY_VAR}: not an integer: {raw!r}") from exc
        if max_body < 1:
            raise ConfigError(f"{MAX_BODY_VAR}: must be positive, not {max_body}")
        return cls(token=token or None, max_body=max_body)
