"""natasha's analysis of one text as plain tokens and sentences (lazily loaded models).

The models (navec embeddings, slovnet morphology / syntax / NER) ship inside the ``natasha``
package; nothing is fetched. Loading takes about two seconds, so it happens only when the first
Russian article arrives.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

LOGGER = logging.getLogger(__name__)


@dataclass
class Tok:
    """One token with its offsets, lemma, part of speech, features and dependency."""

    i: int
    text: str
    start: int
    end: int
    pos: str
    feats: dict[str, str]
    lemma: str
    head: int  # index of the head token, -1 for the root
    rel: str
    sent: int

    @property
    def case(self) -> str | None:
        return self.feats.get("Case")


@dataclass
class NerSpan:
    type: str  # PER | LOC | ORG
    start: int
    end: int
    text: str
    normal: str


@dataclass
class Analysis:
    """The text, its tokens, sentence boundaries (token index ranges) and NER spans."""

    text: str
    toks: list[Tok]
    sents: list[tuple[int, int]]  # [first token, last token + 1)
    spans: list[NerSpan] = field(default_factory=list)

    def sent_of(self, offset: int) -> int:
        for n, (a, b) in enumerate(self.sents):
            if self.toks[a].start <= offset < (self.toks[b - 1].end if b > a else offset + 1):
                return n
        return len(self.sents) - 1

    def sent_text(self, n: int) -> tuple[int, int]:
        a, b = self.sents[n]
        return self.toks[a].start, self.toks[b - 1].end

    def tok_at(self, offset: int) -> int | None:
        for t in self.toks:
            if t.start <= offset < t.end:
                return t.i
        return None


@cache
def models() -> dict[str, Any]:
    """natasha's news models, loaded once per process."""
    from natasha import MorphVocab, NewsEmbedding, NewsMorphTagger, NewsNERTagger, NewsSyntaxParser, Segmenter

    emb = NewsEmbedding()
    LOGGER.debug("natasha models loaded")
    return {
        "segmenter": Segmenter(),
        "vocab": MorphVocab(),
        "morph": NewsMorphTagger(emb),
        "syntax": NewsSyntaxParser(emb),
        "ner": NewsNERTagger(emb),
    }


@cache
def morph() -> Any:
    """pymorphy3's analyser (lemmas of alias strings and number words)."""
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@cache
def lemma(word: str) -> str:
    """The first pymorphy3 normal form of a word, lower case, ё as е."""
    w = word.lower().replace("ё", "е")
    if not re.search(r"[а-я]", w):
        return w
    return str(morph().parse(w)[0].normal_form).replace("ё", "е")


_ABBR_END = re.compile(r"(?:тыс|млн|млрд|руб|ул|г|гг|т\.е|т\.к|т\.н|им|св|просп|пер|д|кв|см|др|пр|чел)\.$", re.I)


def analyse(text: str) -> Analysis:
    """Segment, tag, parse and find the names of ``text``, one line (paragraph) at a time.

    A line break always ends a sentence: natasha's segmenter would otherwise run a caption or a
    headline without a final stop into the next paragraph and parse them as one sentence.
    """
    from natasha import Doc

    m = models()
    toks: list[Tok] = []
    sents: list[tuple[int, int]] = []
    spans: list[NerSpan] = []
    for line in re.finditer(r"[^\n]+", text):
        if not line.group().strip():
            continue
        base = line.start()
        doc = Doc(line.group())
        doc.segment(m["segmenter"])
        doc.tag_morph(m["morph"])
        doc.parse_syntax(m["syntax"])
        doc.tag_ner(m["ner"])
        for sent in doc.sents:
            first = len(toks)
            ids = {t.id: first + k for k, t in enumerate(sent.tokens)}
            for t in sent.tokens:
                toks.append(
                    Tok(
                        i=len(toks),
                        text=t.text,
                        start=base + t.start,
                        end=base + t.stop,
                        pos=t.pos or "X",
                        feats=dict(t.feats or {}),
                        lemma=lemma(t.text),
                        head=ids.get(t.head_id, -1),
                        rel=t.rel or "",
                        sent=len(sents),
                    )
                )
            sents.append((first, len(toks)))
        for sp in doc.spans:
            sp.normalize(m["vocab"])
            spans.append(NerSpan(sp.type, base + sp.start, base + sp.stop, sp.text, sp.normal or sp.text))
    sents = _merge_sents(text, toks, sents)
    return Analysis(text, toks, sents, spans)


def _merge_sents(text: str, toks: list[Tok], sents: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join sentences split after an abbreviation ("2,5 тыс. человек") or inside a quotation."""
    out: list[tuple[int, int]] = []
    for a, b in sents:
        if out and b > a:
            pa, pb = out[-1]
            prev_end = text[toks[pb - 1].start : toks[pb - 1].end]
            joined = text[toks[pa].start : toks[pb - 1].end]
            nxt = toks[a].text
            opened = joined.count("«") > joined.count("»")
            para_break = "\n" in text[toks[pb - 1].end : toks[a].start]
            last_two = text[toks[max(pa, pb - 2)].start : toks[pb - 1].end]
            if not para_break and (
                opened or (nxt[:1].islower() and (prev_end == "." and _ABBR_END.search(last_two.replace(" ", ""))))
            ):
                out[-1] = (pa, b)
                continue
        out.append((a, b))
    for n, (a, b) in enumerate(out):
        for t in toks[a:b]:
            t.sent = n
    return out
