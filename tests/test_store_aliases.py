"""The standard alias table at link time and at query time, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimwatch.cli.main import cli
from claimwatch.link.aliases import canonical_id, expand, is_generic
from claimwatch.models import Claim, Document, Entity
from claimwatch.store.ledger import Ledger
from tests.pg import pg_server, pg_url  # noqa: F401  (fixtures)
from tests.test_store_fixtures import span

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)]


def _doc(doc_id: str, text: str, group: str, phrase: str, country: str = "AF", **entity: object) -> Document:
    """One article about ``group`` giving one figure (``phrase``) about it."""
    gs, ge = span(text, group)
    s, e = span(text, phrase)
    gid = entity.pop("id", doc_id + "-group")
    ents = [
        Entity(id=str(gid), name=group, type="armed_group", aliases=[group], mentions=[(gs, ge)], **entity),  # type: ignore[arg-type]
        Entity(id="where", name="Afghanistan" if country == "AF" else "Somalia", type="location", country=country),
    ]
    claim = Claim(text=phrase, low=10, high=10, qualifier="exact", counted="fighters", predicate="killed",
                  subject=group, subject_id=str(gid), start=s, end=e)  # fmt: skip
    return Document(id=doc_id, text=text, published="2024-03-01", entities=ents, claims=[claim])


def corpus() -> list[Document]:
    return [
        _doc("a", "ISKP said 10 fighters were killed in a raid.", "ISKP", "10 fighters"),
        _doc("b", "Officials said Wilayat Khorasan lost 10 fighters.", "Wilayat Khorasan", "10 fighters"),
        _doc(
            "c",
            "The Islamic State Khorasan Province said 10 fighters died.",
            "Islamic State Khorasan Province",
            "10 fighters",
        ),  # fmt: skip
        _doc("d", "Islamic State said 10 fighters were killed in Syria.", "Islamic State", "10 fighters"),
        _doc("e", "Al-Shabaab said 10 fighters were killed.", "Al-Shabaab", "10 fighters", "SO"),
        _doc("f", "The Tehrik-i-Taliban Pakistan said 10 fighters died.", "Tehrik-i-Taliban Pakistan", "10 fighters"),
    ]


@pytest.fixture(params=BACKENDS)
def ledger(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Ledger]:
    url = f"sqlite:///{tmp_path / 'a.db'}" if request.param == "sqlite" else request.getfixturevalue("pg_url")
    with Ledger.open(url) as led:
        led.ingest_documents(corpus())
        yield led


def test_the_table_knows_the_standard_spellings() -> None:
    for name in ("ISKP", "IS-K", "ISIS-K", "Wilayat Khorasan", "Islamic State Khorasan Province"):
        assert canonical_id(name) == "iskp", name
    assert canonical_id("al-Shabab") == canonical_id("Al Shabaab") == "al-shabaab"
    assert canonical_id("Pakistani Taliban") == canonical_id("TTP") == "ttp" != canonical_id("Taliban")
    assert canonical_id("ISWAP") == "iswap" and canonical_id("JNIM") == "jnim"
    assert "wilayat khorasan" in expand("IS-K") and expand("nobody at all") == {"nobody at all"}
    assert is_generic("the army") and is_generic("Security Forces") and not is_generic("Pakistan Army")


def test_spellings_link_to_one_canonical_entity(ledger: Ledger) -> None:
    iskp = ledger.entity("iskp")
    assert iskp is not None and iskp.name == "Islamic State Khorasan Province"
    assert iskp.n_documents == 3
    assert ledger.entity("islamic-state") is not None and ledger.entity("islamic-state").n_documents == 1  # type: ignore[union-attr]


@pytest.mark.parametrize("name", ["ISKP", "IS-K", "ISIS-K", "Wilayat Khorasan", "iskp"])
def test_every_alias_answers_with_the_canonical_groups_claims(ledger: Ledger, name: str) -> None:
    found = ledger.claims(subject=name).items
    assert sorted(c.document for c in found) == ["a", "b", "c"], name
    assert {c.subject_id for c in found} == {"iskp"}


def test_other_groups_answer_by_any_spelling(ledger: Ledger) -> None:
    assert [c.document for c in ledger.claims(subject="al-Shabab").items] == ["e"]
    assert [c.document for c in ledger.claims(subject="Pakistani Taliban").items] == ["f"]
    assert [c.document for c in ledger.claims(subject="ISIS").items] == ["d"]
    assert ledger.claims(subject="Taliban").items == []
    tl = ledger.timeline("IS-K")
    assert tl.subject_id == "iskp" and len(tl.points) == 3


def test_generic_nouns_link_only_within_a_country(tmp_path: Path) -> None:
    def army(doc_id: str, country: str) -> Document:
        text = f"The army said 10 fighters were killed ({doc_id})."
        s, e = span(text, "army")
        return Document(
            id=doc_id, text=text,
            entities=[Entity(id="army", name="army", type="organization", country=country, mentions=[(s, e)])],
        )  # fmt: skip

    with Ledger.open(f"sqlite:///{tmp_path / 'g.db'}") as led:
        led.ingest_documents([army("pk1", "PK"), army("pk2", "PK"), army("ng1", "NG")])
        armies = [e for e in led.entities(limit=100).items if e.name == "army"]
        assert sorted(e.n_documents for e in armies) == [1, 2]
        assert {e.id for e in armies} == {"army-pk", "army-ng"}


def test_cli_claims_by_alias(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    with Ledger.open(url) as led:
        led.ingest_documents(corpus())
    for name in ("ISKP", "IS-K", "al-Shabab", "Pakistani Taliban"):
        result = CliRunner().invoke(cli, ["claims", "--subject", name, "--db", url, "--json"])
        assert result.exit_code == 0, result.output
        items = json.loads(result.output)["items"]
        assert items, name
        assert {c["subject_id"] for c in items} <= {"iskp", "al-shabaab", "ttp"}
