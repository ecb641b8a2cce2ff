"""Geometry of the server-drawn SVG charts: a series timeline and an entity's activity.

Charts are plain data (coordinates, labels, colours) that the templates draw as SVG, so nothing
here builds markup and every label is escaped by Jinja. No JavaScript is needed to read them.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from claimwatch.store.rows import ActivityPoint, SeriesRow, Timeline, TimelinePoint
from claimwatch.web.markup import interval

PALETTE = ["#1f77b4", "#d95f02", "#1b9e77", "#7570b3", "#e7298a", "#66a61e", "#a6761d", "#666666"]


@dataclass(frozen=True)
class Tick:
    """An axis tick: where and what it says."""

    pos: float
    label: str


@dataclass
class Mark:
    """One figure on the timeline: a dot, a low–high bar, or an open bound with an arrow."""

    x: float
    y_low: float
    y_high: float | None
    color: str
    label: str
    href: str
    arrow: str | None  # "up" (more than / at least), "down" (less than / at most) or None
    denied: bool
    conflict: bool
    source: str
    figure: str = ""
    seen_date: bool = False  # dated by when the ledger saw it (no publication date): drawn hollow
    show_figure: bool = True


@dataclass
class TimelineChart:
    """A timeline: axes, marks, the legend of sources, and the points it could not place."""

    width: int = 880
    height: int = 340
    left: int = 70
    right: int = 20
    top: int = 20
    bottom: int = 40
    log: bool = False
    x_ticks: list[Tick] = field(default_factory=list)
    y_ticks: list[Tick] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)
    legend: list[tuple[str, str]] = field(default_factory=list)
    unplaced: int = 0

    @property
    def plot_bottom(self) -> int:
        """The y of the x axis."""
        return self.height - self.bottom

    @property
    def plot_right(self) -> int:
        """The x of the right edge of the plot."""
        return self.width - self.right


def _fmt(v: float) -> str:
    if v >= 1_000_000:
        return f"{v / 1_000_000:g}M"
    if v >= 10_000:
        return f"{v / 1000:g}k"
    return f"{v:,.0f}" if float(v).is_integer() else f"{v:g}"


def nice_ticks(hi: float, n: int = 5) -> list[float]:
    """Round tick values from 0 to at least ``hi``."""
    if hi <= 0:
        return [0.0, 1.0]
    raw = hi / n
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    return [i * step for i in range(int(math.ceil(hi / step)) + 1)]


def source_of(p: TimelinePoint) -> str:
    """Whose figure a point is: the speaker, else the outlet, else the document."""
    return p.speaker or p.outlet or p.title or p.document


def timeline_chart(points: list[TimelinePoint], href: dict[int, str]) -> TimelineChart:
    """Lay out a timeline's points: x by date, y by value (log when figures span > 2 decades).

    Args:
        points: the timeline's points.
        href: the link of each point, by claim id.
    """
    chart = TimelineChart()
    placed = [p for p in points if p.date is not None and (p.low is not None or p.high is not None)]
    chart.unplaced = len(points) - len(placed)
    if not placed:
        return chart
    sources: dict[str, str] = {}
    for p in sorted(placed, key=lambda p: (p.date, p.claim_id)):
        sources.setdefault(source_of(p), PALETTE[len(sources) % len(PALETTE)])
    chart.legend = list(sources.items())
    values = [v for p in placed for v in (p.low, p.high) if v is not None and v > 0]
    vmax = max(values, default=1.0)
    vmin = min(values, default=1.0)
    chart.log = vmin > 0 and vmax / vmin > 100
    plot_h = chart.plot_bottom - chart.top
    if chart.log:
        lo_exp, hi_exp = math.floor(math.log10(vmin)), math.ceil(math.log10(vmax * 1.5))
        hi_exp = max(hi_exp, lo_exp + 1)

        def y(v: float) -> float:
            v = max(v, 10**lo_exp)
            return chart.plot_bottom - (math.log10(v) - lo_exp) / (hi_exp - lo_exp) * plot_h

        chart.y_ticks = [Tick(y(10**e), _fmt(10**e)) for e in range(lo_exp, hi_exp + 1)]
    else:
        ticks = nice_ticks(vmax * 1.15)
        top = ticks[-1]

        def y(v: float) -> float:
            return chart.plot_bottom - v / top * plot_h

        chart.y_ticks = [Tick(y(t), _fmt(t)) for t in ticks]
    days = [p.date for p in placed if p.date]
    d0, d1 = min(days), max(days)
    span = max((d1 - d0).days, 1)
    pad = max(span // 12, 15)
    d0, d1 = d0 - dt.timedelta(days=pad), d1 + dt.timedelta(days=pad)
    plot_w = chart.plot_right - chart.left

    def x(d: dt.date) -> float:
        return chart.left + (d - d0).days / (d1 - d0).days * plot_w

    chart.x_ticks = _date_ticks(d0, d1, x)
    seen: dict[dt.date, int] = {}
    for p in sorted(placed, key=lambda p: (p.date, p.claim_id)):
        assert p.date is not None
        k = seen[p.date] = seen.get(p.date, -1) + 1
        arrow = "up" if p.high is None else "down" if p.low is None else None
        low, high = p.low if p.low is not None else p.high, p.high if p.high is not None else p.low
        assert low is not None and high is not None
        chart.marks.append(
            Mark(
                x=round(x(p.date) + 9 * k, 1),
                y_low=round(y(low), 1),
                y_high=round(y(high), 1) if high != low else None,
                color=sources[source_of(p)],
                label=f"{p.date.isoformat()} · {source_of(p)}: {p.text}"
                + (" · DENIED" if p.denials else "")
                + (" · CONFLICTS" if p.conflicts else ""),
                href=href.get(p.claim_id, "#"),
                arrow=arrow,
                denied=bool(p.denials),
                conflict=bool(p.conflicts),
                source=source_of(p),
                figure=interval(p.low, p.high, p.qualifier),
            )
        )
    for m in chart.marks:  # a figure's label only where the next marks leave room for it
        m.show_figure = not any(o is not m and 0 < o.x - m.x < 64 and abs(o.y_low - m.y_low) < 40 for o in chart.marks)
    return chart


def _date_ticks(d0: dt.date, d1: dt.date, x: object) -> list[Tick]:
    years = d1.year - d0.year
    ticks = []
    if years >= 2:
        step = max(1, years // 6)
        for year in range(d0.year + 1, d1.year + 1, step):
            ticks.append(Tick(x(dt.date(year, 1, 1)), str(year)))  # type: ignore[operator]
    else:
        months = (d1.year - d0.year) * 12 + d1.month - d0.month
        step = max(1, months // 6)
        m = d0.replace(day=1)
        i = 0
        while m <= d1:
            if m > d0 and i % step == 0:
                ticks.append(Tick(x(m), m.strftime("%b %Y")))  # type: ignore[operator]
            m = (m + dt.timedelta(days=32)).replace(day=1)
            i += 1
    return ticks


@dataclass(frozen=True)
class Bar:
    """One date of an entity's activity, as stacked bar segments."""

    x: float
    label: str
    segments: list[tuple[float, float, str, str]]  # y, height, class, title


def activity_bars(points: list[ActivityPoint], width: int = 600, height: int = 120) -> list[Bar]:
    """Stacked bars (quotes, claims, events) per date, evenly spaced."""
    dated = [p for p in points if p.date is not None]
    if not dated:
        return []
    peak = max(p.quotes + p.claims + p.events for p in dated) or 1
    step = width / len(dated)
    bars = []
    for i, p in enumerate(dated):
        base = float(height)
        segments = []
        for kind, n in (("quotes", p.quotes), ("claims", p.claims), ("events", p.events)):
            if n:
                h = n / peak * (height - 10)
                base -= h
                segments.append((round(base, 1), round(h, 1), f"act-{kind}", f"{p.date}: {n} {kind}"))
        bars.append(Bar(round(i * step + step * 0.15, 1), p.date.isoformat() if p.date else "", segments))
    return bars


@dataclass(frozen=True)
class SeriesChart:
    """One series of a timeline: its row, its chart and its points by date."""

    series: SeriesRow | None
    chart: TimelineChart
    points: list[TimelinePoint]


def by_series(tl: Timeline, href: dict[int, str], only: int | None = None) -> list[SeriesChart]:
    """A chart per series of the timeline (only series ``only`` when given), busiest first."""
    rows = {s.id: s for s in tl.series}
    groups: dict[int | None, list[TimelinePoint]] = {}
    for p in tl.points:
        if only is None or p.series_id == only:
            groups.setdefault(p.series_id, []).append(p)
    out = []
    for sid, points in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0] or 0)):
        points.sort(key=lambda p: (p.date is None, p.date, p.claim_id))
        out.append(SeriesChart(rows.get(sid) if sid is not None else None, timeline_chart(points, href), points))
    return out
