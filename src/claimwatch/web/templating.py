"""The Jinja2 environment of the pages: autoescaping always on, helpers as globals and filters.

Templates and static files are package data (``claimwatch/web/templates``, ``…/static``), read
through :mod:`importlib.resources`, so an installed wheel serves the UI with no internet.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup, escape

from claimwatch import __version__
from claimwatch.web import links
from claimwatch.web.markup import interval

TEMPLATES = Path(str(resources.files("claimwatch.web") / "templates"))
STATIC = Path(str(resources.files("claimwatch.web") / "static"))

NAV = [
    ("/", "Overview"),
    ("/documents", "Articles"),
    ("/claims", "Claims"),
    ("/quotes", "Statements"),
    ("/entities", "Entities"),
    ("/series", "Timelines"),
    ("/contradictions", "Disputes"),
    ("/map", "Map"),
    ("/watch", "Watch"),
    ("/api-reference", "API"),
]


def _number(x: float | int | None) -> str:
    if x is None:
        return "…"
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,}"


def _date(value: dt.date | dt.datetime | str | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _label(value: str | None) -> str:
    return (value or "").replace("_", " ")


def _snippet(value: str) -> Markup:
    """A search snippet, escaped, with the « » hit marks as ``<mark>`` (when they pair up)."""
    safe = str(escape(value))
    if safe.count("«") == safe.count("»"):
        safe = safe.replace("«", "<mark>").replace("»", "</mark>")
    return Markup(safe)


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The pages' Jinja2 environment (autoescape on for every template, undefined is an error)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(number=_number, date=_date, label=_label, snippet=_snippet)
    env.globals.update(
        interval=interval,
        entity_url=links.entity_url,
        document_url=links.document_url,
        timeline_url=links.timeline_url,
        claims_url=links.claims_url,
        map_url=links.map_url,
        view_url=links.view_url,
        nav=NAV,
        version=__version__,
    )
    return env


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> Response:
    """Render a page template."""
    html = environment().get_template(name).render(request=request, path=request.url.path, **context)
    return HTMLResponse(html, status_code=status_code)


def error_page(request: Request, status: int, code: str, message: str) -> Response:
    """An error as a page (the API answers the same error as JSON)."""
    return render(request, "error.html", status_code=status, status=status, code=code, message=message)
