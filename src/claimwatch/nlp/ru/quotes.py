"""Russian quotations and reported speech, with speakers resolved to canonical entities.

Direct quotes are the words inside « », „ “, “ ” or " ". Reported speech hangs on a reporting
verb ('заявил, что ...', '..., отметил Аксёнов', 'подтвердило факт ...', 'сообщили о ...') or a
phrase ('по словам X', 'по данным X', 'как сообщает X'). The speaker is the verb's subject in
natasha's dependency parse, resolved to an entity: a name in any case ('по словам Бортникова'), a
role noun naming someone introduced earlier ('подчеркнул пресс-атташе'), an institution noun
('сообщило министерство'), or a pronoun (the previous speaker). A relay ('сообщает ТАСС со ссылкой
на X') gives the speaker X via the outlet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from claimwatch.nlp.ru.analysis import Analysis, Tok
from claimwatch.nlp.ru.claims import RuClaim
from claimwatch.nlp.ru.entities import EntityIndex, RuEntity
from claimwatch.nlp.ru.lexicon import lemma_set, lexicon

_OPEN_CLOSE = {"«": "»", "„": "“", "“": "”", '"': '"'}
_SPEAKER_TYPES = ("person", "organization", "armed_group")
_BOUNDARY = re.compile(r"(?:,\s*(?:однако|но|а|где|хотя|поскольку|так как)\s|\s[—–]\s(?=(?:он|она|они|мы|я)\s))")
MIN_WORDS = 2


@dataclass
class RuQuote:
    text: str
    kind: str
    cue: str | None
    start: int
    end: int
    speaker: str | None = None
    speaker_key: str | None = None
    via: str | None = None
    sent: int = 0
    cue_i: int | None = None  # the reporting verb's token (direct quotes)


@dataclass
class _Who:
    entity: RuEntity | None
    pronoun: bool = False
    via: RuEntity | None = None
    informative: bool = True  # False when nothing in the text says who it is
    at: int = -1  # where the speaker is named (for a pronoun: where the pronoun is)


class _Ctx:
    def __init__(self, an: Analysis, index: EntityIndex, skip: list[tuple[int, int]]) -> None:
        self.an = an
        self.index = index
        self.skip = skip
        self.children: dict[int, list[int]] = {}
        for t in an.toks:
            if t.head >= 0:
                self.children.setdefault(t.head, []).append(t.i)
        self.verbs = lemma_set("speech_verbs")

    def skipped(self, offset: int) -> bool:
        return any(a <= offset < b for a, b in self.skip)

    def subtree(self, i: int, limit: int = 12) -> list[int]:
        out: list[int] = []
        todo = [i]
        while todo and len(out) < limit:
            k = todo.pop()
            out.append(k)
            todo.extend(
                c
                for c in self.children.get(k, [])
                if self.an.toks[c].rel not in ("punct", "parataxis", "ccomp", "conj", "acl:relcl")
            )
        return sorted(out)

    def is_cue(self, t: Tok) -> bool:
        if t.lemma not in self.verbs or t.pos not in ("VERB", "AUX"):
            return False
        prev = self.an.toks[t.i - 1] if t.i > 0 else None
        return not (prev is not None and prev.text.lower() == "не")


# -- speakers -------------------------------------------------------------------------------


def _entity_in(ctx: _Ctx, toks: list[int], head: int | None = None) -> RuEntity | None:
    """The speaker among the entities of these tokens: a person first, else the last organisation.

    Under a common-noun head a person in the genitive is a possessor ('Знакомый Джеймсона'), not
    the speaker.
    """
    if not toks:
        return None
    an = ctx.an
    a, b = an.toks[toks[0]].start, an.toks[toks[-1]].end
    found = [(s, e) for s, _e, e in ctx.index.in_range(a, b) if e.type in _SPEAKER_TYPES]
    if head is None or an.toks[head].pos != "PROPN":
        found = [(s, e) for s, e in found if not (e.type == "person" and _possessor(an, an.tok_at(s)))]
    found += [(s, e) for s, e2, e in ctx.index.by_mention_entities() if s < a < e2 and e.type in _SPEAKER_TYPES]
    persons = [e for _s, e in found if e.type == "person"]
    if persons:
        return persons[0]
    orgs = sorted(found, key=lambda x: x[0])
    return orgs[-1][1] if orgs else None


def _possessor(an: Analysis, k: int | None) -> bool:
    """'Знакомый Джеймсона', 'отец Азимова': a person depending on a common noun is not its speaker."""
    if k is None or k == 0 or an.toks[k - 1].pos != "NOUN":
        return False
    t = an.toks[k]
    return t.rel == "nmod" or (t.case == "Gen" and t.rel not in ("appos", "flat:name"))


def _named(ctx: _Ctx, t: Tok) -> RuEntity | None:
    """A name the NER missed here but found elsewhere in the text ('Baza приводит ...')."""
    if not t.text[:1].isupper():
        return None
    for e in ctx.index.entities.values():
        if e.type in _SPEAKER_TYPES and (t.text in e.aliases or t.text == e.name):
            return e
    for e in ctx.index.entities.values():  # 'Гутерреша' for Антониу Гутерреш
        surname = e.name.split()[-1]
        if e.type == "person" and t.text.startswith(surname) and len(t.text) - len(surname) <= 3:
            return e
    return None


def _by_noun(ctx: _Ctx, t: Tok) -> RuEntity | None:
    """'пресс-атташе', 'министерство': a common noun naming an entity introduced before."""
    best: tuple[int, RuEntity] | None = None
    for e in ctx.index.entities.values():
        first = min(e.mentions)[0] if e.mentions else 10**9
        if first >= t.start:
            continue
        hit = t.lemma in e.role_lemmas or (e.type != "person" and e.name.split()[0].lower() == t.lemma)
        if hit:
            last = max(s for s, _ in e.mentions if s < t.start)
            if best is None or last > best[0]:
                best = (last, e)
    return best[1] if best else None


def _who(ctx: _Ctx, i: int) -> _Who:
    """Who the token at i (a subject, or the noun after 'по словам') stands for."""
    an = ctx.an
    t = an.toks[i]
    if t.lemma in lemma_set("pronouns") or t.text.lower() in ("его", "её", "ее", "их"):
        return _Who(None, pronoun=True, at=t.start)
    sub = ctx.subtree(i)
    ent = ctx.index.at(t.start, t.end) or _entity_in(ctx, sub, head=i) or _named(ctx, t)
    if t.lemma in lemma_set("unspecific_speakers") and (ent is None or ent.type != "person"):
        return _Who(None, at=t.start, via=ent)  # 'источник РИА Новости': nobody named, via the outlet
    if ent is not None and ent.type in _SPEAKER_TYPES:
        return _Who(ent, at=t.start)
    if t.pos in ("NOUN", "ADJ") and t.lemma not in lemma_set("unspecific_speakers"):
        return _Who(_by_noun(ctx, t), at=t.start)
    return _Who(None, at=t.start)


def _subject(ctx: _Ctx, cue: int) -> int | None:
    """The subject token of a reporting verb (through a gerund or a coordinated verb to its head)."""
    an = ctx.an
    k, seen = cue, set()
    while k >= 0 and k not in seen:
        seen.add(k)
        for c in ctx.children.get(k, []):
            if an.toks[c].rel in ("nsubj", "nsubj:pass"):
                return c
        t = an.toks[k]
        if t.feats.get("VerbForm") == "Conv" or t.rel in ("conj", "xcomp", "advcl"):
            k = t.head
            continue
        break
    return None


def _cue_speaker(ctx: _Ctx, cue: int, content: tuple[int, int] | None) -> _Who:
    an = ctx.an
    subj = _subject(ctx, cue)
    if an.toks[cue].lemma in ("цитировать", "процитировать"):  # 'Гутерреша цитирует агентство Рейтер'
        quoted = [c for c in ctx.children.get(cue, []) if an.toks[c].rel == "obj"]
        who = _who(ctx, quoted[0]) if quoted else _Who(None)
        if who.entity is not None and who.entity.type == "person":
            return _Who(who.entity, at=who.at, via=_who(ctx, subj).entity if subj is not None else None)
    if subj is not None:
        who = _who(ctx, subj)
        relay = _relay(ctx, cue)
        if relay is not None:
            return _Who(relay.entity, relay.pronoun, via=who.entity)
        return who
    # no subject in the parse: 'В заявлении МВД говорится', 'В СК РФ подтвердили', '..., сообщило МВД'
    a, b = an.sents[an.toks[cue].sent]
    statement = next((k for k in range(a, cue) if an.toks[k].lemma in lemma_set("statement_nouns")), None)
    if statement is not None:
        after_noun = [k for k in range(statement + 1, min(cue, statement + 5)) if an.toks[k].pos != "PUNCT"]
        stop = next((k for k in range(statement + 1, cue) if an.toks[k].pos == "PUNCT"), cue)
        ent = _entity_in(ctx, [k for k in after_noun if k < stop])
        return _Who(ent, at=an.toks[statement].start) if ent else _Who(None, pronoun=True, at=an.toks[statement].start)
    lo, hi = content if content else (-1, -1)
    near = [k for k in range(a, b) if not (lo <= an.toks[k].start < hi)]
    after = [k for k in near if k > cue][:6]
    before = [k for k in near if k < cue][-6:]
    ent = _entity_in(ctx, after) or _entity_in(ctx, before)
    return _Who(ent)


def _relay(ctx: _Ctx, cue: int) -> _Who | None:
    """'сообщает ТАСС со ссылкой на X': X is the speaker."""
    an = ctx.an
    a, b = an.sents[an.toks[cue].sent]
    for k in range(cue, min(b, cue + 8)):
        if an.toks[k].lemma == "ссылка" and k + 1 < b and an.toks[k + 1].text == "на":
            toks = list(range(k + 2, min(b, k + 8)))
            stop = next((j for j in toks if an.toks[j].pos == "PUNCT"), None)
            toks = [j for j in toks if stop is None or j < stop]
            return _Who(_entity_in(ctx, toks))
    return None


# -- direct quotes --------------------------------------------------------------------------


def _direct_spans(text: str) -> list[tuple[int, int]]:
    """[start, end) of the words inside quotation marks (the outermost pair)."""
    out = []
    i = 0
    while i < len(text):
        ch = text[i]
        close = _OPEN_CLOSE.get(ch)
        if close is None:
            i += 1
            continue
        if ch == '"' and i > 0 and text[i - 1].isalnum():
            i += 1
            continue
        depth, j = 1, i + 1
        while j < len(text) and text[j] != "\n":
            if text[j] == close and (close != '"' or depth == 1):
                depth -= 1
                if depth == 0:
                    break
            elif text[j] == ch and ch != '"':
                depth += 1
            j += 1
        if j < len(text) and depth == 0 and j > i + 1:
            out.append((i + 1, j))
            i = j + 1
        else:
            i += 1
    return out


def _strip_marks(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a] in " '\"«„“":
        a += 1
    while b > a and text[b - 1] in " '\"»“”.":
        b -= 1
    return a, b


def _interjection(ctx: _Ctx, a: int, b: int) -> tuple[int, int, int] | None:
    """'«..., — сказал Песков. — ...»': the reporting clause inside one pair of marks."""
    text = ctx.an.text
    for m in re.finditer(r"[,.!?]\s*[—–]\s*([^—–«»]{3,80}?)[.,:]\s*[—–]\s*", text[a:b]):
        toks = [t for t in ctx.an.toks if a + m.start(1) <= t.start < a + m.end(1)]
        cue = next((t.i for t in toks if ctx.is_cue(t)), None)
        if cue is not None:
            return a + m.start(), a + m.end(), cue
    return None


def _cue_for_direct(ctx: _Ctx, a: int, b: int) -> int | None:
    """The reporting verb of a direct quote: after it ('», — сказал X') or before it in the sentence."""
    an = ctx.an
    text = an.text
    opening = an.tok_at(max(0, a - 1))
    if opening is not None:
        for k in range(opening - 1, max(-1, opening - 3), -1):
            if an.toks[k].sent == an.toks[opening].sent and ctx.is_cue(an.toks[k]):
                return k  # 'кричал «...»', 'заявил: «...»'
    tail = re.match(r"['»“”\"]*\s*[,!?]\s*[—–-]?\s*|['»“”\"]*\s*[.]?\s*[—–-]\s*", text[b:])
    if tail:
        start = b + tail.end()
        for t in an.toks:
            if start <= t.start < start + 40 and ctx.is_cue(t) and _subject_after(ctx, t.i):
                return t.i
    first = an.tok_at(max(0, a - 1)) or an.tok_at(a)
    if first is None:
        return None
    sent = an.toks[first].sent
    s0, _s1 = an.sents[sent]
    cands = [t.i for t in an.toks[s0:first] if ctx.is_cue(t)]
    if cands:
        return cands[-1]
    return None


def _direct(ctx: _Ctx) -> list[tuple[RuQuote, int | None]]:
    an = ctx.an
    out: list[tuple[RuQuote, int | None]] = []
    for a, b in _direct_spans(an.text):
        if ctx.skipped(a):
            continue
        words = re.findall(r"\w+", an.text[a:b])
        if not words:
            continue
        named = ctx.index.at(a, b)
        if named is not None and any(s == a and e >= b - 1 for s, e in named.mentions):
            continue  # «Коммерсантъ»: a name in quotation marks
        inter = _interjection(ctx, a, b)
        if inter:
            i0, i1, inter_cue = inter
            parts: list[tuple[int, int, int | None]] = [(a, i0, inter_cue), (i1, b, inter_cue)]
        else:
            parts = [(a, b, _cue_for_direct(ctx, a, b))]
        for pa, pb, cue in parts:
            pa, pb = _strip_marks(an.text, pa, pb)
            if len(re.findall(r"\w+", an.text[pa:pb])) <= 3 and cue is None:
                continue  # «группы риска», «террористической»: a term, not a statement
            if len(re.findall(r"\w+", an.text[pa:pb])) <= 3 and _name_noun_before(ctx, pa):
                continue
            sent = an.toks[an.tok_at(pa) or 0].sent
            cue_text = an.toks[cue].text if cue is not None else None
            q = RuQuote(an.text[pa:pb], "direct", cue_text, pa, pb, sent=sent, cue_i=cue)
            out.append((q, cue))
    return out


def _name_noun_before(ctx: _Ctx, a: int) -> bool:
    if ctx.an.text[max(0, a - 4) : a].rstrip(" «„“\"'").endswith(":"):
        return False  # 'агентство Рейтер: «...»' introduces a quote
    i = ctx.an.tok_at(max(0, a - 1))
    if i is None:
        return False
    nouns = lexicon()["name_nouns"]
    prev = [t for t in ctx.an.toks[max(0, i - 3) : i + 1] if t.pos != "PUNCT" and t.text not in ("о", "об", "в", "на")]
    return any(t.lemma in nouns for t in prev[-2:])


# -- reported speech ------------------------------------------------------------------------


def _clause_end(ctx: _Ctx, start: int, limit: int) -> int:
    """Where reported content ends: a boundary conjunction, '; ', a coordinated new predicate."""
    text = ctx.an.text
    m = _BOUNDARY.search(text, start, limit)
    end = m.start() if m else limit
    for mm in re.finditer(r",\s*и\s+", text[start:end]):
        k = ctx.an.tok_at(start + mm.end())
        if k is not None and ctx.an.toks[k].pos == "VERB" and ctx.an.toks[k].feats.get("VerbForm") == "Fin":
            return start + mm.start()
    return end


def _trailing_cue(ctx: _Ctx, s0: int, s1: int) -> int:
    """Where a trailing ', отметил X' clause starts inside [s0, s1), else s1."""
    an = ctx.an
    for t in an.toks:
        if s0 < t.start < s1 and ctx.is_cue(t):
            before = an.text[s0 : t.start].rstrip()
            if before.endswith((",", "—", ", —")) and _subject_after(ctx, t.i):
                return len(before.rstrip(",— ")) + s0
    return s1


def _subject_after(ctx: _Ctx, cue: int) -> bool:
    subj = _subject(ctx, cue)
    return subj is None or subj > cue


def _content(text: str, a: int, b: int, min_words: int = MIN_WORDS) -> tuple[int, int] | None:
    while a < b and text[a] in " ,:—–«\"'":
        a += 1
    while b > a and text[b - 1] in " ,.:;—–»\"'":
        b -= 1
    if "\n" in text[a:b]:
        return None
    return (a, b) if len(re.findall(r"\w+", text[a:b])) >= min_words else None


def _reported(ctx: _Ctx, cue: Tok, directs: list[RuQuote]) -> tuple[int, int] | None:
    """The reported content of a reporting verb, or None."""
    an, text = ctx.an, ctx.an.text
    s0, s1 = an.sent_text(cue.sent)
    nxt = an.toks[cue.i + 1] if cue.i + 1 < len(an.toks) else None
    back = [t.text.lower() for t in an.toks[max(an.sents[cue.sent][0], cue.i - 4) : cue.i]]
    if ("об" in back and "этом" in back) or (back[-1:] == ["это"]):
        # '... Об этом заявил X': what was said is the sentence before
        if cue.sent > 0:
            p0, p1 = an.sent_text(cue.sent - 1)
            if not any(x <= p0 < y for x, y in ctx.skip):
                return _content(text, p0, p1)
        return None
    after = text[cue.end : s1]
    m = re.match(r"\s*(?:[^,.:;]{0,40}?)?,?\s*(что|чтобы)\s", after)
    if m and "«" not in after[: m.start(1)]:
        a = cue.end + m.end()
        return _content(text, a, _clause_end(ctx, a, _trailing_cue(ctx, a, s1)), min_words=1)
    m = re.match(r"\s*:\s*", after)
    if m:
        a = cue.end + m.end()
        return _content(text, a, _clause_end(ctx, a, s1))
    before = text[s0 : cue.start].rstrip()
    if before.endswith((",", "—")) and _subject_after(ctx, cue.i):
        a = s0
        for q in directs:
            if (
                q.cue_i is None
                and s0 <= q.start < cue.start
                and re.fullmatch(r"['»“”\"]*\s*[,.!?]?\s*[—–-]?\s*", text[q.end : cue.start])
            ):
                return None  # '«...», — сказал X': a direct quote
        return _content(text, a, len(before) + s0)
    if nxt is not None and nxt.text in ("о", "об"):
        a = nxt.end
        return _content(text, a, _clause_end(ctx, a, s1))
    obj = [c for c in ctx.children.get(cue.i, []) if an.toks[c].rel in ("obj", "xcomp") and c > cue.i]
    if obj and cue.lemma in lemma_set("object_speech_verbs"):  # 'подтвердило факт похищения'; not 'передал оружие'
        subj = _subject(ctx, cue.i)
        a = cue.end
        if subj is not None and subj > cue.i:
            sub = ctx.subtree(subj)
            a = max(a, an.toks[sub[-1]].end)
        return _content(text, a, _clause_end(ctx, a, s1))
    return None


_ACCORDING_NOUNS = frozenset(
    (
        "словам",
        "данным",
        "информации",
        "сообщению",
        "сообщениям",
        "мнению",
        "оценкам",
        "оценке",
        "сведениям",
        "подсчётам",
        "подсчетам",
        "версии",
    )
)


def _according_at(ctx: _Ctx, t: Tok) -> int | None:
    """The index of the last word of 'по (его|некоторым) словам', 'согласно', 'как сообщает'."""
    toks = ctx.an.toks
    low = t.text.lower()
    if low == "по":
        for k in (t.i + 1, t.i + 2):
            if k < len(toks) and toks[k].text.lower() in _ACCORDING_NOUNS:
                if k == t.i + 2 and toks[t.i + 1].pos not in ("PRON", "DET", "ADJ"):
                    return None
                return k
        return None
    if low == "согласно" and t.i + 1 < len(toks) and toks[t.i + 1].text.lower() in _ACCORDING_NOUNS:
        return t.i + 1
    if low == "как" and t.i + 1 < len(toks) and toks[t.i + 1].lemma in lemma_set("as_reports"):
        return t.i + 1
    return None


def _according(ctx: _Ctx, directs: list[RuQuote]) -> list[tuple[RuQuote, _Who]]:
    """'По словам X, ...', 'по данным X', 'как сообщает X, ...'."""
    an, text = ctx.an, ctx.an.text
    out = []
    for t in an.toks:
        if ctx.skipped(t.start):
            continue
        last = _according_at(ctx, t)
        if last is None:
            continue
        s0, s1 = an.sent_text(t.sent)
        inside = next((q for q in directs if q.start <= t.start < q.end), None)
        if inside is not None:
            s0, s1 = inside.start, inside.end
        comma = text.find(",", an.toks[last].end, s1)
        np_end = comma if comma >= 0 else s1
        np = [k for k in range(last + 1, len(an.toks)) if an.toks[k].end <= np_end]
        mods = list(range(t.i + 1, last))
        who = _Who(None, informative=False)
        relay_at = next((k for k in np if an.toks[k].lemma == "ссылка"), None)
        if relay_at is not None:  # 'по данным ТАСС со ссылкой на X'
            outlet = _entity_in(ctx, [k for k in np if k < relay_at])
            source = _entity_in(ctx, [k for k in np if k > relay_at + 1])
            np = []
            who = _Who(source, at=t.start, via=outlet)
        if relay_at is not None:
            pass
        elif any(an.toks[k].text.lower() in ("его", "её", "ее", "их") for k in mods):
            who = _Who(None, pronoun=True, at=t.start)
        elif np:
            head = np[0] if an.toks[np[0]].pos != "ADP" else (np[1] if len(np) > 1 else np[0])
            ent = _entity_in(ctx, np, head=head)
            if an.toks[head].lemma in lemma_set("unspecific_speakers"):
                who = _Who(None, at=t.start, via=ent)  # 'как отметил источник РИА Новости'
            elif ent is not None:
                who = _Who(ent, at=t.start)
            else:
                who = _who(ctx, head)
            if who.entity is None and any(an.toks[k].lemma in lemma_set("unspecific_speakers") for k in np):
                who = _Who(None, at=t.start)
        lead = text[s0 : t.start].strip()
        if lead in ("", "«", "''«"):
            span = _content(text, np_end + 1, _clause_end(ctx, np_end + 1, s1)) if comma >= 0 else None
        else:
            span = _content(text, s0, t.start)
        if span is None:
            continue
        cue = text[t.start : an.toks[last].end]
        out.append((RuQuote(text[span[0] : span[1]], "indirect", cue, span[0], span[1], sent=t.sent), who))
    return out


# -- all together ---------------------------------------------------------------------------


def find_quotes(an: Analysis, index: EntityIndex, skip: list[tuple[int, int]]) -> list[RuQuote]:
    """Every quote and reported statement of the text, in order, with speakers."""
    ctx = _Ctx(an, index, skip)
    found: list[tuple[RuQuote, _Who]] = []
    directs = _direct(ctx)
    direct_quotes = [q for q, _ in directs]
    used_cues = set()
    for q, cue in directs:
        who = _cue_speaker(ctx, cue, (q.start, q.end)) if cue is not None else _Who(None, informative=False)
        if cue is not None:
            used_cues.add(cue)
        found.append((q, who))
    for t in an.toks:
        if t.i in used_cues or not ctx.is_cue(t) or ctx.skipped(t.start):
            continue
        if any(q.start <= t.start < q.end for q in direct_quotes):
            continue
        if t.lemma == "знать":
            continue  # 'знал, что ...' is knowing, not saying (it still introduces a direct quote)
        span = _reported(ctx, t, direct_quotes)
        if span is None:
            continue
        if any(q.start <= span[0] and span[1] <= q.end for q in direct_quotes):
            continue
        who = _cue_speaker(ctx, t.i, span)
        found.append((RuQuote(an.text[span[0] : span[1]], "indirect", t.text, span[0], span[1], sent=t.sent), who))
    for q, who in _according(ctx, direct_quotes):
        if not any(o.start <= q.start < o.end and o.kind == "direct" for o, _ in found):
            found.append((q, who))
    found.sort(key=lambda x: x[0].start)
    return _resolve(an, index, _dedupe(found))


def _dedupe(found: list[tuple[RuQuote, _Who]]) -> list[tuple[RuQuote, _Who]]:
    out: list[tuple[RuQuote, _Who]] = []
    for q, who in found:
        dup = next((o for o in out if o[0].kind == q.kind and o[0].start < q.end and q.start < o[0].end), None)
        if dup is None:
            out.append((q, who))
        elif who.entity is not None and dup[1].entity is None:
            out[out.index(dup)] = (q, who)
    return out


def _resolve(an: Analysis, index: EntityIndex, found: list[tuple[RuQuote, _Who]]) -> list[RuQuote]:
    """A pronoun takes the previous statement's speaker (within three sentences), else the last person."""
    out: list[RuQuote] = []
    last: tuple[int, RuEntity | None] | None = None
    last_end = 0
    for q, who in found:
        ent = who.entity
        if who.pronoun:
            at = who.at if who.at >= 0 else q.start
            persons = [(s, e) for s, _e, e in index.by_mention_entities() if e.type == "person" and s < at]
            recent = max(persons, key=lambda x: x[0]) if persons else None
            inside_quote = any(o.start <= at < o.end for o in out)
            if recent is not None and (last is None or recent[0] >= last_end) and not inside_quote:
                ent = recent[1]  # a person named since the last statement is who 'он' is
            elif last is not None and q.sent - last[0] <= 3:
                ent = last[1]
            else:
                ent = recent[1] if recent else None
        q.speaker = ent.name if ent else None
        q.speaker_key = ent.key if ent else None
        q.via = who.via.name if who.via and who.via is not ent else None
        if who.informative or ent is not None:
            last = (q.sent, ent)
            last_end = q.end
        out.append(q)
    return out


def attribute_claims(claims: list[RuClaim], quotes: list[RuQuote]) -> None:
    """A figure inside a quote is asserted by the quote's speaker."""
    for c in claims:
        for n, q in enumerate(quotes):
            if q.start <= c.start < q.end:
                c.speaker, c.speaker_key, c.quote_index = q.speaker, q.speaker_key, n
                break
