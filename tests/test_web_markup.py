"""The article markup, the chart geometry and the base map: pure functions, no server."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser

from hypothesis import given
from hypothesis import strategies as st

from claimwatch.models import Claim, Document, Entity, Quote
from claimwatch.store.rows import ActivityPoint, TimelinePoint
from claimwatch.web import charts, links, worldmap
from claimwatch.web.markup import Span, article, interval, render, span

VOID = {"br", "img"}


class TagChecker(HTMLParser):
    """Collects the text and checks that tags nest properly."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.text: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.errors: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "a" and "a" in self.stack:
            self.errors.append("a link inside a link")
        if tag not in VOID:
            self.stack.append(tag)
        if tag == "a" and "tag" in (dict(attrs).get("class") or ""):
            self.skip += 1

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:]}")
            return
        self.stack.pop()
        if tag == "a" and self.skip and not any(t == "a" for t in self.stack):
            self.skip = 0

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.text.append(data)


def check(markup: str) -> TagChecker:
    parser = TagChecker()
    parser.feed(markup)
    parser.close()
    assert not parser.errors, parser.errors
    assert not parser.stack, f"unclosed {parser.stack}"
    return parser


def test_render_nests_and_splits_crossing_spans() -> None:
    text = "alpha beta gamma delta"
    spans = [
        span(0, 16, "quote", "span", class_="q"),
        span(6, 22, "claim", "span", class_="c", id="c0"),
        span(6, 10, "entity", "a", href="/entities/beta"),
    ]
    out = render(text, spans)
    parser = check(out)
    assert "".join(parser.text) == text
    assert out.count('id="c0"') == 1, "an id is only put on the first opening"
    assert out == (
        '<span class="q">alpha <span id="c0" class="c"><a href="/entities/beta">beta</a> gamma</span></span>'
        '<span class="c"> delta</span>'
    )


def test_render_escapes_text_and_attributes() -> None:
    text = '<script>alert("x")</script> & "quotes"'
    out = render(text, [span(0, 8, "entity", "a", href='/e/"><script>', title="<b>")])
    assert "<script>" not in out.replace('href="/e/&#34;&gt;&lt;script&gt;"', "")
    assert "&lt;script&gt;" in out and "&amp;" in out
    assert "".join(check(out).text) == text


@given(
    st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=80),
    st.lists(st.tuples(st.integers(0, 80), st.integers(0, 80), st.sampled_from(["quote", "claim", "event", "entity"]))),
)
def test_render_keeps_the_text_and_well_formed_tags(text: str, raw: list[tuple[int, int, str]]) -> None:
    spans: list[Span] = []
    for a, b, kind in raw:
        tag = "a" if kind == "entity" else "span"
        spans.append(span(min(a, b), max(a, b), kind, tag, class_=kind, href="/x" if tag == "a" else None))
    entity_ranges = [(s.start, s.end) for s in spans if s.kind == "entity"]
    if any(a < d and c < b for i, (a, b) in enumerate(entity_ranges) for (c, d) in entity_ranges[:i]):
        spans = [s for s in spans if s.kind != "entity"]  # documents never have crossing mentions
    out = render(text, spans)
    parser = check(out)
    assert "".join(parser.text) == text


def _doc() -> Document:
    text = 'Rahimi said "more than 300 ISIS fighters crossed" on Monday.'
    q0 = text.index('"') + 1
    return Document(
        id="d1",
        text=text,
        entities=[
            Entity(id="e1", name="Ahmad Rahimi", type="person", mentions=[(0, 6)]),
            Entity(id="e2", name="Islamic State", type="armed_group", mentions=[(27, 31)]),
        ],
        quotes=[Quote(speaker="Ahmad Rahimi", text=text[q0:-13], kind="direct", start=q0, end=len(text) - 13)],
        claims=[
            Claim(text="more than 300 ISIS fighters", low=300, qualifier="more_than", counted="fighters",
                  subject="Islamic State", start=13, end=40),
        ],
    )  # fmt: skip


def test_article_links_entities_claims_and_speakers() -> None:
    doc = _doc()
    out = article(doc, target=(0, 11))
    parser = check(out)
    assert "".join(parser.text) == doc.text
    hrefs = [a.get("href") for t, a in parser.tags if t == "a"]
    assert "/entities/Ahmad%20Rahimi" in hrefs and "/entities/Islamic%20State" in hrefs
    assert "/timeline?subject=Islamic+State&counted=fighters" in hrefs
    assert '<mark id="target" class="target">' in out
    assert 'id="c0"' in out and 'id="q0"' in out


def test_interval_reads_like_the_cli() -> None:
    assert interval(2000, None, "more_than") == "> 2,000"
    assert interval(None, 50, "at_most") == "≤ 50"
    assert interval(2500, 4000, "range") == "2,500–4,000"
    assert interval(30, 30, "approx") == "~30"
    assert interval(12, 12, "exact") == "12"
    assert interval(None, None, "vague") == "vague"


def test_links_are_quoted() -> None:
    assert links.entity_url("a/b c") == "/entities/a%2Fb%20c"
    assert links.document_url("x y", 3, 9) == "/documents/x%20y?at=3-9#target"
    assert links.timeline_url("ISIS", None, "Afghanistan") == "/timeline?subject=ISIS&place=Afghanistan"
    assert links.page_url("/claims", {"subject": "a&b"}, None) is None
    assert links.page_url("/claims", {"subject": "a&b"}, "CUR") == "/claims?subject=a%26b&cursor=CUR"


def _point(
    claim_id: int, day: str | None, low: float | None, high: float | None, speaker: str, **kw: object
) -> TimelinePoint:
    return TimelinePoint(
        claim_id=claim_id, series_id=1, document=f"d{claim_id}", date=dt.date.fromisoformat(day) if day else None,
        speaker=speaker, low=low, high=high, qualifier=kw.pop("qualifier", "exact"), text="t", sentence="s",
        char_start=0, char_end=1, **kw,
    )  # fmt: skip


def test_timeline_chart_places_ranges_bounds_and_denials() -> None:
    points = [
        _point(1, "2019-12-24", 2500, 4000, "Patrushev", qualifier="range"),
        _point(2, "2019-12-24", 2000, None, "Patrushev", qualifier="more_than"),
        _point(3, "2021-06-01", 15000, None, "Belousov", qualifier="more_than",
               denials=[{"id": 1, "kind": "denial", "document": "d9"}]),
        _point(4, None, 100, 100, "Nobody"),
    ]  # fmt: skip
    chart = charts.timeline_chart(points, {1: "/a", 2: "/b", 3: "/c"})
    assert chart.unplaced == 1 and len(chart.marks) == 3
    assert [name for name, _ in chart.legend] == ["Patrushev", "Belousov"]
    rng, bound, denied = chart.marks
    assert rng.y_high is not None and rng.y_high < rng.y_low, "the high end is drawn above the low end"
    assert bound.arrow == "up" and bound.x > rng.x, "same-day marks are spread apart"
    assert denied.denied and denied.href == "/c" and "DENIED" in denied.label
    assert denied.x > bound.x and denied.y_low < bound.y_low
    assert {t.label for t in chart.x_ticks} >= {"2020", "2021"}
    for m in chart.marks:
        assert chart.left <= m.x <= chart.plot_right and chart.top <= m.y_low <= chart.plot_bottom


def test_timeline_chart_uses_a_log_scale_for_wide_ranges() -> None:
    chart = charts.timeline_chart([_point(1, "2020-01-01", 2, 2, "a"), _point(2, "2020-02-01", 20000, 20000, "b")], {})
    assert chart.log and [t.label for t in chart.y_ticks][:2] == ["1", "10"]
    assert charts.timeline_chart([], {}).marks == []


def test_activity_bars_stack_by_kind() -> None:
    bars = charts.activity_bars(
        [ActivityPoint(date=dt.date(2025, 1, 1), quotes=2, claims=1), ActivityPoint(date=None, events=4)]
    )
    assert len(bars) == 1 and [s[2] for s in bars[0].segments] == ["act-quotes", "act-claims"]


def test_the_base_map_comes_from_an_installed_package() -> None:
    countries = {c.code: c for c in worldmap.countries()}
    assert len(countries) > 150
    af = countries["AF"]
    assert af.name == "Afghanistan" and re.fullmatch(r"M[\d.,LMZ-]+", af.path)
    west, south, east, north = af.bbox
    assert 60 < west < east < 76 and 29 < south < north < 39
    assert worldmap.centroids()["AF"] == (33.0, 65.0)


def test_the_map_view_zooms_on_the_points() -> None:
    pts = [
        worldmap.Point(31.6, 65.7, "Kandahar", "/k", 3, "event"),
        worldmap.Point(34.5, 69.2, "Kabul", "/b", 1, "event"),
    ]
    box = worldmap.view(pts)
    assert box.width < 100 and abs(box.width - 2 * box.height) < 0.01
    assert box.x <= pts[0].x <= box.x + box.width and box.y <= pts[1].y <= box.y + box.height
    assert "AF" in {c.code for c in box.countries} and "BR" not in {c.code for c in box.countries}
    far = worldmap.Point(39.8, -98.5, "United States", "/us", 0, "place")
    assert worldmap.focus([*pts, far]) == pts
    assert worldmap.view([]).width == 360
    worldmap.declutter([*pts, worldmap.Point(31.7, 65.8, "Kandahar city", "/kc", 0, "place")], box)
