"""Tests of claimwatch.nlp.numbers: the claim-value contract table, exclusions, number words, units.

Every sentence here was written for these tests. No spaCy is needed, so the whole file runs fast.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimwatch.errors import PipelineError
from claimwatch.nlp import numbers
from claimwatch.nlp.numbers import Quantity, find_quantities, parse_number


def only(text: str) -> Quantity:
    """The single quantity found in ``text``."""
    found = find_quantities(text)
    assert len(found) == 1, found
    return found[0]


def check(text: str, figure: str, low: float | None, high: float | None, qualifier: str) -> Quantity:
    q = only(text)
    assert (q.text, q.low, q.high, q.qualifier) == (figure, low, high, qualifier)
    assert text[q.start : q.end] == q.text
    return q


# --------------------------------------------------------------------------- contract table, one test per row


@pytest.mark.parametrize(
    ("text", "figure", "value"),
    [
        ("The blast wounded 550 people.", "550", 550),
        ("Police detained two suspects.", "two", 2),
        ("A dozen houses burned.", "A dozen", 12),
        ("Eighty two families fled the village.", "Eighty two", 82),
    ],
)
def test_exact(text: str, figure: str, value: int) -> None:
    check(text, figure, value, value, "exact")


@pytest.mark.parametrize(
    "hedge", ["about", "around", "some", "nearly", "roughly", "approximately", "an estimated", "almost", "close to"]
)
def test_approx(hedge: str) -> None:
    check(f"The raid left {hedge} 90 fighters dead.", f"{hedge} 90", 90, 90, "approx")


@pytest.mark.parametrize(
    "hedge", ["more than", "over", "exceeds", "exceeding", "upwards of", "in excess of", "above", "More than"]
)
def test_more_than(hedge: str) -> None:
    check(f"The count {hedge} 5,500 homes.", f"{hedge} 5,500", 5500, None, "more_than")


def test_exceeds_verb_form() -> None:
    check("The death toll now exceeds 1,500, the ministry said.", "exceeds 1,500", 1500, None, "more_than")


@pytest.mark.parametrize("hedge", ["at least", "no fewer than", "no less than", "a minimum of", "At least"])
def test_at_least(hedge: str) -> None:
    check(f"{hedge} 131 people were hurt.", f"{hedge} 131", 131, None, "at_least")


@pytest.mark.parametrize("hedge", ["less than", "fewer than", "under", "below"])
def test_less_than(hedge: str) -> None:
    check(f"The unit now has {hedge} 50 soldiers.", f"{hedge} 50", None, 50, "less_than")


@pytest.mark.parametrize("hedge", ["up to", "at most", "no more than", "as many as", "a maximum of"])
def test_at_most(hedge: str) -> None:
    check(f"The camp holds {hedge} 5,000 people.", f"{hedge} 5,000", None, 5000, "at_most")


@pytest.mark.parametrize(
    ("text", "figure", "number"),
    [
        ("Between 2,500 and 4,000 troops massed.", "Between 2,500 and 4,000", "2,500 and 4,000"),
        ("It fields 2,500-4,000 troops.", "2,500-4,000", "2,500-4,000"),
        ("It fields 2,500–4,000 troops.", "2,500–4,000", "2,500–4,000"),
        ("It fields 2,500 to 4,000 troops.", "2,500 to 4,000", "2,500 to 4,000"),
    ],
)
def test_range(text: str, figure: str, number: str) -> None:
    q = check(text, figure, 2500, 4000, "range")
    assert text[q.num_start : q.num_end] == number


def test_range_from_to() -> None:
    q = check("The boats carried from 25 to 30 migrants each.", "from 25 to 30", 25, 30, "range")
    assert q.text[q.num_start - q.start :] == "25 to 30"


@pytest.mark.parametrize(
    "phrase",
    [
        "several hundred",
        "dozens",
        "hundreds",
        "thousands",
        "scores of",
        "tens of thousands",
        "millions",
        "several",
        "a few",
        "numerous",
        "many dozens",
        "a few hundred",
        "hundreds of thousands",
        "Thousands",
        "Dozens",
    ],
)
def test_vague(phrase: str) -> None:
    q = check(f"{phrase} villagers left.", phrase, None, None, "vague")
    assert (q.num_start, q.num_end) == (q.start, q.end)


@pytest.mark.parametrize("word", ["many", "some", "few"])
def test_bare_many_some_few_are_not_quantities(word: str) -> None:
    assert find_quantities(f"They said {word} villagers left.") == []


# --------------------------------------------------------------------------- spans and shapes


def test_hedge_is_in_the_span_but_not_in_the_number_span() -> None:
    text = "Officials said more than 2,000 houses fell."
    q = only(text)
    assert (q.text, text[q.num_start : q.num_end]) == ("more than 2,000", "2,000")


def test_whole_values_are_ints() -> None:
    q = only("They counted 2,000 bodies.")
    assert type(q.low) is int and type(q.high) is int
    assert type(parse_number("1.5 million")) is int
    assert parse_number("2.5") == 2.5


def test_results_are_ordered_and_disjoint() -> None:
    text = "About 40 died, at least 12 were hurt and between 3 and 5 are missing; dozens fled."
    found = find_quantities(text)
    assert [q.qualifier for q in found] == ["approx", "at_least", "range", "vague"]
    assert all(a.end <= b.start for a, b in zip(found, found[1:], strict=False))


def test_suffix_hedges() -> None:
    assert [(q.text, q.qualifier) for q in find_quantities("300 or more boats, 40 or so tents, 5,000+ rounds")] == [
        ("300 or more", "at_least"),
        ("40 or so", "approx"),
        ("5,000+", "more_than"),
    ]


def test_range_distributes_the_multiplier() -> None:
    q = only("Two to three million people need food.")
    assert (q.low, q.high, q.qualifier) == (2_000_000, 3_000_000, "range")


def test_hedged_range_keeps_range() -> None:
    check(
        "Officials counted an estimated 20,000 to 30,000 people.",
        "an estimated 20,000 to 30,000",
        20000,
        30000,
        "range",
    )


def test_up_percent_from_year_is_not_a_range() -> None:
    text = "Recruitment was up 53 percent from 2009."
    q = only(text)
    assert (q.text, q.low, q.high, q.qualifier, q.unit) == ("53 percent", 53, 53, "exact", "percent")


def test_plain_four_digit_number_before_a_plural_noun_is_a_count() -> None:
    check("Officials said 2000 fighters had crossed.", "2000", 2000, 2000, "exact")


# --------------------------------------------------------------------------- exclusions


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("It happened in 2009.", id="in-year"),
        pytest.param("The war began in 2019 and 2019 was hard.", id="bare-year"),
        pytest.param("The group has grown since 2014.", id="since-year"),
        pytest.param("The spring of 2011 saw protests.", id="of-year"),
        pytest.param("Prices have doubled from 2010.", id="from-year"),
        pytest.param("The letter is dated December 24, 2019.", id="month-day-year"),
        pytest.param("The vote is on 24 December.", id="day-month"),
        pytest.param("Talks resume on June 8.", id="month-day"),
        pytest.param("The attack came on March 6.", id="month-day-2"),
        pytest.param("The file is stamped 2024-03-06.", id="iso-date"),
        pytest.param("The curfew began from January 1 to June 30.", id="date-range"),
        pytest.param("The shelling started at 8pm.", id="time-8pm"),
        pytest.param("The shelling started at 10:30.", id="time-colon"),
        pytest.param("The shelling started at 8 p.m. local time.", id="time-pm-dots"),
        pytest.param("A 30-year-old man was held.", id="age-year-old"),
        pytest.param("The suspect, aged 45, was held.", id="aged"),
        pytest.param("The suspect is 45 years old.", id="years-old"),
        pytest.param("It was the 18th meeting.", id="ordinal-digits"),
        pytest.param("It was the 15th round of talks.", id="ordinal-digits-2"),
        pytest.param("It was the second attempt.", id="ordinal-second"),
        pytest.param("It was the first attempt.", id="ordinal-first"),
        pytest.param("It is the twenty-first such case.", id="ordinal-compound"),
        pytest.param("The siege lasted three hours.", id="duration-hours"),
        pytest.param("The siege lasted six months.", id="duration-months"),
        pytest.param("The siege lasted two weeks.", id="duration-weeks"),
        pytest.param("The siege lasted 10 days.", id="duration-days"),
        pytest.param("The siege lasted a year.", id="duration-a-year"),
        pytest.param("The siege lasted several months.", id="duration-vague"),
        pytest.param("A 30-day truce began.", id="duration-adjective"),
        pytest.param("He spoke at 10 Downing Street.", id="street"),
        pytest.param("Call +44 20 7946 0958 for details.", id="phone-intl"),
        pytest.param("Call 0300-1234567 for details.", id="phone-local"),
        pytest.param("Call 555-123-4567 for details.", id="phone-dashes"),
        pytest.param("One of the guards fled.", id="one-of-the"),
        pytest.param("He said one was enough.", id="one-pronoun"),
        pytest.param("Only one guard fled.", id="one-bare"),
        pytest.param("The Kyber-2 operation ended.", id="letter-hyphen-digit"),
        pytest.param("He told 92-News on Monday.", id="digit-hyphen-capital"),
        pytest.param("An F-16 crashed.", id="f-16"),
        pytest.param("COVID-19 spread in the camps.", id="covid-19"),
        pytest.param("The G7 met.", id="g7"),
        pytest.param("Resolution 2254 calls for talks.", id="resolution"),
        pytest.param("Article 370 was revoked.", id="article"),
        pytest.param("The score was 3-0.", id="score"),
        pytest.param("The shop is open 24/7 since 9/11.", id="slash-numbers"),
        pytest.param("Militants fought through the 1990s.", id="decade"),
        pytest.param("Two thirds of the town is gone.", id="fraction"),
        pytest.param("They back a two-state solution.", id="word-hyphen-noun"),
        pytest.param("Between 2019 and 2021 the group split.", id="year-range"),
        pytest.param("A 5m wall stands there.", id="metres-not-millions"),
    ],
)
def test_exclusions(text: str) -> None:
    assert find_quantities(text) == []


def test_exclusion_keeps_the_neighbouring_figure() -> None:
    text = "On June 8 300 people marched in 2019 and 40 were held for two weeks."
    assert [q.text for q in find_quantities(text)] == ["300", "40"]


# --------------------------------------------------------------------------- number words and parse_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1,500", 1500),
        ("1.5 million", 1_500_000),
        ("5k", 5000),
        ("5K", 5000),
        ("2.3bn", 2_300_000_000),
        ("two", 2),
        ("twenty-five", 25),
        ("Eighty two", 82),
        ("a dozen", 12),
        ("half a dozen", 6),
        ("three hundred", 300),
        ("one hundred and fifty", 150),
        ("two thousand and five", 2005),
        ("twelve hundred", 1200),
        ("a hundred", 100),
        ("one", 1),
        ("zero", 0),
        ("1 000", 1000),
        ("1,50,000", 150_000),
        ("3 crore", 30_000_000),
        ("  42  ", 42),
    ],
)
def test_parse_number(text: str, value: int) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize(
    "text", ["", "hello", "a", "and", "hundred", "two three", "1,50", "5 m", "76%", "$5", "fifty fifty", "one and"]
)
def test_parse_number_rejects(text: str) -> None:
    assert parse_number(text) is None


@pytest.mark.parametrize(
    ("text", "figure", "value"),
    [
        ("Some twenty-five schools shut.", "Some twenty-five", 25),
        ("Roughly Eighty two families fled.", "Roughly Eighty two", 82),
        ("Nearly one hundred and fifty houses burned.", "Nearly one hundred and fifty", 150),
        ("About 1.5 million people fled.", "About 1.5 million", 1_500_000),
        ("About 5k runners took part.", "About 5k", 5000),
        ("About a hundred men gathered.", "About a hundred", 100),
    ],
)
def test_number_words_in_text(text: str, figure: str, value: int) -> None:
    check(text, figure, value, value, "approx")


def test_one_is_kept_inside_larger_numbers() -> None:
    assert [q.low for q in find_quantities("one hundred, one million, twenty-one")] == [100, 1_000_000, 21]


# --------------------------------------------------------------------------- percentages and money


@pytest.mark.parametrize(
    ("text", "figure", "value"),
    [
        ("Turnout was 76 percent.", "76 percent", 76),
        ("Turnout was 76 per cent.", "76 per cent", 76),
        ("Turnout was 76%.", "76%", 76),
        ("Turnout fell six percent.", "six percent", 6),
        ("Inflation hit 12.5%.", "12.5%", 12.5),
    ],
)
def test_percent(text: str, figure: str, value: float) -> None:
    q = check(text, figure, value, value, "exact")
    assert q.unit == "percent"


@pytest.mark.parametrize(
    ("text", "figure", "value", "unit"),
    [
        ("The fund holds $5 million.", "$5 million", 5_000_000, "USD"),
        ("The fund holds 5 million dollars.", "5 million dollars", 5_000_000, "USD"),
        ("The fine was Rs 300.", "Rs 300", 300, "PKR"),
        ("The fine was €20.", "€20", 20, "EUR"),
        ("The deal is worth $2.3bn.", "$2.3bn", 2_300_000_000, "USD"),
        ("The fine was £10.", "£10", 10, "GBP"),
    ],
)
def test_money(text: str, figure: str, value: int, unit: str) -> None:
    q = check(text, figure, value, value, "exact")
    assert q.unit == unit


def test_money_number_span_excludes_the_sign() -> None:
    text = "Donors pledged $5 million."
    q = only(text)
    assert text[q.num_start : q.num_end] == "5 million"


def test_percent_range() -> None:
    q = only("Support fell by 20-30% in the north.")
    assert (q.low, q.high, q.qualifier, q.unit) == (20, 30, "range", "percent")


# --------------------------------------------------------------------------- resource


def test_resource_is_validated() -> None:
    with pytest.raises(PipelineError):
        numbers._validate({"_note": "x"})
    with pytest.raises(PipelineError):
        numbers._validate([])


def test_resource_has_a_note() -> None:
    lex = numbers._lexicon()
    assert lex is numbers._lexicon()  # cached
    assert lex.units["twelve"] == 12


# --------------------------------------------------------------------------- properties

_ONES = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def _words(n: int, *, conj: bool, hyphen: bool) -> str:
    """English words for 0 <= n < 1000, written independently of the module under test."""
    if n < 20:
        return _ONES[n]
    if n < 100:
        tens, unit = divmod(n, 10)
        return _TENS[tens] + (("-" if hyphen else " ") + _ONES[unit] if unit else "")
    hundreds, rest = divmod(n, 100)
    head = f"{_ONES[hundreds]} hundred"
    return head if not rest else f"{head} {'and ' if conj else ''}{_words(rest, conj=conj, hyphen=hyphen)}"


def _formats(n: int, draw: st.DrawFn) -> list[str]:
    out = [str(n), f"{n:,}"]
    if n < 1000:
        out.append(_words(n, conj=draw(st.booleans()), hyphen=draw(st.booleans())))
    if n >= 1_000_000 and n % 100_000 == 0:
        millions = f"{Decimal(n) / Decimal(1_000_000):f}"
        out.append((millions.rstrip("0").rstrip(".") if "." in millions else millions) + " million")
    return out


_N = st.one_of(st.integers(0, 10**9), st.integers(0, 999), st.integers(10, 10_000).map(lambda k: k * 100_000))


@st.composite
def _formatted(draw: st.DrawFn) -> tuple[int, str]:
    n = draw(_N)
    return n, draw(st.sampled_from(_formats(n, draw)))


@given(_formatted())
def test_parse_number_round_trip(case: tuple[int, str]) -> None:
    n, text = case
    assert parse_number(text) == n


@given(_formatted())
def test_about_n_fighters_is_approx(case: tuple[int, str]) -> None:
    n, text = case
    if text == "one":
        return  # bare "one" is excluded on purpose
    q = only(f"about {text} fighters")
    assert (q.qualifier, q.low, q.high, q.text) == ("approx", n, n, f"about {text}")


@given(st.text(max_size=200))
def test_find_quantities_spans_are_sound(text: str) -> None:
    found = find_quantities(text)
    last = 0
    for q in found:
        assert last <= q.start <= q.num_start < q.num_end <= q.end <= len(text)
        assert q.text == text[q.start : q.end]
        assert q.qualifier in numbers.QUALIFIERS
        last = q.end
