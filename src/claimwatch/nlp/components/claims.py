"""Claims: figures normalised to intervals, with what they count, about whom, where, when, per whom.

The number scanner (:mod:`claimwatch.nlp.numbers`) finds and normalises the figures in each
sentence; the dependency parse gives what is counted (the head noun, the "of" complement of
"number of ...", or a noun elided in coordination), the governing predicate, the armed group the
figure is about, and the place and time of the clause. A figure inside a quote or reported
statement is asserted by that quote's speaker; one under "according to X" by X.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from claimwatch.nlp.attribution.claim_place import attacker_of, clause_place, context_place, sentence_place
from claimwatch.nlp.attribution.lexicon import cues
from claimwatch.nlp.attribution.resolver import entity_of_np, subject_of
from claimwatch.nlp.components.entities import EntityIndex
from claimwatch.nlp.components.paragraphs import in_dateline
from claimwatch.nlp.extensions import doc_text, span_text
from claimwatch.nlp.numbers import Quantity, find_quantities
from claimwatch.nlp.records import ClaimRec, QuoteRec

AGGREGATE_NOUNS = {"number", "total", "toll", "tally", "count", "figure", "strength", "ranks"}
MEMBER_NOUNS = {
    "militant",
    "fighter",
    "member",
    "terrorist",
    "insurgent",
    "jihadist",
    "rebel",
    "extremist",
    "gunman",
    "attacker",
    "suspect",
    "operative",
    "recruit",
    "combatant",
    "individual",
    "loyalist",
}
QUANTIFIER_WORDS = {
    "more",
    "than",
    "over",
    "about",
    "least",
    "at",
    "between",
    "and",
    "to",
    "up",
    "some",
    "nearly",
    "almost",
    "around",
    "roughly",
    "approximately",
    "estimated",
    "an",
    "a",
    "as",
    "many",
    "most",
    "no",
}
PARTITIVE = {"member", "part", "share", "majority", "minority", "portion", "percent"}
VAGUE_ALONE = {"several", "numerous", "many", "a few", "few", "some"}
ENTITY_BLOCK = {"PERSON", "ORG", "FAC", "PRODUCT", "WORK_OF_ART", "LAW", "EVENT"}


class ClaimComponent:
    """Builds ``doc._.cw_claims`` from the sentences' figures."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        index: EntityIndex = doc._.cw_entities
        quotes: list[QuoteRec] = doc._.cw_quotes or []
        cue_quotes = _cue_tokens(doc, quotes)
        claims: list[ClaimRec] = []
        self.last: ClaimRec | None = None
        seen_sentences: set[str] = set()
        for sent in doc.sents:
            sent_claims: list[ClaimRec] = []
            text = span_text(sent)
            key = " ".join(text.split())
            if key in seen_sentences:
                continue  # a headline or lede printed twice is one report
            seen_sentences.add(key)
            for q in find_quantities(text):
                found = self._claim(doc, index, sent, q, sent_claims)
                if found is not None:
                    rec, anchor = found
                    self._attribute(index, rec, anchor, quotes, cue_quotes)
                    sent_claims.append(rec)
                    self.last = rec
            claims.extend(sent_claims)
        doc._.cw_claims = claims
        return doc

    def _claim(
        self, doc: Doc, index: EntityIndex, sent: Span, q: Quantity, previous: list[ClaimRec]
    ) -> tuple[ClaimRec, Token] | None:
        base = sent.start_char
        num = doc.char_span(base + q.num_start, base + q.num_end, alignment_mode="expand")
        if num is None or not len(num):
            return None
        if any(t.ent_type_ in ENTITY_BLOCK and not t.like_num for t in num):
            return None
        if any(index.key_of(t) and (ent := index.get(index.key_of(t))) and ent.type != "location" for t in num):
            return None
        if _not_a_figure(doc, index, num, q):
            return None
        numtok = num[-1]
        counted_tok = self._counted(numtok, num)
        unit = q.unit
        counted: str | None
        counted = self._noun_phrase(counted_tok, num) if counted_tok is not None else None
        if unit == "percent":
            counted = "percent" + (
                f" of {counted}"
                if counted and counted_tok is not None and counted_tok.lower_ not in {"percent", "%"}
                else ""
            )
            if (
                counted == "percent"
                and previous
                and previous[-1].counted
                and previous[-1].counted.startswith("percent")
            ):
                counted = previous[-1].counted
        elif unit:
            counted = f"{unit} {counted}" if counted else unit
        elif counted is None and previous:
            counted = previous[-1].counted  # "identified 5,500 individuals ... and prosecuted over 1,500"
        elif counted is None and self.last is not None and _elided(numtok):
            counted = self.last.counted  # "Eight more were neutralised ..." after "eight terrorists were killed"
        if (
            counted_tok is not None
            and counted_tok.ent_type_ in {"DATE", "TIME"}
            and counted_tok.lemma_.lower() in {"day", "week", "month", "year", "hour", "minute", "decade"}
        ):
            return None  # a duration the parser attached to a figure
        if counted is None and q.qualifier == "vague" and counted_tok is None:
            return None
        rec = ClaimRec(
            text=doc_text(doc)[
                base + q.start : (counted_tok.idx + len(counted_tok.text))
                if counted_tok is not None and counted_tok.idx > base + q.start
                else base + q.end
            ],
            low=q.low,
            high=q.high,
            qualifier=q.qualifier,
            start=base + q.start,
            end=base + q.end,
            counted=counted,
        )
        if (
            counted_tok is not None
            and counted_tok.idx + len(counted_tok.text) > rec.end
            and counted_tok.i - numtok.i <= 6
        ):
            rec.end = counted_tok.idx + len(counted_tok.text)
            rec.text = doc_text(doc)[rec.start : rec.end]
        anchor = counted_tok if counted_tok is not None else numtok
        rec.predicate = self._predicate(anchor)
        rec.subject_key = self._subject(index, anchor, sent)
        rec.location = clause_place(index, anchor) or sentence_place(index, anchor, sent) or context_place(index, sent)
        rec.time = self._time(sent)
        return rec, anchor

    @staticmethod
    def _counted(numtok: Token, num: Span) -> Token | None:
        """The noun the figure counts."""
        t = numtok
        # climb out of the number's own tokens
        while t.head.i != t.i and t.head.i in range(num.start, num.end):
            t = t.head
        head = t.head
        if t.dep_ in {"nummod", "quantmod", "amod", "compound"} and head.pos_ in {"NOUN", "PROPN"} and head.i != t.i:
            if head.lower_ in {"percent", "%"}:
                return _of_object(head) or head
            return head
        # "15 of our personnel", "four of the terrorists"
        obj = _of_object(t)
        if obj is not None:
            return obj
        if t.pos_ in {"NOUN", "PROPN"} and not t.like_num and t.i == numtok.i:
            return t
        # "the number of IS members is between 2,500 and 4,000" / "the number exceeds 1,500"
        if t.dep_ in {"attr", "dobj", "acomp", "pobj", "npadvmod", "advmod"}:
            verb = head if t.dep_ != "pobj" else head.head
            for ch in verb.children:
                if ch.dep_ in {"nsubj", "nsubjpass"} and ch.lemma_.lower() in AGGREGATE_NOUNS:
                    return _of_object(ch) or ch
        # a following noun the parser did not attach ("several hundred IS members", '"more than
        # 100,000" people', "10 Afghan and three foreign troops")
        doc = numtok.doc
        for i in range(numtok.i + 1, min(numtok.i + 8, numtok.sent.end)):
            tok = doc[i]
            if tok.pos_ == "NOUN" and not tok.like_num:
                return tok
            if tok.text in {'"', "”", "“", "'"} or tok.ent_type_ or tok.pos_ in {"ADJ", "PROPN", "CCONJ", "NUM"}:
                continue
            break
        return None

    @staticmethod
    def _noun_phrase(head: Token, num: Span) -> str:
        """The head noun with its adjectival and compound modifiers (not the figure itself)."""
        left = [
            t
            for t in head.lefts
            if t.dep_ in {"amod", "compound", "nmod"} and t.i not in range(num.start, num.end) and not t.like_num
        ]
        toks: list[Token] = []
        for t in left:
            toks.extend(x for x in t.subtree if x.i not in range(num.start, num.end) and not x.like_num)
        words = [t.text for t in sorted(set(toks), key=lambda x: x.i) if t.i < head.i and not t.is_punct]
        words = [w for w in words if w.lower() not in QUANTIFIER_WORDS]
        words.append(head.text)
        for child in head.rights:
            if child.dep_ == "conj" and child.pos_ == "NOUN":
                words.extend(["and", child.text])  # "women and children"
            if child.dep_ == "prep" and child.lower_ == "of" and head.lemma_.lower() in PARTITIVE:
                words.append(head.doc[child.i : child.right_edge.i + 1].text)  # "members of security forces"
        return " ".join(words)

    @staticmethod
    def _predicate(anchor: Token) -> str | None:
        t = anchor
        for _ in range(4):
            if t.pos_ in {"VERB"} or (t.pos_ == "AUX" and t.dep_ == "ROOT"):
                conj = [c.text for c in t.children if c.dep_ == "conj" and c.pos_ == "VERB"]
                return " or ".join([t.text, *conj]) if conj else t.text
            if t.head.i == t.i:
                break
            t = t.head
        return None

    @staticmethod
    def _subject(index: EntityIndex, anchor: Token, sent: Span) -> str | None:
        """The armed group or actor the figure is about: in the counted phrase, else the sentence."""
        for t in anchor.subtree:
            key = index.key_of(t)
            if key and (rec := index.get(key)) and rec.type in {"armed_group", "organization"}:
                return key
        if anchor.lemma_.lower() not in MEMBER_NOUNS and (key := attacker_of(index, anchor)):
            return key  # "IS gunmen attacked the village, killing 14 villagers": the figure is about IS
        if anchor.lemma_.lower() in MEMBER_NOUNS:
            for t in sent:
                key = index.key_of(t)
                if key and (rec := index.get(key)) and rec.type == "armed_group":
                    return key
        return None

    @staticmethod
    def _time(sent: Span) -> str | None:
        for ent in sent.ents:
            if ent.label_ == "DATE" and not in_dateline(ent[0]):
                return ent.text
        return None

    @staticmethod
    def _attribute(
        index: EntityIndex, rec: ClaimRec, anchor: Token, quotes: list[QuoteRec], cue_quotes: dict[int, int]
    ) -> None:
        """Who asserts the figure: the nearest reporting verb above it in the parse (a quote's cue, or
        "X documented/reported ..." with a named subject), else the quote it sits in, else nobody."""
        t = anchor
        lex = cues()
        for _ in range(12):
            if t.i in cue_quotes:
                _from_quote(rec, quotes, cue_quotes[t.i])
                return
            if t.pos_ == "VERB" and t.lemma_.lower() in lex.speech and t.i != anchor.i:
                subj = subject_of(t)
                key = entity_of_np(index, subj) if subj is not None and subj.dep_ != "nsubjpass" else None
                if key:
                    rec.speaker_key = key
                    rec.speaker_name = index.entities[key].name
                    return
            if t.head.i == t.i:
                break
            t = t.head
        for i, q in enumerate(quotes):
            if q.start <= rec.start and rec.end <= q.end + 1:
                _from_quote(rec, quotes, i)
                return


def _from_quote(rec: ClaimRec, quotes: list[QuoteRec], i: int) -> None:
    rec.quote_index = i
    rec.speaker_key = quotes[i].speaker_key
    rec.speaker_name = quotes[i].speaker_name


def _cue_tokens(doc: Doc, quotes: list[QuoteRec]) -> dict[int, int]:
    """Token index of each quote's cue word -> the quote's index."""
    out: dict[int, int] = {}
    for i, q in enumerate(quotes):
        if q.cue_start is None:
            continue
        span = doc.char_span(q.cue_start, q.cue_start + 1, alignment_mode="expand")
        if span is not None and len(span):
            out.setdefault(span.start, i)
    return out


def _not_a_figure(doc: Doc, index: EntityIndex, num: Span, q: Quantity) -> bool:
    """Numbers that count nothing: an age in apposition ("Abbas Ali, 38, resident of ..."), a
    dialling code ("+380"), or a bare "several"/"numerous" with no order of magnitude."""
    first, last = num[0], num[-1]
    if q.qualifier == "vague" and q.text.lower().strip() in VAGUE_ALONE:
        return True
    if first.i > 0 and doc[first.i - 1].text == "+":
        return True
    if first.i >= 2 and doc[first.i - 1].text == "," and last.i + 1 < len(doc) and doc[last.i + 1].text == ",":
        key = index.key_of(doc[first.i - 2])
        rec = index.get(key)
        if rec is not None and rec.type == "person":
            return True
    return False


def _elided(numtok: Token) -> bool:
    """A figure whose noun is left out because it was just given ("eight more", "three others")."""
    nxt = numtok.doc[numtok.i + 1] if numtok.i + 1 < len(numtok.doc) else None
    return (nxt is not None and nxt.lower_ in {"more", "others", "other"}) or numtok.dep_ in {"nsubj", "nsubjpass"}


def _of_object(t: Token) -> Token | None:
    for ch in t.children:
        if ch.dep_ == "prep" and ch.lower_ == "of":
            for g in ch.children:
                if g.dep_ == "pobj" and g.pos_ in {"NOUN", "PROPN", "ADJ"}:
                    return g
    return None
