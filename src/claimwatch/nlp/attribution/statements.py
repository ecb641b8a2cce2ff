"""Is a quoted string a statement? Scare quotes, titles, terms and slogans are not.

A learned detector (``resources/models/attribution_statement.json``, same tree format as the
speaker ranker) over the shape of the string and its surroundings: length, capitalisation, a verb
or a first-person word inside, a reporting cue, a naming word before it ("so-called", "dubbed"),
a determiner or noun hugging the marks. Without the model file the old length rules decide.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left

from spacy.tokens import Doc

from claimwatch.nlp.attribution.lexicon import cues
from claimwatch.nlp.extensions import doc_text

FIRST_SECOND = {"i", "we", "you", "my", "our", "us", "me", "your", "ourselves", "myself"}
NAMING = {"call", "dub", "so-called", "name", "title", "term", "label", "brand", "describe", "nickname", "known"}
STATEMENT_FEATURES = (
    "words_log",
    "words_le2",
    "words_le4",
    "capital_share",
    "all_capital",
    "starts_upper",
    "ends_punct",
    "has_verb",
    "has_finite",
    "first_person",
    "has_cue",
    "cue_after",
    "naming_before",
    "det_before",
    "noun_after",
    "sentence_start",
    "sentence_end",
    "digits_share",
    "continued",
    "in_paragraph_share",
)
WORD = re.compile(r"[\w'’-]+")


def statement_features(
    doc: Doc, start: int, end: int, starts: list[int], has_cue: bool, cue_after: bool, continued: bool
) -> list[float]:
    """One row in :data:`STATEMENT_FEATURES` order for the string between ``start`` and ``end``."""
    text = doc_text(doc)
    inner = text[start:end]
    words = WORD.findall(inner)
    n = len(words)
    caps = sum(1 for w in words if w[:1].isupper())
    i0 = bisect_left(starts, start)
    i1 = bisect_left(starts, end)
    toks = doc[i0:i1] if i1 > i0 else doc[i0 : i0 + 1]
    has_verb = any(t.pos_ in {"VERB", "AUX"} for t in toks)
    finite = any("Fin" in t.morph.get("VerbForm", []) for t in toks)
    before = doc[i0 - 2] if i0 >= 2 else None  # the word before the opening mark
    after_i = i1 + 1
    after = doc[after_i] if after_i < len(doc) else None
    para_s = text.rfind("\n", 0, start) + 1
    para_e = text.find("\n", end)
    para_e = len(text) if para_e < 0 else para_e
    sent = toks[0].sent if len(toks) else None
    speech = cues().speech
    return [
        math.log1p(n),
        float(n <= 2),
        float(n <= 4),
        caps / n if n else 0.0,
        float(n > 0 and caps == n),
        float(inner[:1].isupper()),
        float(inner.rstrip()[-1:] in {".", "!", "?", ","} if inner.strip() else False),
        float(has_verb),
        float(finite),
        float(any(w.lower() in FIRST_SECOND for w in words)),
        float(has_cue),
        float(cue_after),
        float(before is not None and (before.lemma_.lower() in NAMING or before.lower_ in NAMING)),
        float(
            before is not None and before.pos_ in {"DET", "ADP", "ADJ", "PRON"} and before.lemma_.lower() not in speech
        ),
        float(after is not None and after.pos_ in {"NOUN", "PROPN"} and after.idx == end + 2),
        float(sent is not None and sent.start_char >= start - 2),
        float(sent is not None and sent.end_char <= end + 3),
        sum(ch.isdigit() for ch in inner) / max(1, len(inner)),
        float(continued),
        (end - start) / max(1, para_e - para_s),
    ]
