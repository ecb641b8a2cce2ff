"""Terminal rendering of documents with rich: quotes, figures, entities and events as tables."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from claimwatch.models import Document

console = Console()


def _fmt_interval(low: float | None, high: float | None, qualifier: str) -> str:
    def n(x: float | None) -> str:
        return "…" if x is None else f"{x:,.0f}" if float(x).is_integer() else f"{x:,}"

    if qualifier == "vague":
        return "vague"
    if low is not None and high is not None and low == high:
        return n(low)
    return f"[{n(low)}, {n(high)}]"


def render_document(doc: Document) -> None:
    """Print one document as a set of tables."""
    console.rule(
        f"[bold]{doc.title or doc.id}[/bold]  [dim]{doc.source or ''}  published: {doc.published or '—'}[/dim]"
    )
    if doc.quotes:
        t = Table(title="Quotes", show_lines=False, expand=True)
        for col in ("speaker", "kind", "cue", "text"):
            t.add_column(col, overflow="fold", ratio=6 if col == "text" else 1)
        for q in doc.quotes:
            speaker = q.speaker or "—"
            if q.via:
                speaker += f" (via {q.via})"
            t.add_row(speaker, q.kind, q.cue or "", q.text)
        console.print(t)
    if doc.claims:
        t = Table(title="Figures", expand=True)
        for col in ("figure", "interval", "qualifier", "counted", "subject", "where", "speaker"):
            t.add_column(col, overflow="fold")
        for c in doc.claims:
            t.add_row(
                c.text,
                _fmt_interval(c.low, c.high, c.qualifier),
                c.qualifier,
                c.counted or "",
                c.subject or "",
                c.location or "",
                c.speaker or "—",
            )
        console.print(t)
    if doc.entities:
        t = Table(title="Entities", expand=True)
        for col in ("name", "type", "country", "role", "aliases"):
            t.add_column(col, overflow="fold")
        for e in doc.entities:
            t.add_row(e.name, e.type, e.country or "", e.role or "", ", ".join(e.aliases))
        console.print(t)
    if doc.events:
        t = Table(title="Events", expand=True)
        for col in ("type", "plover", "actors", "targets", "where", "date", "killed", "text"):
            t.add_column(col, overflow="fold")
        for ev in doc.events:
            t.add_row(
                ev.type,
                ev.plover,
                ", ".join(ev.actors),
                ", ".join(ev.targets),
                ev.location or "",
                ev.date or "",
                "" if ev.killed is None else str(ev.killed),
                ev.text,
            )
        console.print(t)
    if doc.related:
        console.print(f"[dim]related stubs: {len(doc.related)}; furniture blocks removed: {len(doc.removed)}[/dim]")
