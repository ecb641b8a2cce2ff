"""Entity resolution keys and choices (claimwatch.link.entities)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from claimwatch.link.entities import Candidate, choose, compatible, fold, match_keys, person_key, slug


def test_fold_and_slug() -> None:
    assert fold("the Taliban’s") == "taliban"
    assert fold("Nangarhār") == "nangarhar"
    assert fold("CSTO Defence Ministers' Council") == "csto defence ministers council"
    assert slug("Islamic State") == "islamic-state"
    assert slug("!!!") == "entity"


@given(st.text(max_size=40))
def test_fold_is_idempotent(s: str) -> None:
    assert fold(fold(s)) == fold(s)


def test_person_keys_join_transliterations() -> None:
    assert person_key("Andrey Belousov") == person_key("Andrei Belousov") == "p:a belousov"
    assert person_key("Belousov") is None
    assert person_key("Defence Minister Andrei Belousov") == "p:d belousov"  # titles are the extractor's job
    assert "p:a belousov" in match_keys("Andrey Belousov", ["Belousov"], "person")
    assert not any(k.startswith("p:") for k in match_keys("Islamic State", ["IS"], "armed_group"))


def _cand(i: int, key: str, type_: str, hits: set[str], n: int = 1) -> Candidate:
    return Candidate(i, key, type_, n, frozenset(hits))


def test_choose_prefers_the_same_key_then_the_full_name() -> None:
    a = _cand(1, "islamic-state", "armed_group", {"isis"})
    b = _cand(2, "isis-k", "armed_group", {"isis"}, n=99)
    assert choose("islamic-state", "armed_group", "Islamic State", [b, a]) == a
    c = _cand(3, "daesh", "armed_group", {"islamic state", "isis"})
    assert choose("islamic-state-x", "armed_group", "Islamic State", [b, c]) == c


def test_choose_respects_types_and_surnames() -> None:
    place = _cand(1, "georgia", "location", {"georgia"})
    assert choose("georgia", "person", "Georgia", [place]) is None
    assert compatible("organization", "armed_group") and not compatible("person", "location")
    andrey = _cand(1, "andrey-belousov", "person", {"p:a belousov"})
    assert choose("andrei-belousov", "person", "Andrei Belousov", [andrey]) == andrey
    ivanov = _cand(2, "sergei-ivanov", "person", {"ivanov"})
    assert choose("andrei-ivanov", "person", "Andrei Ivanov", [ivanov]) is None  # a shared surname is not enough
    assert choose("ivanov", "person", "Ivanov", [ivanov]) == ivanov  # a lone surname joins its only bearer
    other = _cand(3, "olga-ivanov", "person", {"ivanov"})
    assert choose("ivanov", "person", "Ivanov", [ivanov, other]) is None
