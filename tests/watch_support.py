"""What the watch tests share: a local HTTP server whose answers the test changes between rounds,
tiny articles of our own, and a cheap stand-in for the extractor.

The stand-in reads one sentence shape, "<Speaker> said <N> <counted> of <Group> are in <Place>.",
into a Document with its entities and claim, so the watch machinery (fetching, state, rules)
is tested without loading spaCy; one test elsewhere runs the real extractor end to end.
"""

from __future__ import annotations

import contextlib
import email.utils
import re
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from claimwatch.core import Failure
from claimwatch.errors import CleanError
from claimwatch.models import Claim, Document, Entity, Quote
from claimwatch.sources.files import RawInput


@dataclass
class Page:
    """One answer of the server: status, body, headers, an optional delay and ETag."""

    body: bytes | str = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    etag: str | None = None
    last_modified: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0

    def data(self) -> bytes:
        return self.body.encode("utf-8") if isinstance(self.body, str) else self.body


class Site:
    """A local web site on 127.0.0.1 served from a dict the test edits (path -> Page)."""

    def __init__(self) -> None:
        self.pages: dict[str, Page] = {}
        self.hits: list[tuple[str, dict[str, str]]] = []
        self.lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:  # quiet
                return

            def do_GET(self) -> None:  # noqa: N802
                with site.lock:
                    site.hits.append((self.path, dict(self.headers)))
                    page = site.pages.get(self.path)
                if page is None:
                    self._send(404, b"not found", {"Content-Type": "text/plain"})
                    return
                if page.delay:
                    time.sleep(page.delay)
                headers = {"Content-Type": page.content_type, **page.headers}
                if page.etag:
                    headers["ETag"] = page.etag
                if page.last_modified:
                    headers["Last-Modified"] = page.last_modified
                if page.status == 200 and (
                    (page.etag and self.headers.get("If-None-Match") == page.etag)
                    or (page.last_modified and self.headers.get("If-Modified-Since") == page.last_modified)
                ):
                    self._send(304, b"", headers)
                    return
                self._send(page.status, page.data(), headers)

            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                with site.lock:
                    site.hits.append((self.path, {"body": body.decode("utf-8")}))
                    page = site.pages.get(self.path, Page("ok", 200))
                self._send(page.status, page.data(), {"Content-Type": "text/plain"})

            def _send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if body:
                    with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                        self.wfile.write(body)

        class Server(ThreadingHTTPServer):
            def handle_error(self, request: Any, client_address: Any) -> None:  # clients that hang up: quiet
                return

        self.server = Server(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def hits_of(self, path: str) -> int:
        with self.lock:
            return sum(1 for p, _ in self.hits if p == path)

    def __enter__(self) -> Site:
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.server.shutdown()
        self.server.server_close()


def http_date(ts: float) -> str:
    return email.utils.formatdate(ts, usegmt=True)


def rss(base: str, items: Iterable[tuple[str, str, str]]) -> str:
    """An RSS feed of (path, title, date) entries that link to pages on the site."""
    entries = "".join(
        f"<item><title>{title}</title><link>{base}{path}</link><guid>{base}{path}</guid>"
        f"<pubDate>{date}</pubDate><description>{title}</description></item>"
        for path, title, date in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Test wire</title>'
        f"<link>{base}/</link><description>test</description>{entries}</channel></rss>"
    )


def article(title: str, *sentences: str) -> str:
    """A small HTML article page."""
    body = "".join(f"<p>{s}</p>" for s in sentences)
    return (
        f"<!doctype html><html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
        f"{body}</article></body></html>"
    )


FIGURE = re.compile(
    r"(?P<speaker>[A-Z][a-z]+ [A-Z][a-z]+) said (?P<n>\d[\d,]*) (?P<counted>\w+) of (?P<group>[A-Z][\w ]+?) "
    r"are in (?P<place>[A-Z][a-z]+)\."
)
PLACES = {"Kunar": "AF", "Herat": "AF", "Kabul": "AF", "Idlib": "SY"}


def fake_document(raw: RawInput) -> Document:
    """A Document with one claim per figure sentence of the raw input (HTML tags dropped)."""
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", raw.content)).strip()
    text = re.sub(r"^<!doctype html>", "", text, flags=re.I).strip()
    if not FIGURE.search(text):
        raise CleanError("no article text found", source=raw.source)
    ents: dict[str, Entity] = {}
    claims, quotes = [], []
    for m in FIGURE.finditer(text):
        speaker, group, place = m["speaker"], m["group"], m["place"]
        for name, kind in ((speaker, "person"), (group, "armed_group"), (place, "location")):
            key = re.sub(r"\W+", "-", name.lower())
            ent = ents.setdefault(key, Entity(id=key, name=name, type=kind, country=PLACES.get(name)))  # type: ignore[arg-type]
            pos = m.start(m.re.groupindex[{"person": "speaker", "armed_group": "group", "location": "place"}[kind]])
            ent.mentions.append((pos, pos + len(name)))
        n = int(m["n"].replace(",", ""))
        phrase = f"{m['n']} {m['counted']}"
        start = m.start("n")
        q_start = m.end("speaker") + len(" said ")
        quotes.append(
            Quote(
                speaker=speaker,
                speaker_id=re.sub(r"\W+", "-", speaker.lower()),
                text=text[q_start : m.end() - 1],
                kind="indirect",
                cue="said",
                start=q_start,
                end=m.end() - 1,
            )
        )
        claims.append(
            Claim(
                text=phrase,
                low=n,
                high=n,
                qualifier="exact",
                counted=m["counted"],
                subject=group,
                subject_id=re.sub(r"\W+", "-", group.lower()),
                location=place,
                speaker=speaker,
                speaker_id=re.sub(r"\W+", "-", speaker.lower()),
                quote_index=len(quotes) - 1,
                start=start,
                end=start + len(phrase),
            )
        )
    return Document(
        id=raw.id,
        source=raw.source,
        title=raw.title,
        published=raw.published,
        text=text,
        entities=list(ents.values()),
        quotes=quotes,
        claims=claims,
        content_hash=raw.content_hash,
    )


class FakeProcessor:
    """Stands in for ``process_many``: counts what it extracts."""

    def __init__(self) -> None:
        self.extracted: list[str] = []

    def __call__(self, raws: Iterable[RawInput]) -> Iterator[Document | Failure]:
        for raw in raws:
            self.extracted.append(raw.source)
            try:
                yield fake_document(raw)
            except CleanError as exc:
                yield Failure(raw.source, exc)
