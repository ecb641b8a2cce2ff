"""The compiled attribute ruler gives the model's own ruler's output, token for token."""

from __future__ import annotations

import numpy
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, TAG

from claimwatch.nlp.attribute_rules import CompiledAttributeRuler, compile_attribute_ruler
from claimwatch.nlp.pipeline import load_model
from tests.conftest import SAMPLE

# words the model's rules single out: articles, demonstratives, contractions, "gonna", "y'all", "there is"
TRICKY = (
    "Y'all gonna see it, he said. There are two of them and there is one. Let's go, c'mon! They ain't done, "
    "but he gotta leave. That is what that man said: this and those, something or nothing.\n\n  Got it? "
    "He gets paid. An officer and a soldier said \u2019twas so."
)

COLUMNS = [POS, TAG, DEP, LEMMA, MORPH, HEAD]


def test_same_attributes_as_the_models_ruler() -> None:
    spacy_nlp, ours = load_model(), load_model()
    compile_attribute_ruler(ours)
    assert isinstance(ours.get_pipe("attribute_ruler"), CompiledAttributeRuler)
    texts = [TRICKY, "", "a"] + [p.read_text() for p in sorted(SAMPLE.glob("*.txt"))]
    for a, b in zip(spacy_nlp.pipe(texts), ours.pipe(texts), strict=True):
        assert numpy.array_equal(a.to_array(COLUMNS), b.to_array(COLUMNS))
        assert [str(t.morph) for t in a] == [str(t.morph) for t in b]
        assert [t.lemma_ for t in a] == [t.lemma_ for t in b]


def test_every_rule_of_the_model_is_compiled() -> None:
    ruler = CompiledAttributeRuler(load_model()).load(load_model().get_pipe("attribute_ruler"))
    assert ruler.patterns and all(p is not None for p in ruler.patterns)
