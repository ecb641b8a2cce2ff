"""The /watch page: alerts with the claims that fired them and the unread count, the sources' state."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from claimwatch.api.app import create_app
from claimwatch.store.ledger import Ledger
from claimwatch.watch import alerts
from claimwatch.watch.config import parse
from claimwatch.watch.runner import Watcher
from tests.watch_support import FakeProcessor


def test_the_watch_page_shows_alerts_unread_count_and_sources(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.txt").write_text("Sara Noor said 12 gunmen of Jamaat Nusrat are in Kabul.\n")
    (inbox / "b.txt").write_text("Sara Noor said 30 gunmen of Jamaat Nusrat are in Kabul.\n")
    url = f"sqlite:///{tmp_path / 'w.db'}"
    cfg = parse(
        {
            "source": [
                {"name": "inbox", "folder": str(inbox), "trust": "<b>desk</b>"},
                {"name": "gone", "folder": str(tmp_path / "nope")},
            ],
            "rule": [{"name": "noor", "speaker": "Sara Noor"}],
            "deliver": {"stdout": False},
        }
    )
    with Ledger.open(url) as ledger:
        Watcher(cfg, ledger, processor=FakeProcessor()).round()
        first = alerts.list_alerts(ledger.engine)[-1]
        alerts.mark_read(ledger.engine, [first.id])
    with TestClient(create_app(url)) as client:
        page = client.get("/watch")
        assert page.status_code == 200
        html = page.text
        assert '<span class="badge" id="unread">1 unread</span>' in html
        assert "12 gunmen" in html and "30 gunmen" in html and "Sara Noor" in html
        assert "&lt;b&gt;desk&lt;/b&gt;" in html and "<b>desk</b>" not in html, "labels are escaped"
        assert "no such folder" in html, "the failing source shows its error"
        assert 'href="/watch"' in client.get("/").text, "the page is in the navigation"
        only = client.get("/watch?unread=true").text
        assert "30 gunmen" in only and "12 gunmen" not in only
