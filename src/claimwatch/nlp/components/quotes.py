"""Quotes: direct quotations and reported speech, each with its speaker as a canonical entity.

Direct quotes come from quotation marks (:mod:`claimwatch.nlp.attribution.marks`); attribution
and indirect speech from the dependency parse: a reporting verb's subject is the speaker and its
clausal complement the statement. The speaker is chosen among candidates by a learned ranker
(:mod:`claimwatch.nlp.attribution.ranker`) over the rule resolver's reading and parse features.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from spacy.attrs import IDX, LEMMA, LOWER
from spacy.language import Language
from spacy.tokens import Doc, Token

from claimwatch.nlp.attribution.features import DocShape, Statement, features, gather
from claimwatch.nlp.attribution.lexicon import SUBJECT_DEPS, Cues, cues
from claimwatch.nlp.attribution.marks import Marked, find_marked, merge_split
from claimwatch.nlp.attribution.ranker import Ranker, speaker_ranker, statement_detector
from claimwatch.nlp.attribution.resolver import SpeakerResolver, entity_of_np, subject_of
from claimwatch.nlp.attribution.statements import statement_features
from claimwatch.nlp.components.entities import EntityIndex, headline_end
from claimwatch.nlp.components.paragraphs import dateline_end
from claimwatch.nlp.extensions import doc_text, tokens_with
from claimwatch.nlp.records import QuoteRec

TITLE_GLUE = {"of", "the", "and", "in", "a", "an", "on", "for", "to", "at"}  # small words inside a title

__all__ = ["QuoteComponent", "cues", "entity_of_np", "subject_of"]


@dataclass
class Candidate:
    """A quote before its speaker is resolved."""

    start: int
    end: int
    kind: str
    cue: Token | None
    subject: Token | None
    via: Token | None = None
    continued: bool = False
    continues: bool = False
    cue_text: str | None = None
    text: str | None = None


def _span_chars(tokens: list[Token]) -> tuple[int, int] | None:
    toks = [t for t in tokens if not (t.is_punct and t.text not in {"%", "$"}) and not t.is_space]
    if toks:
        first = toks[0]
        para = doc_text(first.doc).rfind("\n", 0, first.idx) + 1
        if first.idx - para < 3:
            cut = dateline_end(doc_text(first.doc), para)
            toks = [t for t in toks if t.idx >= cut]
    while toks and toks[0].lower_ in {"that", "whether", "if", ",", "and"}:
        toks = toks[1:]
    if len(toks) < 3:
        return None
    return toks[0].idx, toks[-1].idx + len(toks[-1].text)


class QuoteComponent:
    """Builds ``doc._.cw_quotes``: a list of :class:`QuoteRec` in document order."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.use_model = True
        #: set by the training script to collect (start, end, kind, rule pick, feature rows) per statement
        self.recorder: list[tuple[int, int, str, str | None, dict[str, list[float]]]] | None = None
        #: set by the training script to collect (start, end, statement features) per quoted string
        self.statements: list[tuple[int, int, list[float]]] | None = None

    def __call__(self, doc: Doc) -> Doc:
        index: EntityIndex = doc._.cw_entities
        text = doc_text(doc)
        marks = merge_split(text, find_marked(text))
        char2tok = _char_index(doc)
        cands: list[Candidate] = []
        direct_ranges: list[tuple[int, int]] = []
        detector = statement_detector() if self.use_model else None
        for m in marks:
            cand = self._attribute(doc, m, char2tok)
            if not self._is_statement(doc, m, cand, char2tok, detector):
                continue
            s, e = m.start, m.end
            while e > s and text[e - 1] in " ,.;:":
                e -= 1
            cand.start, cand.end = s, e
            cand.text = m.inner_text(text[:e]) if m.gaps else None
            cands.append(cand)
            direct_ranges.append((m.start - 1, m.end + 1))
        headline = headline_end(doc)
        cands.extend(c for c in self._indirect(doc, direct_ranges) if c.start >= headline)
        cands.sort(key=lambda c: (c.start, c.end, c.via is None))
        # "TASS quoted X as saying that ...": the relay and its "saying" report one statement
        cands = [c for i, c in enumerate(cands) if i == 0 or (cands[i - 1].start, cands[i - 1].end) != (c.start, c.end)]
        doc._.cw_quotes = self._resolve(doc, index, cands)
        return doc

    # -- direct --------------------------------------------------------------------------------
    def _is_statement(self, doc: Doc, m: Marked, cand: Candidate, char2tok: list[int], detector: Ranker | None) -> bool:
        """Whether a quoted string is said by someone, not a scare quote, a title or a term."""
        text = doc_text(doc)
        inner = text[m.start : m.end]
        words = len(re.findall(r"\w+", inner))
        if words < 1:
            return False
        if words < 3 and cand.cue is None:
            return False  # a scare quote or a name in quotation marks
        if (
            words <= 5
            and all(w[:1].isupper() or w[:1].isdigit() or w in TITLE_GLUE for w in re.findall(r"[\w'-]+", inner))
            and inner[:1].isupper()
        ):
            return False  # a name or a title in quotation marks: "Kyber-2", "Roads of Fire"
        if detector is not None or self.statements is not None:
            cue_after = cand.cue is not None and cand.cue.idx > m.end
            row = statement_features(doc, m.start, m.end, char2tok, cand.cue is not None, cue_after, m.continued)
            if self.statements is not None:
                self.statements.append((m.start, m.end, row))
            if detector is not None:
                return detector.probability(row) > detector.threshold
        return words >= 2

    def _attribute(self, doc: Doc, m: Marked, char2tok: list[int]) -> Candidate:
        cand = Candidate(
            start=m.start,
            end=m.end,
            kind="direct",
            cue=None,
            subject=None,
            continued=m.continued,
            continues=m.continues,
        )
        open_tok = _tok_at(doc, char2tok, max(0, m.start - 1))
        close_tok = _tok_at(doc, char2tok, min(len(doc_text(doc)) - 1, m.end))
        after: list[Token] = []
        if close_tok is not None and not m.continues:
            sent = close_tok.sent
            after = [t for t in sent if t.idx > m.end and "\n" not in doc_text(doc)[m.end : t.idx]]
        before: list[Token] = []
        if open_tok is not None:
            sent = open_tok.sent
            before = [t for t in sent if t.idx + len(t.text) < m.start and "\n" not in doc_text(doc)[t.idx : m.start]]
            before.reverse()
            if not any(self._cue_ok(t) for t in before) and sent.start > 0:
                prev = doc[sent.start - 1].sent
                words = [t for t in prev if not t.is_space]
                if words and (
                    words[-1].text == ":" or (words[-1].text in {"“", '"'} and len(words) > 1 and words[-2].text == ":")
                ):
                    before = list(reversed(words))  # "X said:" closing the paragraph before the quote
        middle = [t for gs, ge in m.gaps if (g := doc.char_span(gs, ge, alignment_mode="expand")) for t in g]
        for frame in (middle, after, before):
            for t in frame:
                if self._cue_ok(t) or _according(t):
                    self._fill(cand, t)
                    return cand
        return cand

    @staticmethod
    def _cue_ok(t: Token) -> bool:
        return t.lemma_.lower() in cues().speech and t.pos_ in {"VERB", "AUX"} and t.lemma_.lower() != "be"

    @staticmethod
    def _fill(cand: Candidate, t: Token) -> None:
        if _according(t):
            cand.cue = t
            cand.cue_text = "according to"
            pobj = [c for to in t.children if to.lower_ == "to" for c in to.children if c.dep_ == "pobj"]
            cand.subject = pobj[0] if pobj else None
            return
        cand.cue = t
        cand.cue_text = t.text
        lemma = t.lemma_.lower()
        if lemma in cues().relay:
            obj = [c for c in t.children if c.dep_ in {"dobj", "obj"}]
            if obj:
                cand.subject = obj[0]
                cand.via = subject_of(t)
                return
        subj = subject_of(t)
        if subj is not None and subj.dep_ == "nsubjpass" and lemma in cues().relay:
            cand.subject = subj
            return
        cand.subject = subj

    # -- indirect ------------------------------------------------------------------------------
    def _indirect(self, doc: Doc, direct: list[tuple[int, int]]) -> list[Candidate]:
        c = cues()
        out: list[Candidate] = []

        def inside_direct(s: int, e: int) -> bool:
            """A direct quote already: a reported clause that frames one with words of its own is kept."""
            for ds, de in direct:
                if ds < s < de:
                    return True
            text, pieces, pos = doc_text(doc), [], s
            for ds, de in sorted(direct):  # the clause's text outside the direct quotes
                a, b = max(ds, s), min(de, e)
                if a < b:
                    pieces.append(text[pos:a] if a > pos else "")
                    pos = max(pos, b)
            pieces.append(text[pos:e] if e > pos else "")
            return len(re.findall(r"\w+", "".join(pieces))) < 2

        for i in tokens_with(doc, {*c.speech, "according"}, (LEMMA, LOWER)):
            t = doc[i]
            lemma = t.lemma_.lower()
            if _according(t):
                head = t.head
                skip = set(x.i for x in t.subtree)
                toks = [x for x in head.subtree if x.i not in skip and x.i != t.i]
                if head.i == t.i or head.dep_ == "ROOT" and head.sent != t.sent:
                    continue
                if head.pos_ not in {"VERB", "AUX", "NOUN", "ADJ"}:
                    continue
                span = _span_chars(toks)
                if span and not inside_direct(*span) and not any(ds <= t.idx < de for ds, de in direct):
                    cand = Candidate(span[0], span[1], "indirect", t, None, cue_text="according to")
                    pobj = [x for to in t.children if to.lower_ == "to" for x in to.children if x.dep_ == "pobj"]
                    cand.subject = pobj[0] if pobj else None
                    out.append(cand)
                continue
            if lemma not in c.speech or t.pos_ not in {"VERB"}:
                continue
            if any(ds <= t.idx < de for ds, de in direct):
                continue
            content = self._content(t, c)
            if content is None:
                continue
            span = _span_chars(content)
            if span is None or inside_direct(*span):
                continue
            cand = Candidate(span[0], span[1], "indirect", None, None)
            self._fill(cand, t)
            if lemma in c.relay and cand.via is None and cand.subject is not None and cand.subject.dep_ != "dobj":
                pass
            out.append(cand)
        return out

    @staticmethod
    def _content(t: Token, c: Cues) -> list[Token] | None:
        lemma = t.lemma_.lower()
        for child in t.children:
            if child.dep_ == "ccomp":
                toks = list(child.subtree)
                if not any(g.dep_ in SUBJECT_DEPS for g in child.children):
                    # "adding two soldiers ... were wounded": the parser hung the subject on the cue
                    lead = [g for g in t.children if g.dep_ in {"dobj", "npadvmod"} and g.i < child.i]
                    if lead:
                        toks = list(lead[0].subtree) + toks
                return toks
        for child in t.children:  # "said in a statement that ...": the clause hangs on the noun
            if child.dep_ == "prep":
                for noun in child.children:
                    if noun.dep_ == "pobj" and noun.lemma_.lower() in c.documents:
                        for clause in noun.children:
                            if clause.dep_ in {"acl", "ccomp", "relcl"} and any(
                                m.dep_ == "mark" and m.lower_ == "that" for m in clause.children
                            ):
                                return list(clause.subtree)
        if lemma in c.relay:
            for child in t.children:
                if child.dep_ in {"xcomp", "advcl", "prep"}:
                    for g in child.subtree:
                        if g.lemma_ == "say":
                            for cc in g.children:
                                if cc.dep_ == "ccomp":
                                    return list(cc.subtree)
        if lemma in c.objects:
            for child in t.children:
                if child.dep_ in {"dobj", "obj"}:
                    toks = list(child.subtree)
                    if len(toks) >= 4:
                        return toks
                if child.dep_ == "prep" and child.lower_ in c.object_preps.get(lemma, ()):
                    pobj = [x for x in child.children if x.dep_ == "pobj"]
                    if pobj and len(list(pobj[0].subtree)) >= 3:
                        return list(pobj[0].subtree)
        if lemma in c.ccomp_only:
            return None
        # "<dateline> — <clause>, the group said": the parser hung the clause on the cue as a modifier
        if any(ch.dep_ in SUBJECT_DEPS for ch in t.children):
            for child in t.lefts:
                if child.dep_ in {"advcl", "dep", "parataxis", "conj", "npadvmod", "csubj"}:
                    toks = list(child.subtree)
                    if any(g.dep_ in SUBJECT_DEPS for x in toks for g in x.children):
                        return toks
        # inversion and parentheticals: "<clause>, officials said." / "<A>, he said, <B>"
        head = t.head
        if t.dep_ in {"parataxis", "ccomp", "advcl", "conj"} and head.i != t.i:
            has_subj = any(ch.dep_ in SUBJECT_DEPS for ch in t.children)
            if not has_subj:
                return None
            mine = {x.i for x in t.subtree}
            if t.dep_ == "conj" or (t.dep_ in {"ccomp", "advcl"} and t.i < head.i):
                return None
            first = min(mine)
            while head.dep_ == "conj" and head.head.i < head.i:
                head = head.head  # "A were martyred and B were killed, the army said": both conjuncts
            if head.i > t.i:  # "<A>, he said, <B>": the statement runs on both sides
                return [x for x in head.subtree if x.i not in mine]
            # "<clause>, the ministry said, as ...": the statement is what precedes the attribution
            return [x for x in head.subtree if x.i < first]
        return None

    # -- resolution ----------------------------------------------------------------------------
    @staticmethod
    def _introduced(doc: Doc, resolver: SpeakerResolver, cand: Candidate) -> str | None:
        """A quote standing as its own paragraph after "Governor X spoke to reporters." is X's."""
        text = doc_text(doc)
        para = text.rfind("\n", 0, cand.start) + 1
        if text[para : cand.start].strip() not in {"", "“", '"', "«"} or para == 0:
            return None
        prev = text.rfind("\n", 0, para - 1) + 1
        span = doc.char_span(prev, para - 1, alignment_mode="contract")
        if span is None or not len(span):
            return None
        sent = doc[span.end - 1].sent
        root = sent.root
        cue_like = (
            root.lemma_.lower() in cues().speech or root.lemma_.lower() == "speak" or sent.text.rstrip().endswith(":")
        )
        if not cue_like:
            return None
        subj = subject_of(root)
        key = resolver.entity_of_np(subj) if subj is not None else None
        rec = resolver.index.get(key)
        return key if rec is not None and rec.type == "person" else None

    def _rank(
        self,
        doc: Doc,
        index: EntityIndex,
        shape: DocShape | None,
        cand: Candidate,
        rule_key: str | None,
        last_key: str | None,
        para_first: dict[int, str],
    ) -> str | None:
        """The learned ranker's speaker among the statement's candidates (the rule's pick is one feature)."""
        ranker = speaker_ranker() if self.use_model else None
        if shape is None or (ranker is None and self.recorder is None):
            return rule_key
        span = doc.char_span(cand.start, cand.end, alignment_mode="expand")
        if span is None or not len(span):
            return rule_key
        st = Statement(
            start=cand.start,
            end=cand.end,
            q0=span.start,
            q1=span.end - 1,
            kind=cand.kind,
            cue=cand.cue,
            subject=cand.subject,
            via=cand.via,
            cue_text=cand.cue_text,
            continued=cand.continued,
            rule_key=rule_key,
            last_key=last_key,
            para_key=para_first.get(shape.para(cand.start)),
        )
        st.mentions = gather(doc, index, shape, st)
        rows = features(doc, index, shape, st)
        if self.recorder is not None:
            self.recorder.append((cand.start, cand.end, cand.kind, rule_key, rows))
        return ranker.choose(rows, rule_key) if ranker is not None else rule_key

    def _resolve(self, doc: Doc, index: EntityIndex, cands: list[Candidate]) -> list[QuoteRec]:
        resolver = SpeakerResolver(doc, index)
        shape = DocShape.of(doc) if cands else None
        para_first: dict[int, str] = {}
        out: list[QuoteRec] = []
        last_end = -1
        for cand in cands:
            at = cand.cue.idx if cand.cue is not None else cand.start
            if cand.cue is None and cand.kind == "direct":
                # an unattributed quote continues the previous speaker's paragraph
                near = last_end >= 0 and doc_text(doc).count("\n", last_end, cand.start) <= 4
                key = resolver.last if (near or cand.continued) else None
                if key is None:
                    key = self._introduced(doc, resolver, cand)
            else:
                key = resolver.resolve(cand.subject, at)
            key = self._rank(doc, index, shape, cand, key, resolver.last, para_first)
            if key is not None and shape is not None:
                para_first.setdefault(shape.para(cand.start), key)
            via = resolver.entity_of_np(cand.via) if cand.via is not None else None
            via_rec = index.get(via)
            rec = index.get(key)
            out.append(
                QuoteRec(
                    text=cand.text or doc_text(doc)[cand.start : cand.end],
                    kind=cand.kind,
                    start=cand.start,
                    end=cand.end,
                    cue=cand.cue_text,
                    speaker_key=key,
                    speaker_name=rec.name if rec else None,
                    via=via_rec.name if via_rec else (cand.via.text if cand.via else None),
                    cue_start=cand.cue.idx if cand.cue is not None else None,
                )
            )
            if key:
                anchor = (
                    cand.cue.i
                    if cand.cue is not None
                    else (doc.char_span(cand.start, cand.end, alignment_mode="expand") or doc[:1]).start
                )
                resolver.remember(key, anchor)
            last_end = cand.end
        # a quote running over several paragraphs is attributed once, usually in its last part
        for i in range(len(out) - 2, -1, -1):
            if cands[i].continues and out[i].speaker_key is None and out[i + 1].kind == "direct":
                out[i].speaker_key, out[i].speaker_name = out[i + 1].speaker_key, out[i + 1].speaker_name
        return out


def _according(t: Token) -> bool:
    return t.lower_ == "according" and any(c.lower_ == "to" for c in t.children)


def _char_index(doc: Doc) -> list[int]:
    """The start offset of every token, for :func:`_tok_at`."""
    return doc.to_array(IDX).tolist() if len(doc) else []


def _tok_at(doc: Doc, starts: list[int], char: int) -> Token | None:
    """The token covering a character (or the next one)."""
    if not len(doc):
        return None
    i = bisect_right(starts, char) - 1
    if i < 0 or char >= starts[i] + len(doc[i].text):
        i += 1
    return doc[max(0, min(i, len(doc) - 1))]
