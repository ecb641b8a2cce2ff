"""Rounds of the watcher against a local server whose answers change between rounds: new item,
changed item, 304, 500 then recovery, 429 with Retry-After, a slow response, a huge body; the
ledger, the source states and the alerts are checked after each round, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from claimwatch.store import schema as t
from claimwatch.store.ledger import Ledger
from claimwatch.watch import alerts, state
from claimwatch.watch.config import parse
from claimwatch.watch.runner import Watcher
from tests.pg import pg_server, pg_url  # noqa: F401  (fixtures)
from tests.test_store_fixtures import warning_doc
from tests.watch_support import FakeProcessor, Page, Site, article, http_date, rss

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)]
T0 = dt.datetime(2026, 3, 1, 8, 0, 0)
DAY = 86400.0
BASE_TS = 1_770_000_000.0

A1 = article("Raid in Kunar", "Ali Khan said 300 fighters of Islamic State are in Kunar.")
A1_REVISED = article("Raid in Kunar (updated)", "Ali Khan said 320 fighters of Islamic State are in Kunar.")
A2 = article("Build-up in Kunar", "Ali Khan said 900 fighters of Islamic State are in Kunar.")
PAGE = article("Border", "Omar Saleh said 45 fighters of Hurras al Din are in Idlib.")
FLAKY = article("Herat", "Omar Saleh said 70 fighters of Hurras al Din are in Herat.")
INBOX_1 = "Sara Noor said 12 gunmen of Jamaat Nusrat are in Kabul.\n"
INBOX_2 = "Sara Noor said 15 gunmen of Jamaat Nusrat are in Kabul.\n"


def _url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    return f"sqlite:///{tmp_path / 'watch.db'}" if backend == "sqlite" else request.getfixturevalue("pg_url")


def _config(site: Site, inbox: Path, **deliver: object) -> dict:
    return {
        "watch": {"rate_limit": 0, "timeout": 0.4, "max_bytes": 100_000, "backoff": 60, "interval": "15m"},
        "source": [
            {"name": "wire", "feed": site.url("/feed.xml"), "trust": "wire"},
            {"name": "page", "url": site.url("/page")},
            {"name": "flaky", "url": site.url("/flaky")},
            {"name": "busy", "url": site.url("/busy")},
            {"name": "slow", "url": site.url("/slow")},
            {"name": "huge", "url": site.url("/huge")},
            {"name": "inbox", "folder": str(inbox), "language": "ps"},
        ],
        "rule": [
            {"name": "is", "series": {"subject": "Islamic State"}, "on": ["new_figure", "out_of_range", "revised"]},
            {"name": "saleh", "speaker": "Omar Saleh"},
        ],
        "deliver": {"stdout": False, **deliver},
    }


def _feed(site: Site, items: list[tuple[str, str, float]], etag: str) -> Page:
    return Page(
        rss(site.base, [(p, title, http_date(ts)) for p, title, ts in items]),
        content_type="application/rss+xml",
        etag=etag,
    )


def _docs(ledger: Ledger) -> int:
    with ledger.engine.connect() as conn:
        return int(conn.scalar(select(func.count()).select_from(t.documents)) or 0)


def _by_rule(ledger: Ledger) -> dict[str, list[alerts.AlertRow]]:
    out: dict[str, list[alerts.AlertRow]] = {}
    for a in alerts.list_alerts(ledger.engine, limit=100):
        out.setdefault(a.rule, []).append(a)
    return out


@pytest.mark.parametrize("backend", BACKENDS)
def test_rounds_against_a_changing_site(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    url = _url(backend, tmp_path, request)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "one.txt").write_text(INBOX_1)
    jsonl = tmp_path / "alerts.jsonl"
    with Site() as site:
        site.pages.update(
            {
                "/feed.xml": _feed(site, [("/a1", "Raid", BASE_TS)], '"f1"'),
                "/a1": Page(A1),
                "/page": Page(PAGE, etag='"p1"'),
                "/flaky": Page("broken", status=500),
                "/busy": Page("later", status=429, headers={"Retry-After": "7200"}),
                "/slow": Page(PAGE, delay=1.2),
                "/huge": Page("<p>" + "x" * 200_000 + "</p>"),
            }
        )
        now = [T0]
        config = parse(_config(site, inbox, jsonl=str(jsonl)))
        proc = FakeProcessor()
        with Ledger.open(url) as ledger:
            w = Watcher(config, ledger, processor=proc, clock=lambda: now[0])

            # round 1: three sources give documents, four fail, each for its own reason
            r1 = w.round()
            assert (r1.polled, r1.changed, r1.failed, r1.new) == (7, 3, 4, 3), r1.line()
            st = {s.name: s for s in state.list_sources(ledger.engine)}
            assert st["flaky"].last_error == "HTTP 500 Internal Server Error" and st["flaky"].failures == 1
            assert T0 + dt.timedelta(seconds=30) <= st["flaky"].next_poll <= T0 + dt.timedelta(seconds=60)
            assert st["busy"].last_status == 429 and st["busy"].next_poll >= T0 + dt.timedelta(seconds=7200)
            assert "timed out" in (st["slow"].last_error or "")
            assert "too large" in (st["huge"].last_error or "")
            assert st["wire"].etag == '"f1"' and st["wire"].last_success == T0 and st["wire"].n_documents == 1
            assert st["inbox"].next_poll == T0 + dt.timedelta(minutes=15)
            got = _by_rule(ledger)
            assert [a.triggers for a in got["is"]] == [["new_figure"]]
            assert got["is"][0].source == "wire" and got["is"][0].trust == "wire"
            assert [c.text for c in got["is"][0].claims] == ["300 fighters"]
            assert [a.claims[0].text for a in got["saleh"]] == ["45 fighters"]
            assert [json.loads(x)["rule"] for x in jsonl.read_text().splitlines()] == ["is", "saleh"]
            with ledger.engine.connect() as conn:
                langs = dict(conn.execute(select(t.documents.c.source, t.documents.c.language)).all())
            assert langs[str(inbox / "one.txt")] == "ps"

            # round 2, 20 minutes on: 304 for the feed and the page, flaky recovers, busy still waits
            site.pages["/flaky"] = Page(FLAKY)
            now[0] = T0 + dt.timedelta(minutes=20)
            r2 = w.round()
            assert (r2.polled, r2.unchanged, r2.changed, r2.failed, r2.new) == (6, 3, 1, 2, 1), r2.line()
            assert site.hits_of("/a1") == 1, "an unchanged feed must not refetch its entries"
            feed_hits = [h for p, h in site.hits if p == "/feed.xml"]
            assert feed_hits[-1].get("If-None-Match") == '"f1"'
            st = {s.name: s for s in state.list_sources(ledger.engine)}
            assert (st["flaky"].failures, st["flaky"].last_status, st["flaky"].n_documents) == (0, 200, 1)
            assert st["busy"].n_polls == 1, "busy asked for two hours"
            assert [a.claims[0].text for a in _by_rule(ledger)["saleh"]] == ["70 fighters", "45 fighters"]

            # round 3: a new feed item, a changed one, a new file in the folder
            site.pages["/a1"] = Page(A1_REVISED)
            site.pages["/a2"] = Page(A2)
            site.pages["/feed.xml"] = _feed(
                site, [("/a2", "Build-up", BASE_TS + DAY), ("/a1", "Raid (updated)", BASE_TS)], '"f2"'
            )
            (inbox / "two.txt").write_text(INBOX_2)
            now[0] = T0 + dt.timedelta(minutes=40)
            extracted = len(proc.extracted)
            r3 = w.round()
            assert (r3.new, r3.versions) == (2, 1), r3.line()
            assert sorted(proc.extracted[extracted:]) == sorted(
                [site.url("/a2"), site.url("/a1"), str(inbox / "two.txt")]
            ), "the unchanged file is not read again"
            got = _by_rule(ledger)["is"]
            by_text = {a.claims[0].text: a for a in got}
            assert set(by_text) == {"300 fighters", "320 fighters", "900 fighters"}
            assert "out_of_range" in by_text["900 fighters"].triggers
            assert "revised" in by_text["320 fighters"].triggers
            assert [c.text for c in by_text["320 fighters"].claims if c.role == "earlier"] == ["300 fighters"]
            assert len(got) == 3
            docs_before = _docs(ledger)
            n_alerts = len(alerts.list_alerts(ledger.engine, limit=100))
            w.close()

        # restart: a new watcher on the same ledger, every source forced: nothing new, nothing re-alerted
        proc2 = FakeProcessor()
        with Ledger.open(url) as ledger:
            w2 = Watcher(config, ledger, processor=proc2, clock=lambda: now[0])
            r4 = w2.round(force=True)
            assert r4.new == 0 and r4.versions == 0 and r4.alerts == 0, r4.line()
            assert proc2.extracted == [], "nothing unchanged is extracted again"
            assert _docs(ledger) == docs_before
            assert len(alerts.list_alerts(ledger.engine, limit=100)) == n_alerts
            assert alerts.unread_count(ledger.engine) == n_alerts
            assert alerts.mark_read(ledger.engine) == n_alerts and alerts.unread_count(ledger.engine) == 0
            w2.close()
        assert len(jsonl.read_text().splitlines()) == n_alerts, "each alert delivered once"


def test_denials_of_watched_figures_fire_once(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    doc = warning_doc()
    (inbox / "docs.jsonl").write_text(doc.to_json() + "\n")
    cfg = parse(
        {
            "source": [{"name": "inbox", "folder": str(inbox)}],
            "rule": [
                {"name": "any-denial", "denials": True},
                {"name": "taliban", "entity": "Islamic State", "on": ["denial"]},
            ],
            "deliver": {"stdout": False},
        }
    )
    with Ledger.open(f"sqlite:///{tmp_path / 'd.db'}") as ledger:
        w = Watcher(cfg, ledger, processor=FakeProcessor())
        w.round()
        got = _by_rule(ledger)
        assert got["any-denial"], "the Taliban rejection denies the official's figures"
        first = got["any-denial"][0]
        assert first.triggers == ["denial"] and first.detail["by"] == "Taliban"
        assert {c.role for c in first.claims} >= {"fired", "denial"}
        n = len(alerts.list_alerts(ledger.engine, limit=100))
        # the file touched but unchanged, and a relink that renumbers the claims: no second alert
        (inbox / "docs.jsonl").write_text(doc.to_json() + "\n")
        ledger.relink()
        w.round(force=True)
        assert len(alerts.list_alerts(ledger.engine, limit=100)) == n


def test_stop_finishes_the_document_in_hand_and_the_next_round_does_the_rest(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for i in range(6):
        (inbox / f"{i}.txt").write_text(f"Sara Noor said {10 + i} gunmen of Jamaat Nusrat are in Kabul.\n")
    cfg = parse({"source": [{"name": "inbox", "folder": str(inbox)}], "deliver": {"stdout": False}})
    with Ledger.open(f"sqlite:///{tmp_path / 's.db'}") as ledger:
        proc = FakeProcessor()
        w = Watcher(cfg, ledger, processor=None)

        def stopping(raws):  # type: ignore[no-untyped-def]
            for n, out in enumerate(proc(raws)):
                if n == 1:
                    w.stop()
                yield out

        w.processor = stopping
        r = w.round()
        assert r.stopped and r.new == 2, r.line()
        assert _docs(ledger) == 2
        st = state.list_sources(ledger.engine)[0]
        assert st.next_poll is not None and st.next_poll <= state.utcnow(), "stopped mid-source: due again"
        w.stopping.clear()
        w.processor = proc
        r = w.round()
        assert r.new == 4 and _docs(ledger) == 6
        assert len(proc.extracted) == 6, "no file extracted twice"
