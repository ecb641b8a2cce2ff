"""Fetching articles and feeds over HTTP(S) with httpx: timeouts, a size limit, a clear user agent.

The :class:`Fetcher` takes an injected ``httpx.Client`` so tests pass one built on
``httpx.MockTransport`` and never touch the network. Every failure is a
:class:`~claimwatch.errors.SourceError` naming the URL.
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass
from types import TracebackType

import httpx

from claimwatch.errors import SourceError
from claimwatch.sources.files import MAX_BYTES, RawInput, sniff_media_type

LOGGER = logging.getLogger(__name__)

USER_AGENT = "claimwatch/0.1 (news claims ledger; +https://pypi.org/project/claimwatch/)"
_URL = re.compile(r"^https?://", re.IGNORECASE)
_CHARSET = re.compile(r"charset=([\w.:-]+)", re.IGNORECASE)


def is_url(value: str) -> bool:
    """Whether an input names an http(s) URL."""
    return bool(_URL.match(value.strip()))


def url_id(url: str) -> str:
    """A stable document id for a URL: its last path segment (readable) plus a short hash."""
    path = url.split("?", 1)[0].split("#", 1)[0].rstrip("/")
    tail = re.sub(r"[^\w-]+", "-", path.rsplit("/", 1)[-1]).strip("-")[:60] if "/" in path[8:] else ""
    digest = hashlib.sha1(url.encode("utf-8")).hexdigest()[:12]
    return f"{tail}-{digest}" if tail else digest


@dataclass(frozen=True)
class FetchOptions:
    """How URLs are fetched.

    Attributes:
        timeout: seconds allowed for connecting and for each read.
        max_bytes: larger responses are refused.
        user_agent: sent with every request.
        max_redirects: redirects followed before giving up.
    """

    timeout: float = 20.0
    max_bytes: int = MAX_BYTES
    user_agent: str = USER_AGENT
    max_redirects: int = 5


@dataclass(frozen=True)
class Fetched:
    """A fetched resource: where it ended up, its decoded content and media type."""

    url: str
    final_url: str
    content: str
    content_type: str

    def to_raw(self, *, title: str | None = None, published: str | None = None) -> RawInput:
        """The fetched page as a pipeline input (id and source from the requested URL)."""
        media = "html" if "html" in self.content_type else sniff_media_type(self.content)
        return RawInput(
            id=url_id(self.url),
            source=self.url,
            content=self.content,
            media_type=media,
            title=title,
            published=published,
        )


class Fetcher:
    """Fetches URLs with one (injected or owned) httpx client."""

    def __init__(self, client: httpx.Client | None = None, options: FetchOptions | None = None) -> None:
        self.options = options or FetchOptions()
        self._own = client is None
        self._client = client

    @property
    def client(self) -> httpx.Client:
        """The httpx client, created on first use when none was injected."""
        if self._client is None:
            self._client = httpx.Client(
                timeout=self.options.timeout,
                follow_redirects=True,
                max_redirects=self.options.max_redirects,
                headers={"User-Agent": self.options.user_agent},
            )
        return self._client

    def close(self) -> None:
        """Close the client if this fetcher created it."""
        if self._own and self._client is not None:
            self._client.close()
            self._client = None

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def get(self, url: str) -> Fetched:
        """Fetch a URL, refusing errors, binary content and anything over the size limit.

        Raises:
            SourceError: naming the URL, for every failure.
        """
        limit = self.options.max_bytes
        headers = {"User-Agent": self.options.user_agent}
        try:
            with self.client.stream("GET", url, headers=headers, follow_redirects=True) as resp:
                if resp.status_code >= 400:
                    raise SourceError(f"HTTP {resp.status_code} {resp.reason_phrase}".strip(), source=url)
                declared = resp.headers.get("content-length")
                if declared and declared.isdigit() and int(declared) > limit:
                    raise SourceError(f"too large ({int(declared):,} bytes; the limit is {limit:,})", source=url)
                chunks: list[bytes] = []
                size = 0
                for chunk in resp.iter_bytes():
                    size += len(chunk)
                    if size > limit:
                        raise SourceError(f"too large (over {limit:,} bytes)", source=url)
                    chunks.append(chunk)
                ctype = resp.headers.get("content-type", "").lower()
                final = str(resp.url)
        except httpx.TimeoutException as exc:
            raise SourceError(f"timed out after {self.options.timeout:g} s", source=url) from exc
        except httpx.TooManyRedirects as exc:
            raise SourceError("too many redirects", source=url) from exc
        except httpx.HTTPError as exc:
            raise SourceError(f"fetch failed: {exc}", source=url) from exc
        data = b"".join(chunks)
        if any(
            k in ctype for k in ("image/", "audio/", "video/", "application/pdf", "application/zip", "octet-stream")
        ):
            raise SourceError(f"not text or HTML ({ctype.split(';')[0]})", source=url)
        return Fetched(url, final, _decode(data, ctype, url), ctype)

    def fetch(self, url: str, *, title: str | None = None, published: str | None = None) -> RawInput:
        """Fetch an article URL as a pipeline input."""
        return self.get(url).to_raw(title=title, published=published)


def _decode(data: bytes, ctype: str, url: str) -> str:
    if not data.strip():
        raise SourceError("empty response", source=url)
    if b"\x00" in data[:8192]:
        raise SourceError("binary data, not text or HTML", source=url)
    m = _CHARSET.search(ctype)
    for encoding in (m.group(1) if m else None, "utf-8-sig", "cp1252"):
        if not encoding:
            continue
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    raise SourceError("undecodable text", source=url)
