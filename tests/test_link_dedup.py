"""Near-duplicate detection with MinHash LSH (claimwatch.link.dedup)."""

from __future__ import annotations

from claimwatch.link.dedup import DuplicateIndex, from_bytes, signature, to_bytes
from tests.test_store_fixtures import DIALOGUE_TEXT, WARNING_TEXT


def test_signatures_round_trip_through_bytes() -> None:
    sig = signature(WARNING_TEXT)
    again = from_bytes(to_bytes(sig))
    assert sig.jaccard(again) == 1.0
    assert len(to_bytes(sig)) == 512


def test_near_copies_match_and_other_articles_do_not() -> None:
    index = DuplicateIndex()
    index.add(1, signature(DIALOGUE_TEXT))
    index.add(2, signature(WARNING_TEXT))
    copy = signature(DIALOGUE_TEXT + "\n\nThis report was syndicated.")
    assert [k for k, _ in index.similar(copy)] == [1]
    assert index.similar(signature("An unrelated story about the weather in spring and autumn.")) == []
    index.remove(1)
    assert index.similar(copy) == [] and len(index) == 1
