"""Delivery: stdout, JSONL and a webhook that fails, then recovers; a failed sink is retried alone."""

from __future__ import annotations

import json
import socketserver
import threading
from pathlib import Path
from typing import ClassVar

from claimwatch.store.ledger import Ledger
from claimwatch.watch import alerts
from claimwatch.watch.config import Delivery, parse
from claimwatch.watch.deliver import Deliverer
from claimwatch.watch.runner import Watcher
from tests.watch_support import FakeProcessor, Page, Site


def test_webhook_retries_then_the_next_round_delivers_only_what_failed(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.txt").write_text("Sara Noor said 12 gunmen of Jamaat Nusrat are in Kabul.\n")
    lines: list[str] = []
    with Site() as site:
        site.pages["/hook"] = Page("down", status=503)
        options = Delivery(stdout=True, jsonl=tmp_path / "out.jsonl", webhook=site.url("/hook"), webhook_retries=3)
        deliverer = Deliverer(options, echo=lines.append, sleep=lambda s: None)
        cfg = parse(
            {"source": [{"name": "inbox", "folder": str(inbox)}], "rule": [{"name": "noor", "speaker": "Sara Noor"}]}
        )
        with Ledger.open(f"sqlite:///{tmp_path / 'd.db'}") as ledger:
            w = Watcher(cfg, ledger, processor=FakeProcessor(), deliverer=deliverer)
            w.round()
            assert site.hits_of("/hook") == 3, "three attempts"
            (pending,) = alerts.list_alerts(ledger.engine, pending=True)
            assert json.loads(pending.delivery_error or "{}").keys() == {"webhook"}
            assert len(lines) == 1 and lines[0].startswith(f"ALERT #{pending.id} [noor] new figure: Sara Noor")
            site.pages["/hook"] = Page("ok", status=200)
            w.round()
            assert alerts.list_alerts(ledger.engine, pending=True) == []
            assert len(lines) == 1, "stdout is not repeated"
            assert len((tmp_path / "out.jsonl").read_text().splitlines()) == 1, "nor the JSONL file"
            posted = [json.loads(h["body"]) for p, h in site.hits if p == "/hook"]
            assert len(posted) == 4 and posted[-1]["rule"] == "noor"
            assert posted[-1]["claims"][0]["text"] == "12 gunmen" and posted[-1]["triggers"] == ["new_figure"]


def test_a_client_error_from_the_webhook_is_not_retried(tmp_path: Path) -> None:
    with Site() as site:
        site.pages["/hook"] = Page("no", status=400)
        d = Deliverer(Delivery(stdout=False, webhook=site.url("/hook"), webhook_retries=5), sleep=lambda s: None)
        alert = alerts.AlertRow(
            id=1, rule="r", triggers=["new_figure"], created_at="2026-01-01T00:00:00", is_read=False, summary="s"
        )
        try:
            d._to_webhook(alert)
        except RuntimeError as exc:
            assert "HTTP 400" in str(exc)
        else:
            raise AssertionError("a 400 must fail")
        assert site.hits_of("/hook") == 1


class _Smtp(socketserver.StreamRequestHandler):
    """Just enough of SMTP for smtplib to send one message."""

    received: ClassVar[list[str]] = []

    def handle(self) -> None:
        self.wfile.write(b"220 test ESMTP\r\n")
        data = False
        lines: list[str] = []
        for raw in self.rfile:
            line = raw.decode().rstrip("\r\n")
            if data:
                if line == ".":
                    data = False
                    _Smtp.received.append("\n".join(lines))
                    self.wfile.write(b"250 queued\r\n")
                else:
                    lines.append(line)
                continue
            verb = line.split(" ", 1)[0].upper()
            if verb == "DATA":
                data = True
                self.wfile.write(b"354 go on\r\n")
            elif verb == "QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:
                self.wfile.write(b"250 ok\r\n")


def test_smtp_sends_the_alert_as_mail() -> None:
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Smtp)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        host = f"127.0.0.1:{server.server_address[1]}"
        d = Deliverer(Delivery(stdout=False, smtp=host, mail_from="watch@example.org", mail_to=("desk@example.org",)))
        alert = alerts.AlertRow(
            id=7, rule="noor", triggers=["new_figure"], created_at="2026-01-01T00:00:00", is_read=False, summary="S1"
        )
        d._to_smtp(alert)
    finally:
        server.shutdown()
        server.server_close()
    (mail,) = _Smtp.received
    assert "Subject: claimwatch alert: noor" in mail and "To: desk@example.org" in mail and "S1" in mail
