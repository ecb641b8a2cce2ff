"""Resolving a mention to a place: the name patterns around a place name and the gazetteer lookups.

"Nangarhar province", "the city of Kandahar", "northern Afghanistan", "Houthi-controlled Sanaa",
"Kabul, Afghanistan": each pattern strips what is not the name, keeps what it says (a direction,
a feature level) and looks the rest up; the candidates are ordered by :mod:`.rank`.
"""

from __future__ import annotations

import dataclasses
import math
import re
import threading
from collections.abc import Mapping

from claimwatch.nlp.places.index import (
    _F_ADMIN1,
    _F_ADMIN2,
    _F_CITY,
    _F_COUNTRY,
    _F_REGION,
    _F_US_STATE,
    _FLAG_CAPITAL,
    _K_ALIAS,
    _K_ALTERNATE,
    Place,
    _load_or_build,
    _Store,
)
from claimwatch.nlp.places.names import fold

# --------------------------------------------------------------------------- resolving

_DIRECTIONS = {
    "north": "north",
    "northern": "north",
    "south": "south",
    "southern": "south",
    "east": "east",
    "eastern": "east",
    "west": "west",
    "western": "west",
    "central": "central",
    "centre": "central",
    "center": "central",
    "northeast": "northeast",
    "north east": "northeast",
    "northeastern": "northeast",
    "north eastern": "northeast",
    "northwest": "northwest",
    "north west": "northwest",
    "northwestern": "northwest",
    "north western": "northwest",
    "southeast": "southeast",
    "south east": "southeast",
    "southeastern": "southeast",
    "south eastern": "southeast",
    "southwest": "southwest",
    "south west": "southwest",
    "southwestern": "southwest",
    "south western": "southwest",
    "far north": "north",
    "far south": "south",
    "far east": "east",
    "far west": "west",
    "upper": "north",
    "lower": "south",
}
_DIR_ALT = "|".join(sorted((re.escape(k) for k in _DIRECTIONS), key=len, reverse=True))
_AREA_WORDS = r"(?:parts?|areas?|regions?|provinces?|districts?|territory|territories|reaches|outskirts|side|flank|borders?|border areas?|frontier|coast|coastal areas?|fringes?|tip|edge|corner|countryside)"
_DIR_PREFIX = re.compile(rf"^(?:the )?({_DIR_ALT}) (?:{_AREA_WORDS} )?(?:of |in )?(.+)$")
_DIR_OF = re.compile(rf"^(?:the )?({_DIR_ALT}) of (.+)$")
_DIR_POSSESSIVE = re.compile(rf"^(.+?)s ({_DIR_ALT})(?: {_AREA_WORDS})?$")  # "syrias north" (apostrophe folded)

_ADMIN_SUFFIX = (
    "province|provinces|district|districts|governorate|governorates|state|oblast|county|prefecture|"
    "municipality|division|agency|tehsil|region|regions|department|emirate|canton|krai|kray|raion|rayon|"
    "wilaya|vilayet|tribal district|tribal agency|tribal region|tribal areas|region of|autonomous region|"
    "republic|territory|zone"
)
_PLACE_SUFFIX = (
    "city|town|village|camp|refugee camp|valley|area|areas|border|border area|border region|border crossing|crossing|"
    "countryside|outskirts|suburbs|environs|airport|air base|airbase|port|hills|mountains|oasis|enclave|front|frontline"
)
_ARTICLE = re.compile(r"^(?:al|el|ar|as|ad|an|ash|az|at|ath|adh|aj|es|et|ed|en|ez|ech) (.+)$")  # Arabic article
# "Houthi-controlled Sanaa", "rebel-held Idlib", "war-torn Sudan" (hyphens are folded to spaces)
_QUALIFIED = re.compile(
    r"^(?:.+ )?(?:controlled|held|occupied|run|administered|besieged|annexed|torn|ravaged|hit|stricken|embattled|restive)"
    r" (.+)$"
)
_SUFFIX = re.compile(rf"^(.+?) ({_ADMIN_SUFFIX}|{_PLACE_SUFFIX})$")
_PREFIX = re.compile(
    rf"^(?:the )?({_ADMIN_SUFFIX}|{_PLACE_SUFFIX}|capital|port city|city centre|center|centre|heart|streets|suburb|outskirts|border town|town|village) of (.+)$"
)
_ADMIN_WORDS = set(_ADMIN_SUFFIX.split("|"))
_CITY_WORDS = {
    "city",
    "town",
    "village",
    "capital",
    "port city",
    "city centre",
    "heart",
    "streets",
    "suburb",
    "suburbs",
}
_CITY_WORDS |= {"outskirts", "border town", "center", "centre"}
_TRAIL = re.compile(r"(?:'s|’s|s')$")


class Gazetteer:
    """Name -> place index with ranking by document focus, feature level and population."""

    _default: Gazetteer | None = None
    _lock = threading.Lock()

    def __init__(self, data: dict) -> None:
        self._s = _Store(data)
        self.missing_aliases: list[str] = list(data.get("missing_aliases", []))
        self.size = int(data.get("count", 0))
        self._stop = frozenset(data.get("stopwords", ()))
        self._local = threading.local()
        s = self._s
        self._country_pop = {s.country(e): s.pop[e] for e in range(self.size) if s.feat[e] == _F_COUNTRY}

    @classmethod
    def default(cls) -> Gazetteer:
        """The process-wide instance, built (or loaded from the disk cache) on first use."""
        if cls._default is None:
            with cls._lock:
                if cls._default is None:
                    cls._default = cls(_load_or_build())
        return cls._default

    @classmethod
    def build(cls, use_cache: bool = False) -> Gazetteer:
        """A fresh instance (parses the source data unless ``use_cache``)."""
        return cls(_load_or_build(use_cache=use_cache))

    # -- lookups ------------------------------------------------------------------------

    def candidates(self, name: str) -> list[Place]:
        """Every place indexed under ``name`` (accent-folded, case-insensitive), best first."""
        hits = self._s.lookup(fold(name))
        return [self._s.place(e) for e, _k, _sc in self._rank(hits, None)]

    def resolve_ranked(self, name: str, focus: Mapping[str, float] | None = None) -> list[tuple[Place, float]]:
        """The candidates of the pattern that resolves ``name``, best first, with their prior scores.

        The first is what :meth:`resolve` returns (without a direction); :func:`.rank.rerank` then
        weighs them against the places an article has already resolved.
        """
        self._local.ranked = out = []
        try:
            self.resolve(name, focus)
        finally:
            self._local.ranked = None
        return out

    def is_place(self, name: str) -> bool:
        return self.resolve(name) is not None

    def resolve(self, name: str, focus: Mapping[str, float] | None = None) -> Place | None:
        """The most likely place for a mention, or None.

        ``focus`` maps ISO alpha-2 codes to weights (e.g. mention counts of each country in the
        document); candidates in heavily weighted countries are strongly preferred.
        """
        if not name or not name.strip():
            return None
        text = _TRAIL.sub("", name.strip().strip(",;:!?\"'()[]"))
        key = fold(text)
        if not key:
            return None
        if text.islower() and key in self._stop:  # "us", "march": lowercase common words are not names
            return None
        fnorm = _norm_focus(focus)
        letters = [c for c in text if c.isalpha()]
        if 0 < len(letters) <= 3 and all(c.isupper() for c in letters) and "." not in text:
            hits = self._s.lookup(key)
            return self._pick(hits, fnorm, None, acronym=True) if hits else None
        return self._resolve_key(key, fnorm, 0)

    # -- internals ----------------------------------------------------------------------

    def _resolve_key(
        self, key: str, focus: dict[str, float] | None, depth: int, want: str | None = None
    ) -> Place | None:
        if depth > 3 or not key:
            return None
        hits = self._s.lookup(key)
        if hits:
            best = self._pick(hits, focus, want)
            if best is not None:
                return best
        # "Kabul, Afghanistan" / "Springfield, Illinois"
        if ", " in key:
            head, _, tail = key.rpartition(", ")
            ctx = self._resolve_key(tail, None, depth + 1)
            if ctx is not None:
                got = self._in_context(head, ctx, focus)
                if got is not None:
                    return got
            got = self._resolve_key(head, focus, depth + 1, want)
            if got is not None:
                return got
        # "Nangarhar province", "Tirah valley", "Gaza city"
        m = _SUFFIX.match(key)
        if m:
            base, word = m.group(1), m.group(2)
            kind = "admin" if word in _ADMIN_WORDS else ("city" if word in _CITY_WORDS else want)
            got = self._resolve_key(base, focus, depth + 1, kind)
            if got is not None:
                return got
        m = _PREFIX.match(key)
        if m:
            word, base = m.group(1), m.group(2)
            kind = "admin" if word in _ADMIN_WORDS else ("city" if word in _CITY_WORDS else want)
            got = self._resolve_key(base, focus, depth + 1, kind)
            if got is not None:
                return got
        # "al-Mayadin" / "Mayadin", "St. Petersburg" / "Saint Petersburg"
        m = _ARTICLE.match(key)
        if m:
            got = self._resolve_key(m.group(1), focus, depth + 1, want)
            if got is not None:
                return got
        if key.startswith(("st ", "saint ")):
            alt = "saint " + key[3:] if key.startswith("st ") else "st " + key[6:]
            hits = self._s.lookup(alt)
            if hits:
                return self._pick(hits, focus, want)
        m = _QUALIFIED.match(key)
        if m:
            got = self._resolve_key(m.group(1), focus, depth + 1, want)
            if got is not None:
                return got
        # "northern Afghanistan", "north-west Pakistan", "eastern provinces of Afghanistan"
        for rx, gdir, gbase in ((_DIR_OF, 1, 2), (_DIR_PREFIX, 1, 2), (_DIR_POSSESSIVE, 2, 1)):
            m = rx.match(key)
            if m:
                got = self._resolve_key(m.group(gbase), focus, depth + 1)
                if got is not None:
                    return dataclasses.replace(got, direction=_DIRECTIONS[m.group(gdir)])
        return None

    def _in_context(self, head: str, ctx: Place, focus: dict[str, float] | None) -> Place | None:
        hits = self._s.lookup(head)
        if not hits or ctx.country is None:
            return None
        s = self._s
        keep = [(e, k) for e, k in hits if s.country(e) == ctx.country]
        if ctx.feature == "us_state" and ctx.country == "US":
            code = (self._state_code(ctx) or "").upper()
            in_state = [(e, k) for e, k in keep if s.admin1(e) == code]
            keep = in_state or keep
        if not keep:
            return None
        return self._pick(keep, focus, None)

    def _state_code(self, p: Place) -> str | None:
        for e, _k in self._s.lookup(fold(p.name)):
            if self._s.feat[e] == _F_US_STATE:
                return self._s.admin1(e)
        return None

    def _pick(
        self, hits: list[tuple[int, int]], focus: dict[str, float] | None, want: str | None, acronym: bool = False
    ) -> Place | None:
        if acronym:  # "EU", "BC", "OAS": only explicit aliases, subdivisions and towns of some size
            s = self._s
            hits = [h for h in hits if h[1] == _K_ALIAS or s.feat[h[0]] != _F_CITY or s.pop[h[0]] >= 50_000]
            if not hits:
                return None
        if want == "admin":
            sub = [h for h in hits if self._s.feat[h[0]] in (_F_ADMIN1, _F_ADMIN2, _F_REGION, _F_US_STATE, _F_COUNTRY)]
            hits = sub or hits
        elif want == "city":
            sub = [h for h in hits if self._s.feat[h[0]] == _F_CITY]
            hits = sub or hits
        ranked = self._rank(hits, focus)
        out = getattr(self._local, "ranked", None)
        if out is not None and ranked:  # the last pick made is the one that resolved the mention
            out[:] = [
                (
                    dataclasses.replace(self._s.place(e), matched="alternate")
                    if k == _K_ALTERNATE
                    else self._s.place(e),
                    sc,
                )
                for e, k, sc in ranked[:12]
            ]
        if not ranked:
            return None
        best = self._s.place(ranked[0][0])
        return dataclasses.replace(best, matched="alternate") if ranked[0][1] == _K_ALTERNATE else best

    def _rank(self, hits: list[tuple[int, int]], focus: dict[str, float] | None) -> list[tuple[int, int, float]]:
        s = self._s
        admin_cc = {s.country(e) for e, _k in hits if s.feat[e] == _F_ADMIN1}
        out = []
        for e, k in hits:
            f = s.feat[e]
            pop = s.pop[e]
            cc = s.country(e)
            if f == _F_COUNTRY:
                sc = 10.5
            elif f == _F_REGION:
                sc = 10.0 if cc is None else 7.5
            elif f in (_F_ADMIN1, _F_US_STATE, _F_ADMIN2):
                # no population for subdivisions: the size of the country breaks ties (Maryland US vs LR)
                sc = (6.0 if f != _F_ADMIN2 else 4.5) + 0.05 * math.log10(self._country_pop.get(cc, 0) + 1)
            else:
                lp = math.log10(pop + 1)
                if s.flags[e] & _FLAG_CAPITAL and k != _K_ALTERNATE:
                    sc = max(7.5, lp + 3.0)
                else:
                    sc = lp + (1.0 if pop >= 1_000_000 else 0.0)
                    if pop >= 50_000 and cc in admin_cc:  # "Kandahar": the city, not the province
                        sc += 2.5
            if k == _K_ALIAS:
                sc += 3.0
            elif k == _K_ALTERNATE:
                sc -= 2.0
            if focus and cc:
                sc += 4.5 * focus.get(cc, 0.0)
            out.append((e, k, sc))
        out.sort(key=lambda t: (-t[2], -s.pop[t[0]], t[0]))
        return out


def _norm_focus(focus: Mapping[str, float] | None) -> dict[str, float] | None:
    if not focus:
        return None
    top = max((float(v) for v in focus.values()), default=0.0)
    if top <= 0:
        return None
    return {str(k).upper(): max(0.0, float(v)) / top for k, v in focus.items()}
