"""``claimwatch.extract_many``: every kind of item, in input order, one Document or Failure each."""

from __future__ import annotations

from pathlib import Path

import claimwatch
from claimwatch.core import Failure
from claimwatch.errors import SourceError
from claimwatch.models import Document
from tests.conftest import SAMPLE

TEXT = "\u201cWe killed more than 40 militants in the valley,\u201d army spokesman Adnan Khalil said."


def test_items_of_every_kind_in_order(nlp: object) -> None:
    record = {"text": "Police said they arrested 12 suspects in the capital on Monday.", "id": "rec-1"}
    items = [TEXT, "", Path(SAMPLE / "01_kandahar_raid.txt"), Path("/no/such/file.txt"), record, 42]
    out = list(claimwatch.extract_many(iter(items)))
    assert [type(x).__name__ for x in out] == ["Document", "Failure", "Document", "Failure", "Document", "Failure"]
    first = out[0]
    assert isinstance(first, Document)
    assert (first.claims[0].low, first.claims[0].speaker) == (40, "Adnan Khalil")
    assert isinstance(out[1], Failure) and isinstance(out[1].error, SourceError) and "empty" in str(out[1].error)
    assert isinstance(out[2], Document) and out[2].id == "01_kandahar_raid"
    assert "no such file" in str(out[3].error)  # type: ignore[union-attr]
    assert isinstance(out[4], Document) and out[4].id == "rec-1"
    assert "cannot read a int" in str(out[5].error)  # type: ignore[union-attr]


def test_same_result_as_extract_whatever_the_batch(nlp: object) -> None:
    texts = [TEXT, (SAMPLE / "02_border_figures.txt").read_text(), (SAMPLE / "04_arrests.txt").read_text()]
    single = [claimwatch.extract(t).to_json_dict() for t in texts]
    for batch_size in (1, 2, 32):
        many = [d.to_json_dict() for d in claimwatch.extract_many(texts, batch_size=batch_size)]  # type: ignore[union-attr]
        assert [m.pop("source") for m in many] == ["<item 0>", "<item 1>", "<item 2>"]  # where it was in the input
        assert many == [{k: v for k, v in s.items() if k != "source"} for s in single]
