"""Russian figures: digits with spaces and commas, '2 тыс.', '1,5 млн', number words in every case
('двух тысяч', 'полторы тысячи'), collective numerals ('трое'), ranges ('от 2,5 до 4 тыс.') and
qualifiers (более, свыше, около, не менее, до, несколько сотен, десятки) into the same intervals
and qualifiers as English. Dates, years, times, ages, ordinals and labels ('статья 205',
'4 курсе', 'канал 112') are not figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from claimwatch.nlp.ru.analysis import Analysis, Tok
from claimwatch.nlp.ru.lexicon import lemma_set, lexicon

_DIGITS = re.compile(r"^\d+(?:,\d+)?$")
_GROUP = re.compile(r"^\d{3}$")
_TIME = re.compile(r"^\d{1,2}[:.]\d{2}$")
_RANGE = re.compile(r"^(\d+(?:,\d+)?)[-–—](\d+(?:,\d+)?)$")


@dataclass
class Figure:
    """A figure found at tokens [first, last), with its interval and qualifier."""

    first: int
    last: int
    low: float | None
    high: float | None
    qualifier: str
    number_text: str


def _num(s: str) -> float:
    return float(s.replace(",", "."))


def _clean(v: float | None) -> int | float | None:
    if v is None:
        return None
    return int(v) if float(v).is_integer() else round(v, 6)


def _word_value(t: Tok) -> float | None:
    cards: dict[str, float] = lexicon()["cardinals"]
    if t.lemma in cards and (t.pos in ("NUM", "DET", "ADJ", "PRON", "NOUN") or t.lemma in ("один", "одна")):
        if t.lemma in ("десяток", "дюжина", "сотня", "тысяча", "миллион") and t.feats.get("Number") == "Plur":
            return None
        return float(cards[t.lemma])
    return None


def _multiplier(t: Tok) -> float | None:
    mult: dict[str, float] = lexicon()["multipliers"]
    return (
        float(mult[t.lemma]) if t.lemma in mult else (float(mult[t.text.lower()]) if t.text.lower() in mult else None)
    )


def _value(toks: list[Tok], i: int) -> tuple[float, int] | None:
    """The value of the number starting at token i and the index after it."""
    t = toks[i]
    j = i + 1
    if _DIGITS.match(t.text):
        text = t.text
        while j < len(toks) and _GROUP.match(toks[j].text) and toks[j].start == toks[j - 1].end + 1 and "," not in text:
            text += toks[j].text
            j += 1
        value = _num(text)
    else:
        w = _word_value(t)
        if w is None:
            return None
        value = w
        # "двадцать пять", "двести тридцать"
        while j < len(toks):
            nxt = _word_value(toks[j])
            if nxt is None or nxt >= value or nxt >= 1000 or value < 20 or value % 10:
                break
            if value >= 100 and nxt >= 100:
                break
            value += nxt
            j += 1
    if j < len(toks):
        m = _multiplier(toks[j])
        if m is not None:
            value *= m
            j += 1
            if j < len(toks) and toks[j].text == "." and toks[j - 1].text.lower() in ("тыс", "млн", "млрд"):
                j += 1
    return value, j


def _skip(toks: list[Tok], i: int, j: int, value: float) -> bool:
    """Dates, years, times, ages, durations, ordinals and labels are not figures."""
    t = toks[i]
    months = lemma_set("months")
    prev = toks[i - 1] if i > 0 else None
    nxt = toks[j] if j < len(toks) else None
    if t.text[:1].isdigit() and t.pos == "ADJ" and j < len(toks) and toks[j].feats.get("Number") == "Sing":
        return True  # an ordinal written in digits
    if _TIME.match(t.text) or (re.search(r"\d-\w", t.text) and not _RANGE.match(t.text)):
        return True
    if nxt is not None and (nxt.lemma in months or nxt.lemma in ("год", "гг")):
        return True
    if prev is not None and prev.lemma in months:
        return True
    if t.text.isdigit() and 1800 <= value <= 2100 and len(t.text) == 4:
        return True
    if prev is not None and prev.lemma in ("ни",):
        return True
    if nxt is not None and nxt.text == "из" and t.text.isalpha():
        return True  # "один из лидеров"
    if (
        prev is not None
        and t.text[:1].isdigit()
        and (prev.lemma in lemma_set("label_nouns") or _is_name(prev, toks, i - 1))
    ):
        return True
    head = _head_noun(toks, j)
    if head is not None:
        h = toks[head]
        if h.lemma in lemma_set("time_nouns") and h.lemma not in lemma_set("measure_nouns"):
            return True
        if h.lemma in lemma_set("label_nouns") and h.feats.get("Number") == "Sing" and t.text[:1].isdigit():
            v = int(value) if value.is_integer() else 0
            one = v % 10 == 1 and v % 100 != 11
            few = v % 10 in (2, 3, 4) and v % 100 not in (12, 13, 14) and h.case == "Gen"
            if not (one or few):
                return True  # '4 курсе', '12 калибра': a number naming, not counting
    elif t.text[:1].isdigit():
        # 'ещё около 40 получили ранения': the noun elided before a verb; else a list item, a label
        if nxt is None or nxt.pos not in ("VERB", "AUX"):
            return True
        return not (nxt.feats.get("VerbForm") == "Fin" or nxt.feats.get("Variant") == "Short")
    return False


def _is_name(t: Tok, toks: list[Tok], k: int) -> bool:
    """'Pier 39', 'Boeing 737': a number right after a name is part of it."""
    if not t.text[:1].isalpha() or not t.text[:1].isupper():
        return False
    if re.match(r"[A-Za-z]", t.text):
        return True
    return k > 0 and toks[k - 1].sent == t.sent and toks[k - 1].text not in (".", "!", "?", "\n") and t.pos == "PROPN"


def _head_noun(toks: list[Tok], j: int) -> int | None:
    """The noun a figure counts: the first noun after it, skipping adjectives ('13 погибших' itself)."""
    k = j
    while k < len(toks) and toks[k].text.lower() in ("ещё", "еще", "всего", "лишь", "только"):
        k += 1
    first = k
    if k < len(toks) and toks[k].text == "%":
        return k
    while k < len(toks) and k - first < 4:
        t = toks[k]
        if t.pos in ("NOUN", "PROPN"):
            return k
        if t.feats.get("Variant") == "Short":
            break  # 'двое задержаны': a predicate, not what is counted
        if t.pos == "ADJ" or (t.pos == "VERB" and t.feats.get("VerbForm") == "Part"):
            k += 1
            continue
        break
    if k > first and toks[k - 1].pos in ("ADJ", "VERB"):
        return k - 1  # a substantivised adjective: 'погибших', 'раненых'
    return None


def counted_span(toks: list[Tok], j: int) -> tuple[int, int] | None:
    """[head noun, end) of what is counted: the head and a genitive or coordinated complement."""
    head = _head_noun(toks, j)
    if head is None:
        return None
    end = head + 1
    case = toks[head].case
    k = end
    while k < len(toks) and toks[k].pos == "ADJ" and k - end < 2:
        k += 1
    if k < len(toks) and toks[k].pos in ("NOUN", "PROPN") and toks[k].case == "Gen" and toks[k].sent == toks[head].sent:
        end = k + 1
    elif (
        k + 1 < len(toks)
        and toks[end].text == "и"
        and toks[end + 1].pos == "NOUN"
        and toks[end + 1].case == case
        and toks[end + 1].lemma not in lemma_set("vague")
        and toks[end + 1].lemma not in lexicon()["cardinals"]
    ):
        end = end + 2
    return head, end


def _qualifier_before(toks: list[Tok], i: int) -> tuple[str, int] | None:
    for words, qual in lexicon()["qualifiers_before"]:
        n = len(words)
        if i - n >= 0 and [t.text.lower() for t in toks[i - n : i]] == words:
            return qual, i - n
    return None


def _qualifier_after(toks: list[Tok], j: int) -> tuple[str, int] | None:
    for words, qual in lexicon()["qualifiers_after"]:
        n = len(words)
        if [t.text.lower() for t in toks[j : j + n]] == words:
            return qual, j + n
    return None


def find_figures(an: Analysis) -> list[Figure]:
    """Every figure of the text, left to right."""
    toks = an.toks
    out: list[Figure] = []
    vague = lemma_set("vague")
    plural_only = lemma_set("vague_plural_only")
    i = 0
    while i < len(toks):
        t = toks[i]
        rng = _RANGE.match(t.text)
        if rng:
            low, high = _num(rng.group(1)), _num(rng.group(2))
            j = i + 1
            m = _multiplier(toks[j]) if j < len(toks) else None
            if m:
                low, high, j = low * m, high * m, j + 1
                if j < len(toks) and toks[j].text == ".":
                    j += 1
            if low < high and not _skip(toks, i, j, high):
                out.append(Figure(i, j, low, high, "range", an.text[t.start : toks[j - 1].end]))
            i = j
            continue
        after_qualifier = i > 0 and (_qualifier_before(toks, i) is not None or _word_value(toks[i - 1]) is not None)
        round_noun = t.lemma in ("сотня", "тысяча", "десяток", "десятка", "миллион") and not after_qualifier
        if t.lemma in vague and (
            t.lemma not in plural_only or t.feats.get("Number") == "Plur" or t.lemma == "несколько" or round_noun
        ):
            if i > 0 and (_word_value(toks[i - 1]) is not None or _DIGITS.match(toks[i - 1].text)):
                i += 1
                continue
            j = i + 1
            if j < len(toks) and toks[j].lemma in plural_only:
                j += 1  # "несколько сотен", "несколько тысяч"
            if _head_noun(toks, j) is not None and not _skip(toks, i, j, 0.0):
                out.append(Figure(i, j, None, None, "vague", an.text[t.start : toks[j - 1].end]))
            i = j
            continue
        got = _value(toks, i)
        if got is None:
            i += 1
            continue
        value, j = got
        first, qual = i, "exact"
        bounds: list[float | None] = [value, value]
        # "от 2,5 до 4 тыс.": the lower end takes the upper end's multiplier
        if j + 1 < len(toks) and toks[j].text.lower() == "до" and i > 0 and toks[i - 1].text.lower() == "от":
            upper = _value(toks, j + 1)
            if upper is not None and not _skip(toks, j + 1, upper[1], upper[0]):
                hv, j2 = upper
                up_mult = next((m for t2 in toks[j + 1 : j2] if (m := _multiplier(t2)) is not None), None)
                low_mult = any(_multiplier(t2) is not None for t2 in toks[i:j])
                if up_mult and not low_mult and value * up_mult <= hv:
                    value *= up_mult
                out.append(Figure(i - 1, j2, value, hv, "range", an.text[toks[i - 1].start : toks[j2 - 1].end]))
                i = j2
                continue
        if (
            j + 1 < len(toks)
            and toks[j].text.lower() in ("и", "или", "-", "–", "—")
            and i > 0
            and toks[i - 1].text.lower() == "между"
        ):
            upper = _value(toks, j + 1)
            if upper is not None and upper[0] > value:
                out.append(
                    Figure(
                        i - 1, upper[1], value, upper[0], "range", an.text[toks[i - 1].start : toks[upper[1] - 1].end]
                    )
                )
                i = upper[1]
                continue
        if _skip(toks, i, j, value):
            i = j
            continue
        before = _qualifier_before(toks, i)
        if (
            before
            and before[0] == "at_most"
            and before[1] > 0
            and toks[before[1] - 1].lemma in lemma_set("change_verbs")
        ):
            before = None  # 'число погибших возросло до 15': the new figure, not an upper bound
        if before:
            qual, first = before
            if (
                qual == "at_most"
                and toks[first].text.lower() == "до"
                and first > 0
                and toks[first - 1].text.lower() == "от"
            ):
                qual = "at_most"
        after = _qualifier_after(toks, j)
        if after and qual == "exact":
            qual, j = after
        if qual in ("more_than", "at_least"):
            bounds[1] = None
        elif qual in ("less_than", "at_most"):
            bounds[0] = None
        out.append(Figure(first, j, bounds[0], bounds[1], qual, an.text[toks[first].start : toks[j - 1].end]))
        i = j
    for f in out:
        f.low, f.high = _clean(f.low), _clean(f.high)
    return out
