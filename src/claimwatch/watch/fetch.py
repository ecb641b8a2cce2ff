"""Polite HTTP for watched sources: conditional GET, per-host rate limit, robots.txt, size cap.

::

    SourceError
     └── FetchError      a poll failed: status (when there was a response) and retry_after (429/503)

:class:`PoliteClient` owns one ``httpx.Client`` built on an injectable transport (tests pass a
mock one, or talk to a local server). It never retries by itself: a failure is returned to the
runner, which backs the source off (see :func:`backoff`), so one slow source never holds the
round up for longer than its timeout.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import logging
import random
import threading
import time
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType
from urllib.parse import urlsplit

import httpx

from claimwatch.errors import SourceError
from claimwatch.watch.config import FetchPolicy

LOGGER = logging.getLogger(__name__)

ROBOTS_TTL = 24 * 3600.0
ROBOTS_RETRY = 600.0
_BINARY = ("image/", "audio/", "video/", "application/pdf", "application/zip", "octet-stream")


class FetchError(SourceError):
    """A poll failed; ``status`` is the HTTP status when there was one, ``retry_after`` the
    seconds the server asked us to wait (429, 503)."""

    def __init__(
        self, message: str, *, source: str | None = None, status: int | None = None, retry_after: float | None = None
    ) -> None:
        super().__init__(message, source=source)
        self.status = status
        self.retry_after = retry_after


@dataclass(frozen=True)
class Response:
    """What a conditional GET returned: the body (None when not modified) and its validators."""

    url: str
    final_url: str
    status: int
    body: bytes | None
    content_type: str
    etag: str | None
    last_modified: str | None

    @property
    def not_modified(self) -> bool:
        """Whether the server answered 304 Not Modified."""
        return self.status == 304

    def text(self) -> str:
        """The body decoded (charset from the headers, else UTF-8, else cp1252).

        Raises:
            FetchError: empty or binary body.
        """
        data = self.body or b""
        if not data.strip():
            raise FetchError("empty response", source=self.url, status=self.status)
        if b"\x00" in data[:8192] or any(k in self.content_type for k in _BINARY):
            raise FetchError(f"not text or HTML ({self.content_type or 'binary'})", source=self.url)
        charset = None
        if "charset=" in self.content_type:
            charset = self.content_type.split("charset=", 1)[1].split(";")[0].strip().strip('"')
        for encoding in (charset, "utf-8-sig", "cp1252"):
            if not encoding:
                continue
            try:
                return data.decode(encoding)
            except (UnicodeDecodeError, LookupError):
                continue
        return data.decode("utf-8", errors="replace")


def retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delay seconds or an HTTP date); None if absent or bad."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def backoff(failures: int, policy: FetchPolicy, interval: float, rng: random.Random | None = None) -> float:
    """Seconds before the next poll after ``failures`` consecutive failures: exponential, capped,
    with "equal jitter" (half fixed, half random) so sources that failed together spread out."""
    if failures <= 0:
        return interval
    wait = float(min(policy.backoff_max, policy.backoff_base * 2.0 ** (failures - 1)))
    r = float((rng or random).random())
    return wait / 2 + wait / 2 * r


class HostLimiter:
    """At most one request per ``min_gap`` seconds to each host (thread-safe)."""

    def __init__(
        self, min_gap: float, clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], object] = time.sleep
    ) -> None:
        self.min_gap = min_gap
        self.clock = clock
        self.sleep = sleep
        self._next: dict[str, float] = {}
        self._lock = threading.Lock()

    def wait(self, host: str) -> float:
        """Block until a request to ``host`` is allowed; returns the seconds waited."""
        with self._lock:
            now = self.clock()
            start = max(now, self._next.get(host, now))
            self._next[host] = start + self.min_gap
        delay = start - now
        if delay > 0:
            self.sleep(delay)
        return delay


class PoliteClient:
    """Conditional, rate-limited, robots-respecting GETs with a size cap and limited redirects."""

    def __init__(
        self,
        policy: FetchPolicy | None = None,
        *,
        transport: httpx.BaseTransport | None = None,
        limiter: HostLimiter | None = None,
    ) -> None:
        self.policy = policy or FetchPolicy()
        self.limiter = limiter or HostLimiter(self.policy.rate_limit)
        self._transport = transport
        self._client: httpx.Client | None = None
        self._robots: dict[str, tuple[urllib.robotparser.RobotFileParser | None, bool, float]] = {}
        self._robots_lock = threading.Lock()

    @property
    def client(self) -> httpx.Client:
        """The httpx client, made on first use (the constructor does no I/O)."""
        if self._client is None:
            self._client = httpx.Client(
                transport=self._transport,
                timeout=httpx.Timeout(self.policy.timeout),
                follow_redirects=True,
                max_redirects=self.policy.max_redirects,
                headers={"User-Agent": self.policy.user_agent},
            )
        return self._client

    def close(self) -> None:
        """Close the connections."""
        if self._client is not None:
            self._client.close()
            self._client = None

    def __enter__(self) -> PoliteClient:
        return self

    def __exit__(self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    # -- robots.txt ------------------------------------------------------------------------------

    def allowed(self, url: str, user_agent: str) -> bool:
        """Whether robots.txt lets ``user_agent`` fetch ``url`` (always true when not respected).

        A missing robots.txt (4xx) allows everything; an unreachable one (5xx, network error)
        disallows the host for a while, as RFC 9309 asks.
        """
        if not self.policy.respect_robots:
            return True
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        with self._robots_lock:  # one robots.txt request per host, whatever the threads
            cached = self._robots.get(origin)
            if cached is None or cached[2] < time.monotonic():
                cached = self._load_robots(origin, user_agent)
                self._robots[origin] = cached
        parser, allow_all, _ = cached
        if parser is None:
            return allow_all
        return parser.can_fetch(user_agent.split("/", 1)[0], url)

    def _load_robots(
        self, origin: str, user_agent: str
    ) -> tuple[urllib.robotparser.RobotFileParser | None, bool, float]:
        url = origin + "/robots.txt"
        now = time.monotonic()
        try:
            resp = self._get(url, {"User-Agent": user_agent})
        except FetchError as exc:
            if exc.status is not None and 400 <= exc.status < 500:
                return None, True, now + ROBOTS_TTL
            LOGGER.warning("robots.txt of %s unreachable (%s): not fetching from it for now", origin, exc.message)
            return None, False, now + ROBOTS_RETRY
        parser = urllib.robotparser.RobotFileParser(url)
        parser.parse((resp.body or b"").decode("utf-8", errors="replace").splitlines())
        return parser, True, now + ROBOTS_TTL

    # -- GET ---------------------------------------------------------------------------------------

    def get(
        self, url: str, *, etag: str | None = None, last_modified: str | None = None, user_agent: str | None = None
    ) -> Response:
        """A conditional GET of ``url``.

        Raises:
            FetchError: naming the URL: disallowed by robots.txt, HTTP 4xx/5xx (with Retry-After
                for 429/503), timeout, too many redirects, a body over the size cap, network errors.
        """
        agent = user_agent or self.policy.user_agent
        if not self.allowed(url, agent):
            raise FetchError("disallowed by robots.txt", source=url)
        headers = {"User-Agent": agent}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return self._get(url, headers)

    def _get(self, url: str, headers: dict[str, str]) -> Response:
        host = urlsplit(url).netloc
        self.limiter.wait(host)
        limit = self.policy.max_bytes
        deadline = time.monotonic() + 3 * self.policy.timeout
        try:
            with self.client.stream("GET", url, headers=headers) as resp:
                status = resp.status_code
                if status >= 400:
                    wait = retry_after(resp.headers.get("retry-after")) if status in (429, 503) else None
                    raise FetchError(
                        f"HTTP {status} {resp.reason_phrase}".strip(), source=url, status=status, retry_after=wait
                    )
                body: bytes | None = None
                if status != 304:
                    declared = resp.headers.get("content-length", "")
                    if declared.isdigit() and int(declared) > limit:
                        raise FetchError(f"too large ({int(declared):,} bytes; the limit is {limit:,})", source=url)
                    chunks: list[bytes] = []
                    size = 0
                    for chunk in resp.iter_bytes():
                        size += len(chunk)
                        if size > limit:
                            raise FetchError(f"too large (over {limit:,} bytes)", source=url)
                        if time.monotonic() > deadline:
                            raise FetchError(f"too slow (over {3 * self.policy.timeout:g} s)", source=url)
                        chunks.append(chunk)
                    body = b"".join(chunks)
                return Response(
                    url=url,
                    final_url=str(resp.url),
                    status=status,
                    body=body,
                    content_type=resp.headers.get("content-type", "").lower(),
                    etag=resp.headers.get("etag"),
                    last_modified=resp.headers.get("last-modified"),
                )
        except httpx.TimeoutException as exc:
            raise FetchError(f"timed out after {self.policy.timeout:g} s", source=url) from exc
        except httpx.TooManyRedirects as exc:
            raise FetchError(f"too many redirects (limit {self.policy.max_redirects})", source=url) from exc
        except httpx.HTTPError as exc:
            raise FetchError(f"fetch failed: {exc}", source=url) from exc
