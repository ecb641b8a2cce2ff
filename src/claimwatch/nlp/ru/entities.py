"""Russian entities: natasha's NER spans, the Russian alias table and quoted names, grouped into
one canonical entity per real-world thing, named in the nominative.

Inflected mentions ("по словам Бортникова") become the entity of the full nominative name
("Александр Бортников"): persons by surname, places by the place they resolve to, organisations
and armed groups by the alias table (whose ids and English names are those of the English tables,
so the ledger links "ИГИЛ" and "Islamic State" as one entity).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from typing import Any

from claimwatch.nlp.ru import places
from claimwatch.nlp.ru.analysis import Analysis, NerSpan, Tok, lemma
from claimwatch.nlp.ru.lexicon import aliases, lemma_set, lexicon

_TYPES = {"PER": "person", "LOC": "location", "ORG": "organization"}
_GEN_QUALIFIER = {"Gen"}
_NOT_ROLES = frozenset(
    ("слово", "данные", "данный", "информация", "мнение", "сообщение", "оценка", "сведение", "версия")
)


@dataclass
class RuEntity:
    key: str
    type: str
    names: Counter[str] = field(default_factory=Counter)  # candidate canonical names
    fixed_name: str | None = None
    aliases: list[str] = field(default_factory=list)
    mentions: list[tuple[int, int]] = field(default_factory=list)
    known_id: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    role: str | None = None
    role_lemmas: set[str] = field(default_factory=set)
    base_id: str | None = None  # the alias entry a qualified institution ("МИД Италии") is of
    direction: str | None = None  # the English records' fields, so one converter serves both
    feature: str | None = None

    @property
    def name(self) -> str:
        if self.fixed_name:
            return self.fixed_name
        if self.type == "person":
            return max(self.names, key=lambda n: (len(n.split()), self.names[n], -len(n)))
        return max(self.names, key=lambda n: (self.names[n], -len(n)))

    def add_alias(self, *forms: str) -> None:
        for f in forms:
            f = f.strip()
            if f and f not in self.aliases:
                self.aliases.append(f)


@dataclass
class Mention:
    start: int
    end: int
    text: str
    kind: str  # "alias" | "PER" | "LOC" | "ORG" | "name"
    normal: str
    entry: dict[str, Any] | None = None
    qualifier: str | None = None  # surface of the country qualifying an institution
    qualifier_key: str | None = None
    reference: bool = False  # a lower-case common noun naming an entity already introduced
    etype: str | None = None
    alias_of: Mention | None = None  # 'Франсуа Мулен (François Molins)': the parenthesis names the same


@cache
def _english_names() -> dict[str, str]:
    """id -> English canonical name, read from the English tables (read-only)."""
    out: dict[str, str] = {}
    for name in ("armed_groups.json", "organizations.json"):
        data = json.loads(files("claimwatch").joinpath("resources", name).read_text(encoding="utf-8"))
        for g in data.get("groups", []):
            out[g["id"]] = g["name"]
    return out


@cache
def _alias_index() -> tuple[
    dict[str, list[tuple[tuple[str, ...], dict[str, Any], bool]]],
    dict[str, list[tuple[tuple[str, ...], dict[str, Any]]]],
]:
    """First lemma -> [(lemma tuple, entry, is reference)], first surface -> [(surfaces, entry)]."""
    by_lemma: dict[str, list[tuple[tuple[str, ...], dict[str, Any], bool]]] = {}
    by_surface: dict[str, list[tuple[tuple[str, ...], dict[str, Any]]]] = {}
    for e in aliases()["entries"]:
        for form in [e["name"], *e.get("forms", [])]:
            words = tuple(lemma(w) for w in _words(form))
            if words:
                by_lemma.setdefault(words[0], []).append((words, e, form[:1].islower()))
        for ab in e.get("abbr", []):
            words = tuple(_words(ab))
            by_surface.setdefault(words[0], []).append((words, e))
            if len(words) == 1 and lemma(ab) != ab.lower():
                by_lemma.setdefault(lemma(ab), []).append(((lemma(ab),), e, False))
    for v in by_lemma.values():
        v.sort(key=lambda x: -len(x[0]))
    for w in by_surface.values():
        w.sort(key=lambda x: -len(x[0]))
    return by_lemma, by_surface


def _words(s: str) -> list[str]:
    return re.findall(r"[\w’'-]+", s)


def _word_toks(an: Analysis, a: int, b: int) -> list[Tok]:
    return [t for t in an.toks[a:b] if t.pos != "PUNCT"]


def _alias_mentions(an: Analysis) -> list[Mention]:
    by_lemma, by_surface = _alias_index()
    toks = an.toks
    out: list[Mention] = []
    i = 0
    while i < len(toks):
        t = toks[i]
        hit: tuple[int, dict[str, Any], bool] | None = None
        inflected = re.match(r"^([А-ЯЁ]{2,})(а|у|ом|е|ы|ов|ам|ами|ах)$", t.text)
        for words, entry in by_surface.get(t.text, []) + (by_surface.get(inflected.group(1), []) if inflected else []):
            n = len(words)
            surf = tuple(x.text for x in toks[i : i + n])
            if surf == words or (inflected and n == 1):
                hit = (n, entry, False)
                break
        for words, entry, ref in by_lemma.get(t.lemma, []):
            n = len(words)
            if (hit is None or n > hit[0]) and tuple(x.lemma for x in toks[i : i + n]) == words:
                if not ref and words[0] == t.lemma and not (t.text[:1].isupper() or not t.text[:1].isalpha()):
                    continue  # "исламское государство" in lower case is a common phrase
                hit = (n, entry, ref)
                break
        if hit is None:
            i += 1
            continue
        n, entry, ref = hit
        end = i + n
        m = Mention(
            toks[i].start, toks[end - 1].end, an.text[toks[i].start : toks[end - 1].end], "alias", entry["name"], entry
        )
        m.reference = ref and t.text[:1].islower()
        if entry.get("qualifiable"):
            end = _qualify(an, m, end)
        out.append(m)
        i = end
    return out


def _qualify(an: Analysis, m: Mention, end: int) -> int:
    """'МИД Италии', 'Посольство РФ в Сирии': a country in the genitive (and a host after 'в')."""
    toks = an.toks
    if end >= len(toks):
        return end
    q = toks[end]
    if not (q.text[:1].isupper() and (q.case in _GEN_QUALIFIER or q.text.isupper())):
        return end
    place = places.resolve(_nominative(an, [q]))
    if place is None:
        return end
    last = end
    if end + 2 < len(toks) and toks[end + 1].text == "в" and toks[end + 2].text[:1].isupper():
        host = places.resolve(_nominative(an, [toks[end + 2]]))
        if host is not None and m.entry and m.entry.get("id") == "embassy":
            last = end + 2
    m.qualifier = an.text[q.start : toks[last].end]
    m.qualifier_key = place.key + (":" + an.text[toks[last].start : toks[last].end] if last > end else "")
    m.end = toks[last].end
    m.text = an.text[m.start : m.end]
    m.reference = False
    return last + 1


def _genitive(word: str) -> str:
    """'Россия' -> 'России' (pymorphy3), the word itself when it does not inflect."""
    from claimwatch.nlp.ru.analysis import morph

    p = morph().parse(word)[0]
    g = p.inflect({"gent"})
    if g is None or p.tag.POS != "NOUN":
        return word
    out = str(g.word)
    return out[:1].upper() + out[1:] if word[:1].isupper() else out


def _qualified_name(base: str, qualifier: str, code: str) -> str:
    """'Министерство иностранных дел' + 'РФ' -> 'Министерство иностранных дел России'."""
    short = _short_country_names().get(code)
    head, _, host = qualifier.partition(" в ")
    country = _genitive(short) if short and len(short.split()) == 1 else head
    return f"{base} {country}" + (f" в {host}" if host else "")


def _nominative(an: Analysis, toks: list[Tok]) -> str:
    """The nominative of a short name: natasha's normal form if a span covers it, else lemmas."""
    for s in an.spans:
        if s.start == toks[0].start and s.end == toks[-1].end:
            return s.normal
    return " ".join(t.lemma.capitalize() if t.text[:1].isupper() else t.lemma for t in toks)


def _clean_span(an: Analysis, s: NerSpan) -> list[Mention]:
    """Split 'Исламского государства (ИГ)', trim 'Telegram-канале', drop non-names."""
    out: list[Mention] = []
    text, start = s.text, s.start
    paren = re.search(r"\s*\(([^()]*)\)?\s*$", text)
    if paren and paren.start() > 0:
        inner = paren.group(1).strip()
        if inner and re.search(r"\w", inner):
            istart = start + text.index(inner, paren.start())
            out.append(Mention(istart, istart + len(inner), inner, s.type, inner))
        text = text[: paren.start()]
        normal_base = re.sub(r"\s*\(.*$", "", s.normal).strip()
    m = re.match(r"^([A-Za-z0-9][\w.]*)-(?:канал|телеканал|аккаунт|блог|страниц)\w*$", text)
    if m:
        text = m.group(1)
    if not text.strip():
        return out
    first = an.tok_at(start)
    toks = [t for t in an.toks if start <= t.start and t.end <= start + len(text)]
    if not toks or first is None:
        return out
    if s.type == "PER" and len(toks) == 1 and toks[0].pos != "PROPN":
        return out
    if len(toks) == 1 and toks[0].lemma in lemma_set("not_entities"):
        return out
    if len(text) == len(s.text):
        normal = s.normal
    elif paren and paren.start() > 0:
        normal = normal_base or text
    else:
        normal = _nominative(an, toks)
    if m:
        normal = text
    if normal.isupper() and len(normal) > 4 and s.type != "ORG":
        normal = normal.title()  # a dateline 'МОСКВА' is Москва
    main = Mention(start, start + len(text), text, s.type, normal)
    for o in out:
        o.alias_of = main
    out.insert(0, main)
    return out


def _quoted_names(an: Analysis, taken: list[tuple[int, int]]) -> list[Mention]:
    """«Хасия» after 'промышленной зоне', «Коммерсантъ» after 'газета': a name in quotation marks."""
    nouns: dict[str, str] = lexicon()["name_nouns"]
    out = []
    for m in re.finditer(r"«([^«»]{1,40})»", an.text):
        inner = m.group(1)
        if not inner[:1].isupper() or len(inner.split()) > 4:
            continue
        if any(a <= m.start(1) < b for a, b in taken):
            continue
        i = an.tok_at(m.start())
        if i is None:
            continue
        if an.text[max(0, m.start() - 3) : m.start()].rstrip().endswith(":"):
            continue  # 'цитирует агентство Рейтер: «...»' is a quote
        prev = [t for t in an.toks[max(0, i - 3) : i] if t.pos != "PUNCT" and t.text not in ("о", "об", "в", "на")]
        etype = next((nouns[t.lemma] for t in reversed(prev[-2:]) if t.lemma in nouns), None)
        if etype is None:
            continue
        toks = [t for t in an.toks if m.start(1) <= t.start and t.end <= m.end(1)]
        normal = inner if len(toks) != 1 or toks[0].case in (None, "Nom") else toks[0].lemma.capitalize()
        out.append(Mention(m.start(1), m.end(1), inner, "name", normal, etype=etype))
    return out


def _place_noun(an: Analysis, mention: Mention) -> None:
    """'на улице Монсиньи' -> 'улица Монсиньи': a street or park noun before a place name."""
    i = an.tok_at(mention.start)
    if i is None or i == 0:
        return
    prev = an.toks[i - 1]
    if prev.lemma in lemma_set("place_nouns") and prev.lemma not in ("город", "область", "район", "провинция"):
        mention.start = prev.start
        mention.text = an.text[prev.start : mention.end]
        rest = mention.normal.split(" ", 1)[-1] if mention.normal.lower().startswith(prev.lemma[:4]) else mention.normal
        mention.normal = f"{prev.lemma} {rest}"


def find_mentions(an: Analysis) -> list[Mention]:
    """Every entity mention, alias-table matches first (they win over an overlapping NER span)."""
    found = _alias_mentions(an)
    taken = [(m.start, m.end) for m in found]
    for s in an.spans:
        for m in _clean_span(an, s):
            if any(a < m.end and m.start < b for a, b in taken):
                continue
            if m.kind == "LOC":
                _place_noun(an, m)
            found.append(m)
            taken.append((m.start, m.end))
    found.extend(_quoted_names(an, taken))
    found.sort(key=lambda m: m.start)
    for m1, m2 in zip(found, found[1:], strict=False):
        between = an.text[m1.end : m2.start]
        paren = re.fullmatch(r"\s*\(\s*", between) and an.text[m2.end : m2.end + 1] == ")"
        if paren and m2.alias_of is None and m1.alias_of is None and m2.kind in (m1.kind, "alias"):
            m2.alias_of = m1
    return found


class EntityIndex:
    """The document's canonical entities and which one each mention belongs to."""

    def __init__(self) -> None:
        self.entities: dict[str, RuEntity] = {}
        self.by_mention: list[tuple[int, int, str]] = []

    def ordered(self) -> list[RuEntity]:
        return sorted(self.entities.values(), key=lambda e: min(e.mentions) if e.mentions else (10**9, 0))

    def at(self, start: int, end: int) -> RuEntity | None:
        """The entity with a mention overlapping [start, end), preferring the longest mention."""
        best = None
        for a, b, k in self.by_mention:
            if a < end and start < b and (best is None or b - a > best[1] - best[0]):
                best = (a, b, k)
        return self.entities[best[2]] if best else None

    def by_mention_entities(self) -> list[tuple[int, int, RuEntity]]:
        return [(a, b, self.entities[k]) for a, b, k in self.by_mention]

    def in_range(self, start: int, end: int) -> list[tuple[int, int, RuEntity]]:
        return [(a, b, self.entities[k]) for a, b, k in self.by_mention if start <= a and b <= end]


def build_index(an: Analysis) -> EntityIndex:
    """Group the mentions into canonical entities."""
    index = EntityIndex()
    eng = _english_names()
    last_by_base: dict[str, str] = {}
    pending_persons: list[Mention] = []
    parenthesised: list[Mention] = []
    for m in find_mentions(an):
        key: str | None = None
        if m.alias_of is not None:
            parenthesised.append(m)
            continue
        if m.kind == "alias" and m.entry:
            e = m.entry
            if m.qualifier_key:
                key = f"alias:{e['id']}:{m.qualifier_key}"
            elif e.get("qualifiable") or m.reference:
                key = last_by_base.get(e["id"])
                if key is None and m.reference:
                    continue
                key = key or f"alias:{e['id']}"
            else:
                key = f"alias:{e['id']}"
            rec = index.entities.get(key)
            if rec is None:
                rec = RuEntity(key=key, type=e["type"], country=e.get("country"), base_id=e["id"])
                if m.qualifier_key:
                    q_place = m.qualifier_key.split(":")[0]
                    if re.fullmatch(r"[A-Z]{2}", q_place):
                        rec.country = q_place
                    rec.fixed_name = _qualified_name(e["name"], m.qualifier or "", q_place)
                    if q_place == "RU" and e.get("russia_id"):
                        rec.known_id = e["russia_id"]
                        rec.add_alias(eng.get(e["russia_id"], ""))
                else:
                    rec.fixed_name = e["name"]
                    rec.known_id = e["id"] if e["id"] in eng or not e.get("qualifiable") else None
                    rec.add_alias(*e.get("english", []))
                    if rec.known_id in eng:
                        rec.add_alias(eng[rec.known_id])
                if e["type"] == "location" or e["id"] == "kremlin":
                    p = places.resolve(e["name"])
                    if p:
                        rec.lat, rec.lon = p.lat, p.lon
                index.entities[key] = rec
            last_by_base[e["id"]] = key
            _add(index, rec, m)
            continue
        if m.kind == "PER":
            pending_persons.append(m)
            continue
        etype = _TYPES.get(m.kind) or m.etype or "organization"
        if m.kind == "LOC" or etype == "location":
            place = places.resolve(m.normal)
            key = f"place:{place.key}" if place else f"loc:{_lemma_key(m.normal)}"
            rec = index.entities.get(key)
            if rec is None:
                rec = RuEntity(key=key, type="location")
                if place:
                    rec.country, rec.lat, rec.lon = place.country, place.lat, place.lon
                    rec.add_alias(place.english)
                index.entities[key] = rec
        else:
            key = f"org:{_lemma_key(m.normal)}"
            rec = index.entities.setdefault(key, RuEntity(key=key, type=etype))
        rec.names[m.normal] += 1
        _add(index, rec, m)
    _persons(an, index, pending_persons)
    for m in parenthesised:
        main = m.alias_of
        host = next((k for a, b, k in index.by_mention if main and (a, b) == (main.start, main.end)), None)
        if host is not None:
            _add(index, index.entities[host], m)
    _country_names(index)
    _single_word_places(index)
    _surname_mentions(an, index)
    index.by_mention.sort()
    return index


def _lemma_key(name: str) -> str:
    """'Радикальной партии' and 'Радикальная партия' are one name: compare word lemmas."""
    return " ".join(lemma(w) for w in _words(name)) or name.lower()


def _add(index: EntityIndex, rec: RuEntity, m: Mention) -> None:
    rec.mentions.append((m.start, m.end))
    rec.add_alias(m.text) if m.qualifier else rec.add_alias(m.text, m.normal)
    index.by_mention.append((m.start, m.end, rec.key))


def _surname(name: str) -> str:
    w = name.split()[-1].lower().replace("ё", "е")
    return w


def _persons(an: Analysis, index: EntityIndex, mentions: list[Mention]) -> None:
    """Persons by surname: 'Путин' and 'Владимира Путина' are one person, named in full."""
    full = [m for m in mentions if len(m.normal.split()) > 1]
    by_surname: dict[str, str] = {}
    for m in full + [m for m in mentions if len(m.normal.split()) == 1]:
        words = m.normal.split()
        sur = _surname(m.normal)
        key = by_surname.get(sur) or (by_surname.get(lemma(sur)) if len(words) == 1 else None)
        if key is not None and len(words) > 1:
            firsts = {n.split()[0].lower() for n in index.entities[key].names if len(n.split()) > 1}
            if (
                firsts
                and words[0].lower() not in firsts
                and not any(f.startswith(words[0].lower()[:3]) for f in firsts)
            ):
                key = None  # 'Галина Рослякова' is not 'Владислав Росляков'
                sur = f"{sur}:{words[0].lower()}"
        if key is None and len(words) == 1:
            same_first = [
                k for k, e in index.entities.items() if e.type == "person" and e.name.split()[0].lower() == sur
            ]
            if len(same_first) == 1:
                key = same_first[0]
        if key is None:
            key = f"person:{sur}"
            index.entities[key] = RuEntity(key=key, type="person")
            by_surname.setdefault(sur, key)
            by_surname.setdefault(lemma(sur), key)
        rec = index.entities[key]
        nominative = all(
            (t.case in (None, "Nom")) for t in an.toks if m.start <= t.start and t.end <= m.end and t.pos != "PUNCT"
        )
        if nominative and len(words) > 1:
            rec.names[m.text] += 2
        rec.names[m.normal] += 1
        if rec.role is None:
            _role(an, rec, m)
        _add(index, rec, m)


def _role(an: Analysis, rec: RuEntity, m: Mention) -> None:
    """'пресс-атташе посольства Сергея Маркова': the lower-case nouns before a name are its role."""
    i = an.tok_at(m.start)
    if i is None:
        return
    j = i
    while j > 0 and i - j < 5:
        t = an.toks[j - 1]
        if t.sent != an.toks[i].sent or t.pos not in ("NOUN", "ADJ", "PROPN"):
            break
        j -= 1
    while j < i and an.toks[j].pos != "NOUN" and an.toks[j].pos != "ADJ":
        j += 1
    while j < i and an.toks[j].lemma in _NOT_ROLES:
        j += 1
    if j < i and any(t.pos == "NOUN" for t in an.toks[j:i]):
        rec.role = an.text[an.toks[j].start : an.toks[i - 1].end]
        rec.role_lemmas = {t.lemma for t in an.toks[j:i] if t.pos == "NOUN"}


@cache
def _short_country_names() -> dict[str, str]:
    out: dict[str, str] = {}
    for ru, cc in aliases().get("countries", {}).items():
        if ru != "_note":
            out.setdefault(cc, ru)
    return out


def _country_names(index: EntityIndex) -> None:
    """A country is named by its usual short name ('Россия' for 'РФ', 'Российской Федерации')."""
    short = _short_country_names()
    for e in index.entities.values():
        cc = e.key.removeprefix("place:")
        if e.type == "location" and cc in short and not e.fixed_name:
            e.fixed_name = short[cc]
            e.add_alias(*e.names)


def _surname_mentions(an: Analysis, index: EntityIndex) -> None:
    """'Гутерреша цитирует ...': a surname the NER missed in one place is still that person."""
    surnames: dict[str, RuEntity] = {}
    for e in index.entities.values():
        if e.type == "person" and len(e.name.split()) > 1:
            surnames.setdefault(e.name.split()[-1], e)
    covered = [(a, b) for a, b, _k in index.by_mention]
    for t in an.toks:
        if t.pos != "PROPN" or any(a <= t.start < b for a, b in covered):
            continue
        for sur, e in surnames.items():
            if t.text.startswith(sur) and len(t.text) - len(sur) <= 3 and lemma(t.text) == lemma(sur):
                e.mentions.append((t.start, t.end))
                e.add_alias(t.text)
                index.by_mention.append((t.start, t.end, e.key))
                break
    index.by_mention.sort()


def _single_word_places(index: EntityIndex) -> None:
    """'Монсиньи' after 'улица Монсиньи': an unresolved one-word place inside a longer one merges."""
    locs = [e for e in index.entities.values() if e.type == "location"]
    for e in locs:
        if not e.key.startswith("loc:") or len(e.name.split()) != 1:
            continue
        host = next(
            (
                o
                for o in locs
                if o is not e and len(o.name.split()) > 1 and o.name.split()[-1].lower() == e.name.lower()
            ),
            None,
        )
        if host is None:
            continue
        host.mentions.extend(e.mentions)
        host.add_alias(*e.aliases)
        index.by_mention = [(a, b, host.key if k == e.key else k) for a, b, k in index.by_mention]
        del index.entities[e.key]
