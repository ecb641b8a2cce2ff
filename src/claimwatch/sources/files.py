"""Reading inputs from disk and stdin: files, folders (recursive) and ``-``.

Every input becomes a :class:`RawInput` or a :class:`~claimwatch.errors.SourceError` that names it:
empty, binary, unreadable, too large or undecodable inputs never reach the pipeline.
"""

from __future__ import annotations

import hashlib
import logging
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from claimwatch.errors import SourceError

LOGGER = logging.getLogger(__name__)

MediaType = Literal["text", "html"]
TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
MAX_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class RawInput:
    """One input document before cleaning: its stable id, where it came from and its content."""

    id: str
    source: str
    content: str
    media_type: MediaType
    published: str | None = None
    title: str | None = None

    @property
    def content_hash(self) -> str:
        """A hash of the content: the key of idempotent ingestion."""
        return hashlib.sha256(self.content.encode("utf-8")).hexdigest()


def sniff_media_type(content: str, suffix: str = "") -> MediaType:
    """HTML by suffix, else by the first non-blank characters."""
    if suffix.lower() in HTML_SUFFIXES:
        return "html"
    head = content.lstrip()[:200].lower()
    if head.startswith(("<!doctype html", "<html", "<?xml")) or ("<body" in head and "</" in content):
        return "html"
    return "text"


def decode(data: bytes, source: str) -> str:
    """UTF-8 (with or without BOM), else a clear error; binary data is refused."""
    if not data.strip():
        raise SourceError("empty input", source=source)
    if b"\x00" in data[:8192]:
        raise SourceError("binary data, not text or HTML", source=source)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise SourceError(f"not UTF-8 text (byte {exc.start})", source=source) from exc
        LOGGER.warning("%s: not UTF-8, read as Windows-1252", source)
        return text


def read_path(path: Path, max_bytes: int = MAX_BYTES) -> RawInput:
    """Read one file into a RawInput; every failure is a SourceError naming the file."""
    source = str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise SourceError(f"too large ({size:,} bytes; the limit is {max_bytes:,})", source=source)
        data = path.read_bytes()
    except SourceError:
        raise
    except FileNotFoundError as exc:
        raise SourceError("no such file", source=source) from exc
    except IsADirectoryError as exc:
        raise SourceError("is a directory", source=source) from exc
    except PermissionError as exc:
        raise SourceError("permission denied", source=source) from exc
    except OSError as exc:
        raise SourceError(f"cannot read: {exc.strerror or exc}", source=source) from exc
    content = decode(data, source)
    return RawInput(id=path.stem, source=source, content=content, media_type=sniff_media_type(content, path.suffix))


def read_stdin(max_bytes: int = MAX_BYTES) -> RawInput:
    """Read standard input as one document with id ``stdin``."""
    data = sys.stdin.buffer.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise SourceError(f"too large (over {max_bytes:,} bytes)", source="-")
    content = decode(data, "-")
    return RawInput(id="stdin", source="-", content=content, media_type=sniff_media_type(content))


def expand(paths: list[str]) -> Iterator[Path | str]:
    """Expand folders (recursively, sorted) into their text and HTML files; ``-`` stays as is."""
    for p in paths:
        if p == "-":
            yield p
            continue
        path = Path(p)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.suffix.lower() in TEXT_SUFFIXES | HTML_SUFFIXES:
                    yield child
        else:
            yield path
