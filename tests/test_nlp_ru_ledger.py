"""One entity across languages: an English report about Islamic State and a Russian one about ИГИЛ
answer the same subject query in the ledger (sentences written for the test)."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("natasha")

import claimwatch  # noqa: E402
from claimwatch.store.ledger import Ledger  # noqa: E402

ENGLISH = (
    "Officials warn of Islamic State fighters in the north\n\n"
    "More than 2,000 Islamic State fighters are active in northern Afghanistan, "
    "a senior security official said on Tuesday."
)
RUSSIAN = (
    "Боевики ИГИЛ активизировались на севере Афганистана\n\n"
    "В северных провинциях Афганистана действуют свыше 3 тыс. боевиков ИГИЛ, "
    "заявил секретарь Совета безопасности России Николай Петров в четверг."
)


def test_english_and_russian_claims_share_the_islamic_state_subject(tmp_path: Path) -> None:
    en = claimwatch.extract(ENGLISH, published="2024-03-05")
    ru = claimwatch.extract(RUSSIAN, published="2024-03-07")
    assert (en.language, ru.language) == ("en", "ru")
    ru_claim = next(c for c in ru.claims if c.low == 3000)
    assert (ru_claim.qualifier, ru_claim.subject_id) == ("more_than", "islamic-state")
    assert ru_claim.speaker == "Николай Петров"
    with Ledger.open(f"sqlite:///{tmp_path / 'l.db'}") as ledger:
        ledger.ingest_documents([en, ru])
        rows = ledger.claims(subject="Islamic State").items
        lows = sorted(r.low for r in rows)
        assert 2000 in lows and 3000 in lows
        assert sorted(r.low for r in ledger.claims(subject="ИГИЛ").items) == lows


def test_russian_entities_carry_the_english_names() -> None:
    doc = claimwatch.extract(RUSSIAN, published="2024-03-07")
    by_id = {e.id: e for e in doc.entities}
    assert by_id["islamic-state"].name == "Исламское государство"
    assert "Islamic State" in by_id["islamic-state"].aliases
    afg = next(e for e in doc.entities if e.country == "AF")
    assert afg.name == "Афганистан" and afg.lat is not None
