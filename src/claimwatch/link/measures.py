"""What a figure measures, from a closed vocabulary kept as data (``resources/measures.json``).

A series and a contradiction compare like with like: a group's strength with its strength, the
killed with the killed. ``"2,000 fighters are based there"`` is ``strength``; ``"killed two
ISIS members"`` is ``killed``; ``"20 extremist groups"`` is ``groups``. The measure comes from the
predicate when it is an event verb, else from the head noun of what is counted; a percentage or
an amount of money is that whatever the verb. Anything else is ``other``: kept, never compared.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from claimwatch.errors import ConfigError
from claimwatch.link.entities import fold
from claimwatch.resources import load_json

OTHER = "other"
STRENGTH = "strength"
_ALWAYS = ("percent", "money")  # a share or an amount stays one whatever is said of it
_CONTEXT = ("killed", "injured")  # what the words after a figure may tell ("three policemen dead")
_PEOPLE = ("strength", "killed", "injured", "casualties", "arrested", "surrendered", "displaced", "recruited")


@dataclass(frozen=True)
class Vocabulary:
    """The measures, their kind (stock or flow) and the words that give them."""

    order: tuple[str, ...]
    stock: frozenset[str]
    docs: dict[str, str]
    predicates: dict[str, str]
    counted: dict[str, str]
    sides: dict[str, str]
    revision: frozenset[str]
    contested: frozenset[str]


def _singular(word: str) -> str:
    if word.endswith("men") or word.endswith("ss"):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and len(word) > 3:
        return word[:-1]
    return word


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """The vocabulary of ``resources/measures.json``, validated.

    Raises:
        ConfigError: a measure lacks its fields, or a word gives two measures.
    """
    data = load_json("measures.json", ("order", "measures", "sides", "revision", "contested"))
    order, table = tuple(data["order"]), data["measures"]
    if set(order) != set(table) or OTHER not in table:
        raise ConfigError("'order' must list every measure, 'other' included", source="measures.json")
    predicates: dict[str, str] = {}
    counted: dict[str, str] = {}
    for name in order:
        spec = table[name]
        for field in ("stock", "doc", "predicates", "counted"):
            if field not in spec:
                raise ConfigError(f"measure {name!r} lacks {field!r}", source="measures.json")
        for words, into in ((spec["predicates"], predicates), (spec["counted"], counted)):
            for w in words:
                key = fold(w) or w
                if into.get(key, name) != name:
                    raise ConfigError(f"{w!r} gives both {into[key]!r} and {name!r}", source="measures.json")
                into[key] = name
                into.setdefault(_singular(key), name)
    sides: dict[str, str] = {}
    for side, words in data["sides"].items():
        for w in words:
            sides[_singular(fold(w))] = side
    return Vocabulary(
        sides=sides,
        revision=frozenset(fold(w) for w in data["revision"]),
        contested=frozenset(data["contested"]) & set(order),
        order=order,
        stock=frozenset(n for n in order if table[n]["stock"]),
        docs={n: table[n]["doc"] for n in order},
        predicates=predicates,
        counted=counted,
    )


MEASURES: tuple[str, ...] = vocabulary().order


def head_noun(counted: str | None) -> str | None:
    """The head noun of what is counted, singular: the last word before any ``of``."""
    if not counted:
        return None
    words = fold(counted).split(" of ")[0].split()
    return _singular(words[-1]) if words else None


def _counted_measure(counted: str | None, vocab: Vocabulary) -> str | None:
    if not counted:
        return None
    raw, words = counted.casefold(), {_singular(w) for w in fold(counted).split()}
    for w, m in vocab.counted.items():
        if m in _ALWAYS and ((w in words) if w.isalnum() else (w in raw)):
            return m
    head = head_noun(counted)
    return vocab.counted.get(head) if head else None


def measure_of(counted: str | None, predicate: str | None, context: str | None = None) -> str:
    """The measure of a figure: one of :data:`MEASURES`.

    ``context`` is the few words after the figure in its sentence (``"three policemen dead"``),
    read only when the predicate names no event, and only for the dead and the wounded.

    >>> measure_of("IS militants", "concentrated"), measure_of("members", "killed")
    ('strength', 'killed')
    >>> measure_of("extremist groups", None), measure_of("bodies", None), measure_of("schools", None)
    ('groups', 'killed', 'other')
    """
    vocab = vocabulary()
    by_counted = _counted_measure(counted, vocab)
    if by_counted in _ALWAYS:
        return by_counted
    for words in (predicate, context):
        found = []
        for word in fold(words or "").split():
            m = vocab.predicates.get(word) or vocab.predicates.get(_singular(word))
            if m and not (m == "attacks" and by_counted in _PEOPLE) and (words is predicate or m in _CONTEXT):
                found.append(m)
        if "killed" in found and "injured" in found:
            return "casualties"  # "killed or wounded" counts both
        if found:
            return found[0]
    return by_counted or OTHER


def side_of(counted: str | None) -> str | None:
    """Whose people a count is about: ``militants``, ``forces``, ``civilians``, ``general``, or None."""
    if not counted:
        return None
    vocab = vocabulary()
    words = [_singular(w) for w in fold(counted).split(" of ")[0].split()]
    for w in reversed(words):  # the head noun first, then its modifiers ("Afghan army soldiers")
        if w in vocab.sides:
            return vocab.sides[w]
    return None


def same_side(a: str | None, b: str | None) -> bool:
    """Whether two counts can be about the same people: the same side, or people in general and
    civilians; None (a bare number, "put the toll at nine") fits any side."""
    return a is None or b is None or a == b or {a, b} == {"general", "civilians"}


def contested(measure: str | None) -> bool:
    """Whether figures of this measure can contradict each other (not shares, amounts or other)."""
    return bool(measure) and measure in vocabulary().contested


def is_revision(predicate: str | None) -> bool:
    """Whether the predicate says a figure updates an earlier one (``rose to``, ``bringing … to``)."""
    return any(w in vocabulary().revision for w in fold(predicate or "").split())


def is_stock(measure: str) -> bool:
    """Whether a measure is a standing quantity (compared over a window) rather than a count of events."""
    return measure in vocabulary().stock


def comparable(measure: str | None) -> bool:
    """Whether figures of this measure go into series and can contradict each other."""
    return bool(measure) and measure != OTHER and measure in vocabulary().docs
