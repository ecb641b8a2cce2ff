"""The web UI in a real browser: Playwright driving Debian's Chromium against a live server.

Every page of the demo ledger is loaded and screenshotted, an analyst's path is clicked through
(article → speaker → timeline → back to the sentence), filters are applied, and a hostile article
is shown to run nothing. Any console error, page error, failed request or dialog fails the test.

Chromium comes from the system (``apt-get install chromium``; ``.ci/run`` installs it), launched
by path: Playwright's own browser downloads are never used. Without Chromium the tests are
skipped, except in CI (``CI`` set), where that is a failure. Screenshots go to a temporary
folder, or to ``$CLAIMWATCH_SCREENSHOTS`` when set (``docs/screenshots`` refreshes the README's).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.test_api_support import PAYLOADS, demo_db, hostile_db

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync",
]  # fmt: skip
PAGES = {
    "overview": "/",
    "articles": "/documents",
    "article": "/documents/000_fc4d2f5e18071ece",
    "article-sample": "/documents/01_kandahar_raid",
    "article-html": "/documents/03_sahel_attack",
    "entities": "/entities",
    "entity": "/entities/islamic-state",
    "speaker": "/entities/nikolai-patrushev",
    "statements": "/quotes",
    "claims": "/claims",
    "series": "/series",
    "timeline": "/timeline?subject=islamic-state&counted=fighters&place=Afghanistan&series=2",
    "timelines-all": "/timeline?subject=islamic-state",
    "map": "/map",
    "contradictions": "/contradictions",
    "claims-disputed": "/claims?disputed=any",
    "search": "/search?q=fighters",
    "api": "/api-reference",
    "not-found": "/documents/no-such-article",
}


def chromium_path() -> str:
    """Debian's Chromium; its absence (or Playwright's) skips, except in CI where it fails."""
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    missing = None if Path(path).exists() else f"Chromium is missing at {path} (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing = "the playwright package is not installed"
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"{missing}: .ci/run must install it")
        pytest.skip(missing)
    return path


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = os.environ.get("CLAIMWATCH_SCREENSHOTS")
    path = Path(out) if out else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


class LiveServer:
    """The app served by uvicorn in a thread, on a free local port."""

    def __init__(self, url: str) -> None:
        import uvicorn

        from claimwatch.api.app import create_app

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = int(s.getsockname()[1])
        config = uvicorn.Config(create_app(url), host="127.0.0.1", port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the server did not start")
            time.sleep(0.05)
        return f"http://127.0.0.1:{self.port}"

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(15)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    path = chromium_path()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=path, args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    chromium_path()
    with LiveServer(f"sqlite:///{demo_db()}") as url:
        yield url


@dataclass
class Watch:
    """What went wrong in a page: console errors, page errors, failed requests, dialogs."""

    problems: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    allowed_status: set[int] = field(default_factory=set)

    def attach(self, page: Any) -> None:
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.problems.append(f"page error: {exc}"))
        page.on("requestfailed", lambda req: self.problems.append(f"request failed: {req.url} {req.failure}"))
        page.on("response", self._response)
        page.on("dialog", self._dialog)

    def _console(self, msg: Any) -> None:
        if msg.type == "error":
            if self.allowed_status and "404" in msg.text and "Failed to load resource" in msg.text:
                return  # the page we asked for is a 404 on purpose
            self.problems.append(f"console error: {msg.text} at {msg.location}")

    def _response(self, resp: Any) -> None:
        if resp.status >= 400 and resp.status not in self.allowed_status:
            self.problems.append(f"HTTP {resp.status}: {resp.url}")

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()


@pytest.fixture()
def page(browser: Any) -> Iterator[tuple[Any, Watch]]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=True)
    pg = context.new_page()
    pg.set_default_timeout(15_000)
    watch = Watch()
    watch.attach(pg)
    yield pg, watch
    context.close()
    assert not watch.problems, "\n".join(watch.problems)
    assert not watch.dialogs, watch.dialogs


@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_loads_cleanly(base: str, page: tuple[Any, Watch], shots: Path, name: str) -> None:
    pg, watch = page
    if name == "not-found":
        watch.allowed_status.add(404)
    resp = pg.goto(base + PAGES[name], wait_until="load")
    assert resp is not None and resp.status == (404 if name == "not-found" else 200)
    assert pg.locator("header.top .brand").is_visible()
    assert pg.locator("h1").first.is_visible()
    # the stylesheet applied (no CDN, served by us): the header is the brand colour
    assert pg.eval_on_selector("header.top", "el => getComputedStyle(el).backgroundColor") == "rgb(29, 53, 87)"
    pg.screenshot(path=str(shots / f"{name}.png"), full_page=name not in ("article", "map"))
    assert (shots / f"{name}.png").stat().st_size > 5_000


def test_article_to_speaker_to_timeline_and_back(base: str, page: tuple[Any, Watch], shots: Path) -> None:
    pg, _ = page
    pg.goto(base + "/documents/000_fc4d2f5e18071ece")
    assert pg.locator(".article-text .hl-quote").count() >= 5
    assert pg.locator(".article-text .hl-claim").count() >= 5
    # hovering a mention lights up every mention of the same entity (our JavaScript ran)
    mention = pg.locator('.article-text a.hl-entity[title="person: Alexander Bortnikov"]').first
    mention.hover()
    assert pg.locator(".article-text a.hl-entity.is-lit").count() >= 2
    # the article → the speaker
    pg.locator('.article-text a.hl-entity[title="person: Andrey Belousov"]').first.click()
    pg.wait_for_url(re.compile(r"/entities/"))
    assert pg.locator("h1").inner_text().startswith("Andrey Belousov")
    assert pg.locator("#said .quote").count() >= 1
    # the speaker → the timeline of a figure they gave
    pg.locator("#by a.tag-claim").first.click()
    pg.wait_for_url(re.compile(r"/timeline\?"))
    assert pg.locator("h1").inner_text().startswith("Timeline: Islamic State")
    assert pg.locator("svg.timeline-chart a.mark").count() >= 3
    # the denied figures come from an undated article: listed in the undated lane, never drawn on a guessed day
    assert pg.locator(".undated-lane").count() >= 1
    pg.screenshot(path=str(shots / "click-timeline.png"), full_page=True)
    # the timeline → the sentence in its article, marked
    pg.locator("table.points tr.is-denied", has_text="15,000").locator("a.sentence").first.click()
    pg.wait_for_url(re.compile(r"/documents/.+at=\d+-\d+#target"))
    target = pg.locator("mark#target")
    assert target.is_visible() and "15,000" in target.inner_text()


def test_claims_filter_and_sort(base: str, page: tuple[Any, Watch], shots: Path) -> None:
    pg, _ = page
    pg.goto(base + "/claims")
    everything = pg.locator("table.claims tbody tr").count()
    pg.fill('input[name="subject"]', "Islamic State")
    pg.fill('input[name="place"]', "Afghanistan")
    pg.click('#claim-filters button[type="submit"]')
    pg.wait_for_url(re.compile(r"subject=Islamic\+State.*place=Afghanistan"))
    rows = pg.locator("table.claims tbody tr")
    assert 0 < rows.count() < everything
    places = pg.locator("table.claims tbody tr td:nth-child(5)").all_inner_texts()
    assert places and "Afghanistan" in places
    # a place as the article writes it ("the mountains of the province") is filed under its country
    query = urllib.parse.urlencode({"subject": "Islamic State", "place": "Afghanistan", "limit": 200})
    with urllib.request.urlopen(f"{base}/api/claims?{query}") as resp:
        listed = json.load(resp)["items"]
    assert len(listed) == rows.count() and all(c["place_country"] == "AF" for c in listed)
    # changing the sort submits the form (JavaScript) and keeps the filters
    pg.select_option('select[name="sort"]', "high")
    pg.wait_for_url(re.compile(r"sort=high"))
    assert "place=Afghanistan" in pg.url
    assert pg.locator("table.claims tbody tr td:nth-child(2)").first.inner_text() == "> 15,000"
    pg.screenshot(path=str(shots / "claims-filtered.png"), full_page=True)
    # every row links back to its sentence
    pg.locator("table.claims tbody a.sentence").first.click()
    pg.wait_for_url(re.compile(r"#target$"))
    assert pg.locator("mark#target").is_visible()


def test_entity_and_map_filters(base: str, page: tuple[Any, Watch]) -> None:
    pg, _ = page
    pg.goto(base + "/entities")
    pg.select_option('select[name="type"]', "location")
    pg.click('form.filters button[type="submit"]')
    pg.wait_for_url(re.compile(r"type=location"))
    assert set(pg.locator("table.rows tbody td:nth-child(2)").all_inner_texts()) == {"location"}
    pg.goto(base + "/map")
    assert pg.locator("svg.map path.land").count() > 10
    assert pg.locator("svg.map a.pin-event").count() >= 3
    pg.select_option('select[name="type"]', "meeting")
    pg.click('form.filters button[type="submit"]')
    pg.wait_for_url(re.compile(r"type=meeting"))
    assert pg.locator("section.place").count() >= 1
    assert set(pg.locator("section.place .badge").all_inner_texts()) == {"meeting"}


def test_a_hostile_article_runs_nothing(browser: Any, page: tuple[Any, Watch], shots: Path) -> None:
    pg, watch = page
    with LiveServer(f"sqlite:///{hostile_db()}") as url:
        for path in ("/", "/documents/hostile", "/claims", "/quotes", "/entities", "/search?q=fighters"):
            pg.goto(url + path, wait_until="load")
            pg.wait_for_timeout(200)
            assert pg.evaluate("typeof window.__xss") == "undefined", path
            assert pg.locator("img, iframe, style:not(head style), object, embed").count() == 0, path
        pg.goto(url + "/documents/hostile")
        text = pg.evaluate(
            """() => { const t = document.getElementById('text').cloneNode(true);
                       t.querySelectorAll('a.tag').forEach(e => e.remove()); return t.textContent; }"""
        )
        for payload in PAYLOADS:
            assert payload in text
        assert pg.locator("body").is_visible(), "the <style> payload did not hide the page"
        pg.screenshot(path=str(shots / "hostile.png"), full_page=True)
    assert not watch.dialogs


# -- the analyst's explorer ------------------------------------------------------------------------

CONTRAST_JS = """() => {
  // WCAG relative luminance and contrast of every visible text against its effective background
  const parse = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const blend = (top, under) => {
    const a = top.length > 3 ? top[3] : 1;
    return [0, 1, 2].map((i) => top[i] * a + under[i] * (1 - a));
  };
  const background = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c.length && (c.length < 4 || c[3] > 0)) { layers.push(c); if (c.length < 4 || c[3] >= 1) break; }
    }
    let color = [255, 255, 255];
    for (const c of layers.reverse()) color = blend(c, color);
    return color;
  };
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const seen = new Set();
  while (walker.nextNode()) {
    const node = walker.currentNode, el = node.parentElement;
    if (!el || seen.has(el) || !node.textContent.trim() || el.closest("svg")) continue;
    seen.add(el);
    const st = getComputedStyle(el), box = el.getBoundingClientRect();
    if (st.visibility === "hidden" || st.display === "none" || box.width === 0 || box.height === 0) continue;
    const bg = background(el), fg = blend(parse(st.color), bg);
    const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
    const ratio = (a + 0.05) / (b + 0.05);
    const size = parseFloat(st.fontSize), bold = parseInt(st.fontWeight, 10) >= 700;
    const large = size >= 24 || (bold && size >= 18.66);
    out.push({text: node.textContent.trim().slice(0, 40), ratio: Math.round(ratio * 100) / 100,
              need: large ? 3 : 4.5, color: st.color, tag: el.tagName + "." + el.className});
  }
  return out;
}"""

UI_PAGES = ["/", "/documents", "/claims", "/claims?disputed=any", "/contradictions", "/timeline?subject=islamic-state",
            "/entities", "/entities/islamic-state", "/documents/000_fc4d2f5e18071ece", "/map", "/quotes", "/series"]  # fmt: skip


def _total(pg: Any) -> int:
    return int(pg.get_attribute("#claims-total", "data-total"))


def test_the_explorer_sorts_the_whole_result_and_pages_through_it(base: str, page: tuple[Any, Watch]) -> None:
    pg, _ = page
    pg.goto(base + "/claims?sort=low&limit=5")
    total = _total(pg)
    assert total > 10 and pg.locator("#claims-total").inner_text().startswith(f"{total} figures")
    pages = pg.locator("nav.pager a, nav.pager span.current")
    assert "1" in pages.all_inner_texts() and pg.locator('nav.pager a[rel="prev"]').count() == 0

    def lows() -> list[float]:
        cells = pg.locator("table.claims tbody td:nth-child(2)")
        return [
            float(v) for v in (c.get_attribute("data-low") or c.get_attribute("data-high") for c in cells.all()) if v
        ]

    first = lows()
    assert first == sorted(first)
    pg.click('nav.pager a[rel="next"]')
    pg.wait_for_url(re.compile(r"page=2"))
    second = lows()
    assert second and max(first) <= min(second), "the sort holds across pages: it is over the whole result"
    assert pg.locator('nav.pager a[rel="prev"]').count() == 1
    last = pg.locator("nav.pager a").all_inner_texts()
    n_pages = max(int(x) for x in last if x.isdigit())
    assert n_pages == -(-total // 5)


def test_facets_count_the_view_and_filter_it(base: str, page: tuple[Any, Watch], shots: Path) -> None:
    pg, _ = page
    pg.goto(base + "/claims")
    facet = pg.locator('section.facet[data-facet="measure"] li a').first
    name = facet.inner_text()
    count = int(facet.locator("xpath=following-sibling::span[1]").inner_text())
    facet.click()
    pg.wait_for_url(re.compile(r"measure="))
    assert _total(pg) == count
    measures = {t.split("\n")[0] for t in pg.locator("table.claims tbody td:nth-child(3)").all_inner_texts()}
    assert measures == {name}
    for facet_name in ("subject", "place", "speaker", "source"):
        assert pg.locator(f'section.facet[data-facet="{facet_name}"] li').count() >= 1, facet_name
    pg.screenshot(path=str(shots / "claims-facets.png"), full_page=True)


def test_the_downloads_hold_exactly_the_filtered_table(base: str, page: tuple[Any, Watch]) -> None:
    import csv
    import io
    import json

    pg, _ = page
    pg.goto(base + "/claims?subject=islamic-state&sort=high&limit=500")
    ids = [r.get_attribute("data-claim-id") for r in pg.locator("table.claims tbody tr[data-claim-id]").all()]
    assert ids and len(ids) == _total(pg)
    csv_url = pg.get_attribute("#download-csv", "href")
    body = pg.request.get(base + csv_url).text()
    rows = list(csv.DictReader(io.StringIO(body)))
    assert [r["id"] for r in rows] == ids, "the CSV holds the table's rows, in its order"
    assert {r["subject_id"] for r in rows} == {"islamic-state"}
    data = json.loads(pg.request.get(base + pg.get_attribute("#download-json", "href")).text())
    assert [str(r["id"]) for r in data] == ids


def test_denials_are_marked_in_the_list_and_shown_side_by_side(base: str, page: tuple[Any, Watch], shots: Path) -> None:
    pg, _ = page
    pg.goto(base + "/claims?disputed=denial")
    rows = pg.locator("table.claims tbody tr[data-claim-id]")
    assert rows.count() >= 1
    assert rows.count() == pg.locator("table.claims tbody tr.is-denied").count()
    assert all("denied" in t for t in pg.locator("table.claims tbody td:nth-child(9)").all_inner_texts())
    assert "Taliban" in pg.locator("table.claims tbody .badge.denied").first.inner_text()
    pg.goto(base + "/contradictions")
    disputes = pg.locator("ol.disputes > li.dispute")
    assert disputes.count() >= 1
    for li in disputes.all():
        assert li.locator(".sides > .side").count() == 2, "both sides, next to each other"
        assert li.locator(".side a.sentence").count() == 2
    denial = pg.locator("li.dispute-denial").first
    boxes = [s.bounding_box() for s in denial.locator(".sides > .side").all()]
    assert boxes[0]["y"] == boxes[1]["y"] and boxes[0]["x"] < boxes[1]["x"], "side by side on a wide screen"
    pg.screenshot(path=str(shots / "contradictions.png"), full_page=True)


@pytest.mark.parametrize("path", UI_PAGES)
def test_text_contrast_meets_wcag_aa(base: str, page: tuple[Any, Watch], path: str) -> None:
    pg, _ = page
    pg.goto(base + path, wait_until="load")
    measured = pg.evaluate(CONTRAST_JS)
    assert len(measured) > 10
    low = [m for m in measured if m["ratio"] < m["need"]]
    assert not low, low[:10]


@pytest.mark.parametrize("path", UI_PAGES)
def test_no_horizontal_scroll_on_a_390px_phone(browser: Any, base: str, shots: Path, path: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=1)
    pg = context.new_page()
    try:
        pg.goto(base + path, wait_until="load")
        width = pg.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 390, f"{path} is {width}px wide on a 390px screen"
        if path in ("/claims", "/contradictions"):
            pg.screenshot(path=str(shots / f"phone-{path.strip('/')}.png"), full_page=False)
    finally:
        context.close()
