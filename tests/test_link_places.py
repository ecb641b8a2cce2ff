"""Place resolution in a document's context (claimwatch.link.places)."""

from __future__ import annotations

from claimwatch.link.places import country_code, country_name, focus_country, resolve
from tests.test_store_fixtures import warning_doc


def test_places_resolve_through_the_documents_entities() -> None:
    doc = warning_doc()
    assert resolve("northern Afghanistan", doc).country == "AF"  # type: ignore[union-attr]
    kabul = resolve("Kabul", doc)
    assert kabul is not None and (kabul.name, kabul.country, kabul.local_id) == ("Kabul", "AF", "kabul")
    assert resolve("eastern Syria", doc).country == "SY"  # type: ignore[union-attr]  (pycountry)
    assert resolve("the eastern provinces", doc).country == "AF"  # type: ignore[union-attr]  (focus)
    assert resolve("Atlantis", doc).country is None  # type: ignore[union-attr]
    assert resolve(None, doc) is None
    assert focus_country(doc) == "AF"


def test_country_codes_and_names() -> None:
    assert country_code("Afghanistan") == country_code("af") == "AF"
    assert country_code("Narnia") is None
    assert country_name("AF") == "Afghanistan"
