"""The watch configuration: sources, fetch politeness, alert rules and where alerts go, from TOML.

::

    [watch]                       # all optional
    interval = "15m"              # default poll interval of a source (s, m, h, d suffixes)
    rate_limit = "2s"             # least time between two requests to one host
    user_agent = "claimwatch/0.1 (+contact)"
    respect_robots = true

    [[source]]
    name = "wire"                 # unique; defaults to the URL or path
    feed = "https://example.org/feed.xml"   # or url = / sitemap = / folder = (a local path also works)
    interval = "10m"
    language = "en"               # recorded on the documents it yields
    trust = "wire-service"        # a label carried by its alerts

    [[rule]]
    name = "is-strength"
    series = { subject = "Islamic State", measure = "strength", place = "Afghanistan" }
    on = ["new_figure", "out_of_range", "revised", "denial"]

    [deliver]
    stdout = true
    jsonl = "alerts.jsonl"
    webhook = "https://hooks.example.org/claimwatch"

Every value is validated on load; a bad one is a :class:`~claimwatch.errors.ConfigError` naming
the file and the entry. Relative paths are relative to the configuration file.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from claimwatch.errors import ConfigError
from claimwatch.sources.web import USER_AGENT

SourceKind = Literal["feed", "url", "sitemap", "folder"]
KINDS: tuple[SourceKind, ...] = ("feed", "url", "sitemap", "folder")
TRIGGERS = ("new_figure", "out_of_range", "revised", "denial", "contradiction")
TARGETS = ("series", "entity", "speaker", "denials")
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$")
_UNITS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0, None: 1.0}


def seconds(value: Any, what: str) -> float:
    """A duration as seconds: a number, or a string such as ``"90s"``, ``"15m"``, ``"6h"``."""
    if isinstance(value, bool):
        raise ConfigError(f"{what}: not a duration: {value!r}")
    if isinstance(value, int | float):
        if value < 0:
            raise ConfigError(f"{what}: negative duration {value!r}")
        return float(value)
    m = _DURATION.match(str(value))
    if not m:
        raise ConfigError(f"{what}: not a duration (use e.g. 30s, 15m, 6h): {value!r}")
    return float(m.group(1)) * _UNITS[m.group(2)]


@dataclass(frozen=True)
class FetchPolicy:
    """How politely and how far sources are fetched.

    Attributes:
        timeout: seconds for connecting and for each read.
        max_bytes: larger bodies are refused.
        max_redirects: redirects followed before giving up.
        rate_limit: least seconds between two requests to the same host.
        respect_robots: obey robots.txt (the default).
        backoff_base: the first wait after a failure; doubled on each further failure.
        backoff_max: the longest wait after failures.
        user_agent: the default User-Agent.
        concurrency: sources fetched at the same time (each host still one request at a time
            per ``rate_limit``).
    """

    timeout: float = 20.0
    max_bytes: int = 5_000_000
    max_redirects: int = 5
    rate_limit: float = 1.0
    respect_robots: bool = True
    backoff_base: float = 60.0
    backoff_max: float = 6 * 3600.0
    user_agent: str = USER_AGENT
    concurrency: int = 4


@dataclass(frozen=True)
class Source:
    """One watched source.

    Attributes:
        name: unique name, the key of its state in the ledger.
        kind: feed, url (one page), sitemap (its listed pages) or folder (its files).
        target: the URL or the folder path.
        interval: seconds between polls.
        language: a language code recorded on its documents, when given.
        trust: a free label (e.g. ``official``, ``wire``) carried by its alerts.
        user_agent: overrides the default User-Agent for this source.
    """

    name: str
    kind: SourceKind
    target: str
    interval: float = 900.0
    language: str | None = None
    trust: str | None = None
    user_agent: str | None = None

    @property
    def is_remote(self) -> bool:
        """Whether the source is fetched over HTTP (else it is a local file or folder)."""
        return self.target.startswith(("http://", "https://"))


@dataclass(frozen=True)
class Rule:
    """An alert rule: what to watch and what fires it.

    Attributes:
        name: unique name, stored with each alert it fires.
        target: ``series`` (subject, measure, place, counted), ``entity`` (the name as subject,
            speaker or place), ``speaker``, or ``denials`` (any denial of a figure that
            matches the filters, or of any figure when none is given).
        subject, measure, place, counted, entity, speaker: the filters (case-insensitive names).
        on: the triggers: new_figure, out_of_range, revised, denial, contradiction.
    """

    name: str
    target: str
    on: tuple[str, ...]
    subject: str | None = None
    measure: str | None = None
    place: str | None = None
    counted: str | None = None
    entity: str | None = None
    speaker: str | None = None


@dataclass(frozen=True)
class Delivery:
    """Where alerts go besides the ledger.

    Attributes:
        stdout: print one line per alert.
        jsonl: append one JSON object per alert to this file.
        webhook: POST each alert as JSON to this URL (retried).
        webhook_retries: attempts for a webhook POST.
        smtp: ``host[:port]`` of a mail relay, with ``mail_from`` and ``mail_to``.
    """

    stdout: bool = True
    jsonl: Path | None = None
    webhook: str | None = None
    webhook_retries: int = 3
    smtp: str | None = None
    mail_from: str | None = None
    mail_to: tuple[str, ...] = ()


@dataclass(frozen=True)
class WatchConfig:
    """A whole configuration file."""

    sources: tuple[Source, ...]
    rules: tuple[Rule, ...] = ()
    fetch: FetchPolicy = field(default_factory=FetchPolicy)
    deliver: Delivery = field(default_factory=Delivery)
    path: Path | None = None


def _table(data: Any, what: str) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise ConfigError(f"{what}: expected a table, got {type(data).__name__}")
    return data


def _str(data: dict[str, Any], key: str, what: str) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{what}: {key} must be a non-empty string")
    return value.strip()


def _unknown(data: dict[str, Any], allowed: set[str], what: str) -> None:
    extra = sorted(set(data) - allowed)
    if extra:
        raise ConfigError(f"{what}: unknown setting(s) {', '.join(extra)} (allowed: {', '.join(sorted(allowed))})")


def _fetch_policy(data: dict[str, Any]) -> tuple[FetchPolicy, float]:
    what = "[watch]"
    _unknown(
        data,
        {"interval", "timeout", "max_bytes", "max_redirects", "rate_limit", "respect_robots", "backoff", "backoff_max"}
        | {"user_agent", "concurrency"},
        what,
    )
    policy = FetchPolicy()
    ints = {}
    for key in ("max_bytes", "max_redirects", "concurrency"):
        if key in data:
            if not isinstance(data[key], int) or isinstance(data[key], bool) or data[key] < 0:
                raise ConfigError(f"{what}: {key} must be a non-negative integer")
            ints[key] = data[key]
    robots = data.get("respect_robots", True)
    if not isinstance(robots, bool):
        raise ConfigError(f"{what}: respect_robots must be true or false")
    policy = FetchPolicy(
        timeout=seconds(data.get("timeout", policy.timeout), f"{what} timeout"),
        max_bytes=ints.get("max_bytes", policy.max_bytes),
        max_redirects=ints.get("max_redirects", policy.max_redirects),
        rate_limit=seconds(data.get("rate_limit", policy.rate_limit), f"{what} rate_limit"),
        respect_robots=robots,
        backoff_base=seconds(data.get("backoff", policy.backoff_base), f"{what} backoff"),
        backoff_max=seconds(data.get("backoff_max", policy.backoff_max), f"{what} backoff_max"),
        user_agent=_str(data, "user_agent", what) or policy.user_agent,
        concurrency=max(1, ints.get("concurrency", policy.concurrency)),
    )
    return policy, seconds(data.get("interval", 900), f"{what} interval")


def _source(data: Any, n: int, interval: float, base: Path) -> Source:
    what = f"[[source]] #{n + 1}"
    data = _table(data, what)
    _unknown(data, {"name", *KINDS, "interval", "language", "trust", "user_agent"}, what)
    given = [k for k in KINDS if k in data]
    if len(given) != 1:
        raise ConfigError(f"{what}: give exactly one of {', '.join(KINDS)}")
    kind = given[0]
    target = _str(data, kind, what)
    assert target is not None
    if kind == "folder" or not re.match(r"^https?://", target, re.IGNORECASE):
        # a folder, or a feed, page or sitemap kept as a local file
        local = Path(target).expanduser()
        target = str(local if local.is_absolute() else (base / local))
    elif "://" in target.split("?", 1)[0][8:]:
        raise ConfigError(f"{what}: not a URL: {target!r}")
    every = seconds(data.get("interval", interval), f"{what} interval")
    if every <= 0:
        raise ConfigError(f"{what}: interval must be positive")
    return Source(
        name=_str(data, "name", what) or target,
        kind=kind,
        target=target,
        interval=every,
        language=_str(data, "language", what),
        trust=_str(data, "trust", what),
        user_agent=_str(data, "user_agent", what),
    )


def _rule(data: Any, n: int) -> Rule:
    what = f"[[rule]] #{n + 1}"
    data = _table(data, what)
    _unknown(data, {"name", "on", *TARGETS}, what)
    targets = [k for k in TARGETS if k in data]
    if len(targets) != 1:
        raise ConfigError(f"{what}: give exactly one of {', '.join(TARGETS)}")
    target = targets[0]
    value = data[target]
    filters: dict[str, str | None] = {}
    if target == "series":
        series = _table(value, f"{what} series")
        _unknown(series, {"subject", "measure", "place", "counted"}, f"{what} series")
        filters = {k: _str(series, k, f"{what} series") for k in ("subject", "measure", "place", "counted")}
        if not any(filters.values()):
            raise ConfigError(f"{what}: a series needs at least one of subject, measure, place, counted")
    elif target == "denials":
        if isinstance(value, dict):
            _unknown(value, {"subject", "measure", "place", "counted"}, f"{what} denials")
            filters = {k: _str(value, k, f"{what} denials") for k in ("subject", "measure", "place", "counted")}
        elif value is not True:
            raise ConfigError(f"{what}: denials must be true or a table of filters")
    else:
        if not isinstance(value, str) or not value.strip():
            raise ConfigError(f"{what}: {target} must be a name")
        filters = {target: value.strip()}
    default_on = ("denial",) if target == "denials" else ("new_figure",)
    on = data.get("on", list(default_on))
    if isinstance(on, str):
        on = [on]
    if not isinstance(on, list) or not on or any(x not in TRIGGERS for x in on):
        raise ConfigError(f"{what}: on must list triggers from {', '.join(TRIGGERS)}")
    name = _str(data, "name", what) or f"rule-{n + 1}"
    return Rule(name=name, target=target, on=tuple(dict.fromkeys(on)), **filters)


def _delivery(data: dict[str, Any], base: Path) -> Delivery:
    what = "[deliver]"
    _unknown(data, {"stdout", "jsonl", "webhook", "webhook_retries", "smtp", "mail_from", "mail_to"}, what)
    stdout = data.get("stdout", True)
    if not isinstance(stdout, bool):
        raise ConfigError(f"{what}: stdout must be true or false")
    jsonl = _str(data, "jsonl", what)
    path = None
    if jsonl:
        path = Path(jsonl).expanduser()
        path = path if path.is_absolute() else base / path
    webhook = _str(data, "webhook", what)
    if webhook and not re.match(r"^https?://", webhook, re.IGNORECASE):
        raise ConfigError(f"{what}: webhook must be an http(s) URL")
    retries = data.get("webhook_retries", 3)
    if not isinstance(retries, int) or isinstance(retries, bool) or not 1 <= retries <= 10:
        raise ConfigError(f"{what}: webhook_retries must be an integer from 1 to 10")
    mail_to = data.get("mail_to", [])
    if isinstance(mail_to, str):
        mail_to = [mail_to]
    smtp = _str(data, "smtp", what)
    if smtp and not (mail_to and data.get("mail_from")):
        raise ConfigError(f"{what}: smtp needs mail_from and mail_to")
    return Delivery(
        stdout=stdout,
        jsonl=path,
        webhook=webhook,
        webhook_retries=retries,
        smtp=smtp,
        mail_from=_str(data, "mail_from", what),
        mail_to=tuple(str(x) for x in mail_to),
    )


def parse(data: dict[str, Any], base: Path = Path(".")) -> WatchConfig:
    """A configuration from parsed TOML (``base``: the folder relative paths start from)."""
    _unknown(data, {"watch", "source", "rule", "deliver"}, "configuration")
    policy, interval = _fetch_policy(_table(data.get("watch", {}), "[watch]"))
    raw_sources = data.get("source", [])
    if not isinstance(raw_sources, list) or not raw_sources:
        raise ConfigError("configuration: no [[source]] entries")
    sources = tuple(_source(s, n, interval, base) for n, s in enumerate(raw_sources))
    names = [s.name for s in sources]
    if dup := sorted({n for n in names if names.count(n) > 1}):
        raise ConfigError(f"configuration: source names must be unique: {', '.join(dup)}")
    raw_rules = data.get("rule", [])
    if not isinstance(raw_rules, list):
        raise ConfigError("configuration: [[rule]] must be an array of tables")
    rules = tuple(_rule(r, n) for n, r in enumerate(raw_rules))
    rule_names = [r.name for r in rules]
    if dup := sorted({n for n in rule_names if rule_names.count(n) > 1}):
        raise ConfigError(f"configuration: rule names must be unique: {', '.join(dup)}")
    deliver = _delivery(_table(data.get("deliver", {}), "[deliver]"), base)
    return WatchConfig(sources=sources, rules=rules, fetch=policy, deliver=deliver)


def load(path: str | Path) -> WatchConfig:
    """Read and validate a TOML configuration file.

    Raises:
        ConfigError: naming the file, for a missing or unreadable file or any bad value.
    """
    p = Path(path)
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read the configuration: {exc.strerror}", source=str(p)) from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"not valid TOML: {exc}", source=str(p)) from exc
    try:
        config = parse(data, p.resolve().parent)
    except ConfigError as exc:
        raise ConfigError(exc.message, source=str(p)) from exc
    return WatchConfig(config.sources, config.rules, config.fetch, config.deliver, p)
