"""The model's attribute ruler, applied with array operations instead of spaCy's token Matcher.

``en_core_web_sm`` maps every fine-grained tag to its coarse part of speech and morphology, and
then corrects about 120 words (``a`` → ``Definite=Ind``, ``gonna`` → lemma ``go``), through an
``AttributeRuler`` whose token ``Matcher`` tries all 179 patterns at every token: an eighth of
the whole parse time, as much as the parser. Its patterns are one or two tokens with plain
attribute tests (``TAG``, ``LOWER``, ``DEP``, ``IS_SPACE``, with ``IN``/``NOT_IN``/``REGEX``), so
each is a boolean mask over ``Doc.to_array`` columns; the masks are applied in pattern order
(later patterns win, as in spaCy) and written back with one ``Doc.from_array``.

The result is the ruler's, token for token (``tests/test_nlp_attribute_rules.py`` compares
both on every attribute); a pattern this module cannot compile (operators, extension
attributes, other predicates) keeps going through spaCy's own ``Matcher``, in its place in the
order, so the output never depends on what was compiled.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy
from spacy.attrs import IDS
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

LOGGER = logging.getLogger(__name__)

#: Attributes a compiled test may read (token or lexeme values ``Doc.to_array`` returns as the
#: Matcher sees them) and attributes a pattern may set (token struct fields).
READABLE = frozenset(
    {"ORTH", "TEXT", "LOWER", "NORM", "TAG", "POS", "DEP", "LEMMA", "IS_SPACE", "IS_PUNCT", "IS_DIGIT", "IS_ALPHA"}
)
WRITABLE = frozenset({IDS[name] for name in ("POS", "TAG", "DEP", "LEMMA", "MORPH")})

Mask = Callable[[dict[int, numpy.ndarray], Doc], numpy.ndarray]


class _Uncompilable(ValueError):
    """A pattern outside what the array tests reproduce exactly."""


def _attr_id(name: str) -> int:
    name = name.upper()
    if name not in READABLE:
        raise _Uncompilable(name)
    return IDS["ORTH" if name == "TEXT" else name]


def _test(attr: int, value: Any, strings: Any) -> tuple[int, str, Any]:
    """One attribute test as (attr, kind, operand), with values hashed as the Matcher hashes them."""
    if isinstance(value, bool):
        return attr, "eq", int(value)
    if isinstance(value, int):
        return attr, "eq", value
    if isinstance(value, str):
        return attr, "eq", strings.add(value)
    if isinstance(value, dict) and len(value) == 1:
        ((op, operand),) = value.items()
        if op in ("IN", "NOT_IN") and isinstance(operand, list) and all(isinstance(v, str | int) for v in operand):
            hashed = [v if isinstance(v, int) else strings.add(v) for v in operand]
            return attr, op.lower(), tuple(sorted(set(hashed)))
        if op == "REGEX" and isinstance(operand, str):
            return attr, "regex", re.compile(operand)
    raise _Uncompilable(repr(value))


Test = tuple[int, str, Any]
Sequence_ = tuple[tuple[Test, ...], ...]


@dataclass(frozen=True)
class _Pattern:
    """One ruler entry: its alternative token sequences, the index it sets and the attributes it sets."""

    key: int
    alternatives: tuple[Sequence_, ...]
    index: int
    attrs: dict[int, int]


def _compile(
    key: int, patterns: list[list[dict[str, Any]]], index: int, attrs: dict[Any, Any], strings: Any
) -> _Pattern:
    if not patterns or not set(attrs) <= WRITABLE:
        raise _Uncompilable("attrs")
    alternatives = []
    for pattern in patterns:
        if not pattern or not all(isinstance(spec, dict) and spec for spec in pattern):
            raise _Uncompilable("spec")
        alternatives.append(
            tuple(tuple(_test(_attr_id(name), value, strings) for name, value in spec.items()) for spec in pattern)
        )
    return _Pattern(key, tuple(alternatives), index, {int(a): int(v) for a, v in attrs.items()})


class CompiledAttributeRuler:
    """A drop-in for the model's ``attribute_ruler`` with the same output, computed on arrays."""

    def __init__(self, nlp: Language, name: str = "attribute_ruler") -> None:
        self.name = name
        self.vocab = nlp.vocab
        self.patterns: list[_Pattern | None] = []  # None: matched by ``self.fallback``
        self.fallback = Matcher(nlp.vocab)
        self.fallback_attrs: dict[int, tuple[int, dict[int, int]]] = {}
        self.read: list[int] = []
        self.write: list[int] = []

    def load(self, ruler: AttributeRuler) -> CompiledAttributeRuler:
        """Take over the patterns of ``ruler``, in its order."""
        strings = self.vocab.strings
        for key, (entry, attrs, index) in enumerate(zip(ruler.patterns, ruler.attrs, ruler.indices, strict=True)):
            alternatives = entry["patterns"]
            try:
                self.patterns.append(_compile(key, alternatives, index, attrs, strings))
            except _Uncompilable as why:
                LOGGER.debug("attribute rule %s stays with the Matcher (%s)", key, why)
                self.patterns.append(None)
                self.fallback.add(str(key), alternatives)
                self.fallback_attrs[strings[str(key)]] = (key, dict(attrs), index)  # type: ignore[assignment]
        self.read = sorted({t[0] for p in self.patterns if p for alt in p.alternatives for pos in alt for t in pos})
        written = {a for p in self.patterns if p for a in p.attrs}
        written |= {a for _, attrs, _ in self.fallback_attrs.values() for a in attrs}
        self.write = sorted(int(a) for a in written)
        LOGGER.debug(
            "attribute rules: %s compiled, %s via the Matcher",
            len(self.patterns) - len(self.fallback_attrs),
            len(self.fallback_attrs),
        )
        return self

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if not n or not self.patterns:
            return doc
        values = doc.to_array(self.read).reshape(n, len(self.read))
        columns = {attr: values[:, i] for i, attr in enumerate(self.read)}
        # Most rules name a word; a rule whose word is not in this document is skipped unevaluated.
        present = {attr: set(numpy.unique(column).tolist()) for attr, column in columns.items()}
        out = doc.to_array(self.write).reshape(n, len(self.write))
        column_of = {attr: i for i, attr in enumerate(self.write)}
        masks: dict[Test, numpy.ndarray] = {}
        fallback = self._fallback_targets(doc) if self.fallback_attrs else {}
        for key, pattern in enumerate(self.patterns):
            if pattern is None:
                targets, attrs = fallback.get(key, ([], {}))
            else:
                targets = self._targets(pattern, columns, present, masks, doc)
                attrs = pattern.attrs
            if len(targets):
                for attr, value in attrs.items():
                    out[targets, column_of[attr]] = value
        doc.from_array(self.write, out)
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        """Apply the rules to a stream of documents."""
        for doc in docs:
            yield self(doc)

    @staticmethod
    def _targets(
        pattern: _Pattern,
        columns: dict[int, numpy.ndarray],
        present: dict[int, set[int]],
        masks: dict[Test, numpy.ndarray],
        doc: Doc,
    ) -> list[int] | numpy.ndarray:
        n = len(doc)
        found: list[numpy.ndarray] = []
        for sequence in pattern.alternatives:
            width = len(sequence)
            if width > n or any(
                kind == "eq" and operand not in present[attr] for tests in sequence for attr, kind, operand in tests
            ):
                continue
            index = pattern.index if pattern.index >= 0 else width + pattern.index
            if not 0 <= index < width:
                raise ValueError(f"attribute rule {pattern.key}: index {pattern.index} outside its {width} tokens")
            starts: numpy.ndarray | None = None
            for offset, tests in enumerate(sequence):
                for test in tests:
                    mask = masks.get(test)
                    if mask is None:
                        mask = masks[test] = _evaluate(test, columns[test[0]], doc)
                    part = mask[offset : offset + n - width + 1]
                    starts = part if starts is None else starts & part
            hits = numpy.flatnonzero(starts)
            if len(hits):
                found.append(hits + index)
        if not found:
            return []
        return found[0] if len(found) == 1 else numpy.concatenate(found)

    def _fallback_targets(self, doc: Doc) -> dict[int, tuple[list[int], dict[int, int]]]:
        found: dict[int, tuple[list[int], dict[int, int]]] = {}
        for match_id, start, end in self.fallback(doc, allow_missing=True):
            key, attrs, index = self.fallback_attrs[match_id]
            target = (start if index >= 0 else end) + index
            if not start <= target < end:
                raise ValueError(f"attribute rule {key}: index {index} outside its match")
            found.setdefault(key, ([], attrs))[0].append(target)
        return found


@cache
def _array(values: tuple[int, ...]) -> numpy.ndarray:
    return numpy.array(values, dtype=numpy.uint64)


def _evaluate(test: tuple[int, str, Any], column: numpy.ndarray, doc: Doc) -> numpy.ndarray:
    _, kind, operand = test
    if kind == "eq":
        return column == operand
    if kind == "in":
        return numpy.isin(column, _array(operand))
    if kind == "not_in":
        return ~numpy.isin(column, _array(operand))
    strings = doc.vocab.strings
    unique, inverse = numpy.unique(column, return_inverse=True)
    found = numpy.array([bool(operand.search(strings[int(value)])) for value in unique], dtype=bool)
    return found[inverse.reshape(-1)]


def compile_attribute_ruler(nlp: Language, name: str = "attribute_ruler") -> None:
    """Swap the model's attribute ruler for the compiled one, in place (nothing when absent)."""
    if name not in nlp.pipe_names:
        return
    ruler = nlp.get_pipe(name)
    if not isinstance(ruler, AttributeRuler):
        return
    compiled = CompiledAttributeRuler(nlp, name).load(ruler)
    index = nlp.pipe_names.index(name)
    nlp._components[index] = (name, compiled)  # noqa: SLF001 - no factory can carry a loaded ruler
