"""The watch configuration: TOML in, validated sources, rules and sinks out; bad values named."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimwatch.errors import ConfigError
from claimwatch.watch.config import load, parse, seconds

GOOD = """
[watch]
interval = "10m"
rate_limit = "2s"
user_agent = "tester/1.0"

[[source]]
name = "wire"
feed = "https://example.org/feed.xml"
language = "ru"
trust = "wire-service"

[[source]]
folder = "inbox"
interval = 30

[[rule]]
name = "is-strength"
series = { subject = "Islamic State", measure = "strength", place = "Afghanistan" }
on = ["new_figure", "out_of_range"]

[[rule]]
denials = true

[deliver]
jsonl = "alerts.jsonl"
webhook = "https://hooks.example.org/x"
"""


def test_a_full_configuration_loads_with_defaults_and_relative_paths(tmp_path: Path) -> None:
    path = tmp_path / "sources.toml"
    path.write_text(GOOD)
    cfg = load(path)
    wire, inbox = cfg.sources
    assert (wire.kind, wire.interval, wire.language, wire.trust, wire.is_remote) == (
        "feed",
        600,
        "ru",
        "wire-service",
        True,
    )
    assert (inbox.kind, inbox.name, inbox.interval, inbox.is_remote) == ("folder", str(tmp_path / "inbox"), 30, False)
    assert cfg.fetch.rate_limit == 2 and cfg.fetch.user_agent == "tester/1.0" and cfg.fetch.respect_robots
    series, denials = cfg.rules
    assert (series.subject, series.measure, series.place, series.on) == (
        "Islamic State",
        "strength",
        "Afghanistan",
        ("new_figure", "out_of_range"),
    )
    assert (denials.target, denials.on, denials.name) == ("denials", ("denial",), "rule-2")
    assert cfg.deliver.jsonl == tmp_path / "alerts.jsonl" and cfg.deliver.stdout


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "no [[source]]"),
        ({"source": [{"feed": "https://a", "url": "https://b"}]}, "exactly one of"),
        ({"source": [{"feed": "https://a", "intervall": 3}]}, "unknown setting(s) intervall"),
        ({"source": [{"feed": "https://a", "interval": "soon"}]}, "not a duration"),
        ({"source": [{"name": "x", "feed": "https://a"}, {"name": "x", "url": "https://b"}]}, "unique: x"),
        ({"source": [{"feed": "https://a"}], "rule": [{"series": {}}]}, "at least one of"),
        ({"source": [{"feed": "https://a"}], "rule": [{"entity": "X", "on": ["sometimes"]}]}, "on must list"),
        ({"source": [{"feed": "https://a"}], "deliver": {"webhook": "ftp://x"}}, "http(s) URL"),
        ({"source": [{"feed": "https://a"}], "deliver": {"smtp": "localhost"}}, "mail_from and mail_to"),
        ({"source": [{"feed": "https://a"}], "watch": {"max_bytes": -1}}, "non-negative integer"),
    ],
)
def test_bad_values_are_config_errors_naming_the_entry(data: dict, message: str) -> None:
    with pytest.raises(ConfigError) as exc:
        parse(data)
    assert message in str(exc.value)


def test_load_names_the_file_for_bad_toml_and_missing_files(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[[source]\nfeed = 1")
    with pytest.raises(ConfigError, match="bad.toml: not valid TOML"):
        load(bad)
    with pytest.raises(ConfigError, match="missing.toml: cannot read"):
        load(tmp_path / "missing.toml")


def test_durations() -> None:
    assert [seconds(x, "t") for x in (5, "90s", "15m", "2h", "1d", "250ms", "1.5h")] == [
        5,
        90,
        900,
        7200,
        86400,
        0.25,
        5400,
    ]
    with pytest.raises(ConfigError):
        seconds(True, "t")
