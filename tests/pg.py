"""A throwaway PostgreSQL server for the tests, started from Debian's binaries.

``initdb`` + ``pg_ctl`` in a temporary folder, listening on a free localhost port with trust
authentication, run as the ``postgres`` user (or a ``claimwatch-test`` user made for the purpose)
when the tests run as root, since PostgreSQL refuses to run as root. Without the binaries the
tests skip with the reason — unless ``CI`` is set, where they fail: CI installs PostgreSQL
(``.ci/run``) and must test it.

Use the ``pg_url`` fixture: a fresh, empty database on the session's server for each test.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest


def _binaries() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _run_as() -> str | None:
    """The user to run the server as when we are root, creating one if needed."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "claimwatch-test"):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    subprocess.run(["useradd", "--system", "--no-create-home", "claimwatch-test"], check=True)
    return "claimwatch-test"


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"PostgreSQL tests cannot run in CI: {reason}")
    pytest.skip(f"PostgreSQL tests skipped: {reason}")


class PgServer:
    """A running throwaway cluster."""

    def __init__(self, bindir: Path, root: Path, port: int, user: str | None) -> None:
        self.bindir, self.root, self.port, self.user = bindir, root, port, user
        self.data = root / "data"

    def _cmd(self, *args: str) -> list[str]:
        return ["runuser", "-u", self.user, "--", *args] if self.user else list(args)

    def start(self) -> None:
        if self.user:
            shutil.chown(self.root, self.user)
        subprocess.run(
            self._cmd(
                str(self.bindir / "initdb"),
                "-D",
                str(self.data),
                "-A",
                "trust",
                "-U",
                "postgres",
                "-E",
                "UTF8",
                "--no-sync",
            ),
            check=True,
            capture_output=True,
        )
        opts = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
        subprocess.run(
            self._cmd(
                str(self.bindir / "pg_ctl"),
                "-D",
                str(self.data),
                "-o",
                opts,
                "-l",
                str(self.root / "log"),
                "-w",
                "-t",
                "60",
                "start",
            ),
            check=True,
            capture_output=True,
        )

    def stop(self) -> None:
        subprocess.run(
            self._cmd(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop"),
            capture_output=True,
        )

    def url(self, dbname: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{dbname}"

    def create_database(self) -> str:
        import psycopg

        name = "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect(self.url().replace("postgresql://", "postgresql://", 1), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return name


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """The session's PostgreSQL server."""
    bindir = _binaries()
    if bindir is None:
        _unavailable("no initdb found (apt-get install postgresql)")
    try:
        import psycopg  # noqa: F401
    except ModuleNotFoundError:
        _unavailable("psycopg is not installed (pip install 'claimwatch[pg]')")
    assert bindir is not None
    root = Path(tempfile.mkdtemp(prefix="claimwatch-pg-"))
    os.chmod(root, 0o755)
    server = PgServer(bindir, root, _free_port(), _run_as())
    try:
        server.start()
    except subprocess.CalledProcessError as exc:
        log = (root / "log").read_text() if (root / "log").exists() else ""
        shutil.rmtree(root, ignore_errors=True)
        _unavailable(f"the server did not start: {exc.stderr.decode(errors='replace')[-500:]} {log[-500:]}")
    deadline = time.time() + 30
    while time.time() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", server.port)) == 0:
                break
        time.sleep(0.2)
    yield server
    server.stop()
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture()
def pg_url(pg_server: PgServer) -> str:
    """A fresh empty database on the session's server, as a ``postgresql://`` URL."""
    return pg_server.url(pg_server.create_database())
