"""Delivering stored alerts: one line on stdout, a JSONL file, a webhook (POST, retried), SMTP.

Alerts are stored first and delivered after, from the ledger: an alert not yet delivered (the
process died, the webhook was down) is delivered by the next round, so delivery is at least
once while creation is exactly once. A sink that failed is retried alone; the ones that worked
are not repeated (``delivery_error`` keeps which failed).
"""

from __future__ import annotations

import json
import logging
import smtplib
import sys
import time
from collections.abc import Callable
from email.message import EmailMessage
from typing import Any

import httpx
from sqlalchemy import Engine

from claimwatch.watch import alerts as store
from claimwatch.watch.config import Delivery
from claimwatch.watch.state import utcnow

LOGGER = logging.getLogger(__name__)


def payload(alert: store.AlertRow) -> dict[str, Any]:
    """The JSON form of an alert, as the JSONL file and the webhook receive it."""
    return alert.model_dump(mode="json", exclude={"delivered_at", "delivery_error", "is_read"})


class Deliverer:
    """Sends alerts to the configured sinks."""

    def __init__(
        self,
        options: Delivery | None = None,
        *,
        transport: httpx.BaseTransport | None = None,
        echo: Callable[[str], Any] | None = None,
        sleep: Callable[[float], Any] = time.sleep,
    ) -> None:
        self.options = options or Delivery()
        self._transport = transport
        self._client: httpx.Client | None = None
        self.echo = echo or (lambda line: print(line, file=sys.stdout, flush=True))
        self.sleep = sleep

    def close(self) -> None:
        """Close the webhook connections."""
        if self._client is not None:
            self._client.close()
            self._client = None

    @property
    def sinks(self) -> list[str]:
        """The configured sinks, in delivery order."""
        o = self.options
        out = ["stdout"] if o.stdout else []
        out += ["jsonl"] if o.jsonl else []
        out += ["webhook"] if o.webhook else []
        out += ["smtp"] if o.smtp else []
        return out

    def deliver_pending(self, engine: Engine, limit: int = 500) -> int:
        """Deliver every stored alert not yet delivered; returns how many were fully delivered."""
        done = 0
        for alert in store.list_alerts(engine, pending=True, limit=limit):
            failed_before = json.loads(alert.delivery_error) if alert.delivery_error else None
            todo = [s for s in self.sinks if failed_before is None or s in failed_before]
            errors: dict[str, str] = {}
            for sink in todo:
                try:
                    getattr(self, f"_to_{sink}")(alert)
                except (OSError, httpx.HTTPError, smtplib.SMTPException, RuntimeError) as exc:
                    errors[sink] = str(exc) or type(exc).__name__
                    LOGGER.warning("alert %s not delivered to %s: %s", alert.id, sink, errors[sink])
            store.record_delivery(
                engine, alert.id, done=not errors, errors=json.dumps(errors) if errors else None, now=utcnow()
            )
            done += not errors
        return done

    # -- sinks -------------------------------------------------------------------------------------

    def _to_stdout(self, alert: store.AlertRow) -> None:
        self.echo(f"ALERT #{alert.id} {alert.summary}" + (f" [{alert.source}]" if alert.source else ""))

    def _to_jsonl(self, alert: store.AlertRow) -> None:
        assert self.options.jsonl is not None
        with open(self.options.jsonl, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(payload(alert), ensure_ascii=False) + "\n")

    def _to_webhook(self, alert: store.AlertRow) -> None:
        assert self.options.webhook is not None
        if self._client is None:
            self._client = httpx.Client(transport=self._transport, timeout=10.0)
        last = ""
        for attempt in range(self.options.webhook_retries):
            if attempt:
                self.sleep(min(30.0, 0.5 * 2**attempt))
            try:
                resp = self._client.post(self.options.webhook, json=payload(alert))
            except httpx.HTTPError as exc:
                last = f"{type(exc).__name__}: {exc}"
                continue
            if resp.is_success:
                return
            last = f"HTTP {resp.status_code}"
            if 400 <= resp.status_code < 500 and resp.status_code not in (408, 429):
                break
        raise RuntimeError(f"webhook {self.options.webhook}: {last} after {self.options.webhook_retries} attempt(s)")

    def _to_smtp(self, alert: store.AlertRow) -> None:
        o = self.options
        assert o.smtp and o.mail_from
        host, _, port = o.smtp.partition(":")
        msg = EmailMessage()
        msg["Subject"] = f"claimwatch alert: {alert.rule}"
        msg["From"] = o.mail_from
        msg["To"] = ", ".join(o.mail_to)
        msg.set_content(alert.summary + "\n\n" + json.dumps(payload(alert), ensure_ascii=False, indent=1))
        with smtplib.SMTP(host, int(port or 25), timeout=10) as smtp:
            smtp.send_message(msg)
