"""What routes depend on: the app's one ledger, opened on first use, and the write token check."""

from __future__ import annotations

import hmac
import threading
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from claimwatch.api.settings import TOKEN_VAR, ServerSettings
from claimwatch.store.ledger import Ledger


class LedgerHolder:
    """Opens the ledger at ``url`` once, on first use (so building the app does no I/O)."""

    def __init__(self, url: str | None) -> None:
        self.url = url
        self._ledger: Ledger | None = None
        self._lock = threading.Lock()

    def get(self) -> Ledger:
        """The open ledger (opened, and migrated, on the first call).

        Raises:
            StoreError: the database cannot be opened.
        """
        if self._ledger is None:
            with self._lock:
                if self._ledger is None:
                    self._ledger = Ledger.open(self.url)
        return self._ledger

    def close(self) -> None:
        """Close the ledger if it was opened."""
        with self._lock:
            if self._ledger is not None:
                self._ledger.close()
                self._ledger = None


def get_ledger(request: Request) -> Ledger:
    """The app's ledger."""
    holder: LedgerHolder = request.app.state.ledger
    return holder.get()


LedgerDep = Annotated[Ledger, Depends(get_ledger)]

bearer = HTTPBearer(auto_error=False, description=f"The server's write token (`{TOKEN_VAR}`).")


def require_token(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
) -> None:
    """Let a write through only with ``Authorization: Bearer <CLAIMWATCH_TOKEN>``."""
    settings: ServerSettings = request.app.state.settings
    if settings.token is None:
        raise HTTPException(403, f"writes are disabled: start the server with {TOKEN_VAR} set")
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise HTTPException(401, "a bearer token is required", headers={"WWW-Authenticate": "Bearer"})
    if not hmac.compare_digest(credentials.credentials.encode(), settings.token.encode()):
        raise HTTPException(401, "the token is not valid", headers={"WWW-Authenticate": "Bearer"})
