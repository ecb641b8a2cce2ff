"""The ledger commands, end to end through click; the seed articles through the real pipeline."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from claimwatch.cli.ledger import COMMANDS
from claimwatch.cli.main import cli
from tests.conftest import shared_or_skip
from tests.test_store_fixtures import corpus


@pytest.fixture()
def db(tmp_path: Path) -> str:
    """A ledger filled with the hand-made corpus through ``claimwatch ingest`` (JSONL, no extraction)."""
    jsonl = tmp_path / "docs.jsonl"
    jsonl.write_text("".join(d.to_json() + "\n" for d in corpus()))
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    result = CliRunner().invoke(cli, ["ingest", str(jsonl), "--db", url])
    assert result.exit_code == 0, result.output
    assert "new 4, unchanged 0, new versions 0, failed 0 (near-duplicates 1)" in result.output
    return url


def run(*args: str) -> Any:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


def test_every_command_is_registered_and_documented() -> None:
    for command in COMMANDS:
        assert command.name in cli.commands  # type: ignore[attr-defined]
        assert command.help and len(command.help) > 20  # type: ignore[attr-defined]
        for param in command.params:  # type: ignore[attr-defined]
            if param.param_type_name == "option":
                assert param.help, f"{command.name} {param.name} has no help"  # type: ignore[attr-defined]
    assert "--db" in run("claims", "--help").output and "CLAIMWATCH_DB" in run("claims", "--help").output


def test_ingest_again_is_idempotent_and_json(db: str, tmp_path: Path) -> None:
    out = json.loads(run("ingest", str(tmp_path / "docs.jsonl"), "--db", db, "--json").output)
    assert (out["new"], out["unchanged"]) == (0, 4)


def test_the_db_comes_from_the_environment(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAIMWATCH_DB", db)
    page = json.loads(run("claims", "--json", "--limit", "2").output)
    assert len(page["items"]) == 2 and page["next_cursor"]
    rest = json.loads(run("claims", "--json", "--cursor", page["next_cursor"]).output)
    assert len(rest["items"]) == 6


def test_queries_as_json(db: str) -> None:
    claims = json.loads(
        run(
            "claims",
            "--db",
            db,
            "--subject",
            "ISIS",
            "--place",
            "Afghanistan",
            "--speaker",
            "Sergei Ivanov",
            "--since",
            "2024-01-01",
            "--json",
        ).output
    )
    assert {c["text"] for c in claims["items"]} == {"more than 15,000 fighters", "over 20 groups"}
    quotes = json.loads(run("quotes", "--db", db, "--speaker", "Petrov", "--json").output)
    assert {q["speaker"] for q in quotes["items"]} == {"Nikolai Petrov"}
    people = json.loads(run("entities", "--db", db, "--type", "person", "--json").output)
    assert "sergei-ivanov" in {e["id"] for e in people["items"]}
    evs = json.loads(run("events", "--db", db, "--type", "denial", "--json").output)
    assert [e["actors"] for e in evs["items"]] == [["Taliban"]]
    hits = json.loads(run("search", "rejected", "--db", db, "--json").output)
    assert [h["document"] for h in hits] == ["warning"]
    doc = json.loads(run("show", "dialogue-copy", "--db", db, "--json").output)
    assert doc["duplicate_of"] == "dialogue" and doc["schema"] == "claimwatch.document/1"
    assert json.loads(run("series", "--db", db, "--json").output)[0]["counted"] == "fighters"
    kinds = [c["kind"] for c in json.loads(run("contradictions", "--db", db, "--json").output)]
    assert sorted(kinds) == ["conflict", "denial", "denial"]
    assert json.loads(run("overview", "--db", db, "--json").output)["documents"] == 4


def test_tables_and_the_timeline_chart(db: str) -> None:
    out = run("timeline", "Islamic State", "--place", "Afghanistan", "--db", db).output
    assert "Sergei Ivanov" in out and "Nikolai Petrov" in out and "2024-05-10" in out
    assert "denied by Taliban: “the Taliban rejected the claims” (warning:274)" in out
    assert "(log scale)" in out and "✗ denied" in out and "also reported in dialogue-copy" in out
    assert "> 15,000 fighters ✗ ≠" in out
    assert "no figures" in run("timeline", "Nobody", "--db", db).output
    for args in (
        ["claims"],
        ["quotes"],
        ["entities"],
        ["events"],
        ["series"],
        ["contradictions"],
        ["overview"],
        ["search", "fighters"],
        ["show", "warning"],
        ["relink"],
    ):
        assert run(*args, "--db", db).output.strip()


def test_errors_are_one_line_with_an_exit_code(db: str, tmp_path: Path) -> None:
    runner = CliRunner()
    missing = runner.invoke(cli, ["show", "nope", "--db", db])
    assert missing.exit_code == 4 and "nope: no such document" in missing.output
    bad = runner.invoke(cli, ["claims", "--since", "yesterday", "--db", db])
    assert bad.exit_code == 5 and "not a date" in bad.output
    nodir = runner.invoke(cli, ["claims", "--db", f"sqlite:///{tmp_path}/no/such/dir.db"])
    assert nodir.exit_code == 4
    scheme = runner.invoke(cli, ["claims", "--db", "mysql://x"])
    assert scheme.exit_code == 5 and "unsupported database URL" in scheme.output
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    failed = runner.invoke(cli, ["ingest", str(empty), "--db", db])
    assert failed.exit_code == 2 and "failed 1" in failed.output


def test_exports(db: str, tmp_path: Path) -> None:
    lines = run("export", "--format", "jsonl", "--db", db).output.strip().splitlines()
    assert [json.loads(x)["id"] for x in lines] == ["dialogue", "warning", "dialogue-copy", "un-report"]
    csv_out = run("export", "--format", "csv", "--table", "quotes", "--db", db).output
    assert csv_out.splitlines()[0].startswith("id,document,")
    out = tmp_path / "claims.parquet"
    run("export", "--format", "parquet", "--out", str(out), "--db", db)
    assert out.stat().st_size > 0
    bundle = json.loads(run("export", "--format", "stix", "--db", db).output)
    assert bundle["type"] == "bundle"
    assert "event_type" in run("export", "--format", "acled", "--db", db).output
    no_out = CliRunner().invoke(cli, ["export", "--format", "parquet", "--db", db])
    assert no_out.exit_code == 5


# -- the seed articles through the real pipeline ---------------------------------------------------


@pytest.fixture(scope="session")
def seed_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    seeds = shared_or_skip("seeds")
    url = f"sqlite:///{tmp_path_factory.mktemp('seeds') / 'seeds.db'}"
    result = CliRunner().invoke(cli, ["ingest", str(seeds), "--db", url], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "new 2," in result.output
    return url


@pytest.mark.slow
def test_seed_timeline_lists_both_articles_and_the_taliban_denial(seed_db: str) -> None:
    tl = json.loads(run("timeline", "Islamic State", "--place", "Afghanistan", "--db", seed_db, "--json").output)
    points = tl["points"]
    docs = {p["document"] for p in points}
    assert docs == {"000_fc4d2f5e18071ece", "002_c4a361aa323f4440"}, "figures from both articles"
    # the seed from 2019 is dated; the undated one stays undated, never the day it was ingested
    assert all((p["date"] is None) == p["document"].startswith("000") for p in points)
    patrushev = [p for p in points if p["document"].startswith("002") and p["low"] is not None]
    assert {p["speaker"] for p in patrushev} == {"Nikolai Patrushev"}
    assert {p["date"] for p in patrushev} == {"2019-12-24"}
    assert any(p["low"] == 2000 and p["qualifier"] == "more_than" for p in patrushev)
    belousov = [p for p in points if p["speaker"] == "Andrey Belousov"]
    assert {p["low"] for p in belousov} >= {15000}
    for p in belousov:
        assert [d["by"] for d in p["denials"]] == ["Taliban"], "the rejection answers Belousov's figures"
        assert "rejected" in p["denials"][0]["text"]
    assert not any(p["denials"] for p in points if p["document"].startswith("002"))
    table = run("timeline", "Islamic State", "--place", "Afghanistan", "--db", seed_db).output
    assert "Patrushev" in table and "Belousov" in table and "denied by Taliban" in table


@pytest.mark.slow
def test_seed_reingest_adds_nothing(seed_db: str) -> None:
    seeds = shared_or_skip("seeds")
    out = run("ingest", str(seeds), "--db", seed_db).output
    assert "new 0, unchanged 2" in out
