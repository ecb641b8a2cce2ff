"""Tests for claimwatch.clean.furniture (the plain-text cleaner).

Every article below is ILLUSTRATIVE: invented for these tests (fictional places, people and
outlets where possible); none is copied from a real page.
"""

from __future__ import annotations

import json
from importlib.resources import files

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimwatch.clean import Cleaned, clean_text
from claimwatch.clean.furniture import load_patterns, normalise, patterns_from_dict
from claimwatch.errors import ConfigError

# ----------------------------------------------------------------- illustrative fixtures

RELATED_LIST = """Officials in the northern district of Velmora said on Thursday that militants attacked a police post overnight, killing four officers.

The attack began shortly after midnight and lasted about two hours, a district spokesman said.

Security forces later recovered weapons and ammunition from the area.

March 14, 2024

Militants attack police post in northern district of Velmora

Officials in the northern district of Velmora said on Thursday that militants attacked a police post overnight, killing four [\u2026]
February 2, 2024

Border crossing reopens after week-long closure

The main border crossing in the east reopened on Friday after a closure that lasted a week, traders said. The [\u2026]

Get updates every Sunday

Subscribe to our newsletter.
"""

HEADER_SECTIONS = """Latest News

    Security and Crime

    Convoy ambushed on mountain road; two guards hurt

    DORVAN (XNA): Gunmen ambushed a supply convoy on a mountain road on Tuesday, wounding two guards, local officials said.

    The convoy was carrying food to villages cut off by snow, the officials said.
"""

INITIALS = """Army says 40 fighters killed in valley operation

The army said on Wednesday that 40 fighters had been killed since the start of an operation in the valley.

Residents fleeing the area said many homes had been damaged.

JK/PL
"""

SIGNOFF = """ date 2025-11-03 Sign up now: Get our newsletters delivered to your inbox

PORTVILLE, Nov 3 - Fighters attacked an army base in the north, the defence ministry said on Monday.

The ministry said the attack was repelled and that the situation was under control. REUTERS
"""

COMMENTS = """The regional council said on Friday that 12 people were wounded in a blast at a market.

Police said the device had been hidden in a cart.

soundoff (14 Responses)

Reader one: this is terrible news.

Reader two: when will it stop
"""

CREDITS = """Rebels said on Saturday they had captured a hilltop town after three days of fighting.

The government did not comment.

(Reporting by A. Writer; Editing by B. Editor)
"""

SHARE_AND_TAGS = """Two soldiers were killed when their vehicle struck a roadside bomb, the army said on Sunday.

The army blamed an insurgent group for the attack.

Share this article

Facebook Twitter WhatsApp Email

Tags: insurgency, roadside bomb
"""

READ_MORE = """The interior ministry said on Monday that 30 suspects had been arrested in raids across three provinces.

The suspects are accused of planning attacks on public buildings.

Read more

Ministry announces new security measures for the capital
Police chief replaced after week of unrest
"""

CAPTION_HEADER = """Floods displace thousands in river delta

Photo: Residents wade through flood water in the delta. (File photo)

Heavy rain has forced thousands of families from their homes in the river delta, aid groups said on Tuesday.

The groups warned that clean water was running short.
"""


def test_related_list_becomes_stubs_and_is_removed() -> None:
    c = clean_text(RELATED_LIST)
    assert c.text.endswith("recovered weapons and ammunition from the area.")
    assert "Border crossing reopens" not in c.text
    assert [r.title for r in c.related] == [
        "Militants attack police post in northern district of Velmora",
        "Border crossing reopens after week-long closure",
    ]
    assert [r.published for r in c.related] == ["2024-03-14", "2024-02-02"]
    assert c.related[0].snippet and c.related[0].snippet.endswith("killing four")
    assert "Subscribe to our newsletter." in c.removed
    assert "Get updates every Sunday" in c.removed


def test_first_teaser_repeating_the_lede_dates_the_article() -> None:
    assert clean_text(RELATED_LIST).published == "2024-03-14"


def test_teaser_that_does_not_repeat_the_lede_gives_no_date() -> None:
    text = RELATED_LIST.replace(
        "Officials in the northern district of Velmora said on Thursday that militants attacked a police post overnight, killing four [\u2026]",
        "Farmers in the south expect a good harvest after late rains, a cooperative said on [\u2026]",
    )
    assert clean_text(text).published is None


def test_header_sections_removed_and_title_found() -> None:
    c = clean_text(HEADER_SECTIONS)
    assert c.title == "Convoy ambushed on mountain road; two guards hurt"
    assert c.text.startswith("DORVAN (XNA): Gunmen ambushed")
    assert c.removed[:2] == ["Latest News", "Security and Crime"]
    assert c.title not in c.text


def test_initials_removed() -> None:
    c = clean_text(INITIALS)
    assert c.title == "Army says 40 fighters killed in valley operation"
    assert c.text.endswith("many homes had been damaged.")
    assert c.removed == ["JK/PL"]


def test_newsletter_header_and_agency_signoff() -> None:
    c = clean_text(SIGNOFF)
    assert c.text.startswith("PORTVILLE, Nov 3 - Fighters")
    assert c.text.endswith("the situation was under control.")
    assert c.removed[-1] == "REUTERS"
    assert any("Sign up now" in r for r in c.removed)
    assert c.published == "2025-11-03"
    assert c.title is None


def test_outlet_named_inside_the_last_sentence_is_kept() -> None:
    c = clean_text("The ministry said 14 people died.\n\nThe figure could not be verified by Reuters.")
    assert c.text.endswith("verified by Reuters.")


def test_comment_block_removed() -> None:
    c = clean_text(COMMENTS)
    assert c.text.endswith("hidden in a cart.")
    assert "soundoff (14 Responses)" in c.removed
    assert "Reader two" not in c.text


def test_reporting_credits_removed() -> None:
    c = clean_text(CREDITS)
    assert c.text.endswith("The government did not comment.")
    assert c.removed == ["(Reporting by A. Writer; Editing by B. Editor)"]


def test_inline_reporting_credit_removed() -> None:
    c = clean_text(
        "Rebels captured the town on Saturday, a spokesman said. (Reporting by A. Writer; Editing by B. Editor)"
    )
    assert c.text == "Rebels captured the town on Saturday, a spokesman said."


def test_share_lines_and_tags_removed() -> None:
    c = clean_text(SHARE_AND_TAGS)
    assert c.text.endswith("for the attack.")
    assert c.removed == ["Share this article", "Facebook Twitter WhatsApp Email", "Tags: insurgency, roadside bomb"]


def test_read_more_block_removed_as_related() -> None:
    c = clean_text(READ_MORE)
    assert c.text.endswith("attacks on public buildings.")
    assert [r.title for r in c.related] == [
        "Ministry announces new security measures for the capital",
        "Police chief replaced after week of unrest",
    ]


def test_photo_caption_under_the_headline_removed() -> None:
    c = clean_text(CAPTION_HEADER)
    assert c.title == "Floods displace thousands in river delta"
    assert c.text.startswith("Heavy rain has forced")
    assert c.removed == ["Photo: Residents wade through flood water in the delta. (File photo)"]


def test_standalone_dateline_stays_in_the_body_and_outlet_line_goes() -> None:
    c = clean_text("Newswire\n\nKarsk, May 2\n\nThe army said on Sunday it had shot down four drones.\n")
    assert c.removed == []  # "Newswire" is no outlet in the vocabulary, so it is the body's first line
    c = clean_text("AFP\n\nKarsk, May 2\n\nThe army said on Sunday it had shot down four drones.\n")
    assert c.removed == ["AFP"]
    assert c.text.startswith("Karsk, May 2")
    assert c.title is None
    assert c.published is None  # month and day only: no year anywhere


def test_dateline_year_from_header() -> None:
    c = clean_text("\u00a9 2021 Example Wire\n\nKARSK, May 2 - The army said on Sunday it had shot down four drones.")
    assert c.published == "2021-05-02"


def test_long_first_line_is_not_a_title() -> None:
    lede = (
        " date 2024-01-09 Heavy fighting around the river port forced more than 20,000 people to flee their homes"
        " over the weekend and left the town without power, aid agencies said on Monday"
    )
    c = clean_text(lede + "\n\nThe agencies said more shelters were needed.")
    assert c.title is None
    assert c.text.startswith("Heavy fighting")
    assert c.published == "2024-01-09"


def test_single_line_is_body_not_title() -> None:
    c = clean_text("Ceasefire holds in the north")
    assert c.title is None
    assert c.text == "Ceasefire holds in the north"


def test_body_offset_and_headed_text() -> None:
    c = clean_text(INITIALS.replace("\n", "\r\n"))
    norm = normalise(INITIALS.replace("\n", "\r\n"))
    assert norm[c.body_offset : c.body_offset + len(c.text)] == c.text
    assert c.title_offset == 0
    assert c.headed_text.startswith(c.title or "")
    assert c.headed_text.endswith(c.text)


def test_no_title_headed_text_is_text() -> None:
    c = clean_text(COMMENTS)
    assert c.headed_text == c.text
    assert c.headed_offset == c.body_offset


def test_empty_and_blank_inputs() -> None:
    for raw in ("", "   \n\n  ", "Subscribe to our newsletter."):
        c = clean_text(raw)
        assert isinstance(c, Cleaned)
        assert c.text == ""
        assert c.language == "en"


def test_mid_body_teaser_is_not_cut() -> None:
    raw = (
        "Troops recaptured the village on Monday, the army said.\n\n"
        "Also read: Army chief visits front line\n\n"
        "The army said 12 fighters were killed in the operation."
    )
    assert clean_text(raw).text == raw


# ----------------------------------------------------------------- vocabulary


def test_packaged_vocabulary_loads_and_has_a_note() -> None:
    data = json.loads(files("claimwatch").joinpath("resources", "furniture.json").read_text(encoding="utf-8"))
    assert data["_note"]
    pat = load_patterns()
    assert "reuters" in pat.outlets


def test_vocabulary_validation() -> None:
    data = json.loads(files("claimwatch").joinpath("resources", "furniture.json").read_text(encoding="utf-8"))
    bad = dict(data, newsletter_patterns=["(unclosed"])
    with pytest.raises(ConfigError):
        patterns_from_dict(bad)
    with pytest.raises(ConfigError):
        patterns_from_dict({k: v for k, v in data.items() if k != "_note"})
    with pytest.raises(ConfigError):
        patterns_from_dict(dict(data, outlets=[]))


# ----------------------------------------------------------------- properties

_lines = st.sampled_from(
    [
        "",
        "Latest News",
        "Subscribe to our newsletter.",
        "March 3, 2021",
        "Rebels attack convoy near border",
        "The army said on Monday that 12 soldiers were killed.",
        "A snippet of another story that ends in [\u2026]",
        "MR/AB",
        "soundoff (3 Responses)",
        " date 2020-02-02 Sign up now: Get our newsletters",
        "KARSK, May 2 - Gunmen attacked a checkpoint.",
        "Share this article",
        "REUTERS",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_lines, st.text(max_size=60)), max_size=12), st.sampled_from(["\n", "\r\n", "\n\n"]))
def test_clean_text_never_raises_and_text_is_a_slice(parts: list[str], sep: str) -> None:
    raw = sep.join(parts)
    c = clean_text(raw)
    norm = normalise(raw)
    assert c.text == c.text.strip()
    assert c.text in norm
    assert norm[c.body_offset : c.body_offset + len(c.text)] == c.text
    if "\r" not in raw:
        assert c.text in raw
    assert c.headed_text.endswith(c.text)
    assert norm[c.headed_offset : c.headed_offset + len(c.headed_text)] == c.headed_text
    if c.title is not None and c.title_offset is not None:
        assert norm[c.title_offset : c.title_offset + len(c.title)] == c.title
    assert c.published is None or len(c.published) == 10


@given(st.text(max_size=400))
@settings(max_examples=300, deadline=None)
def test_clean_text_on_arbitrary_text(raw: str) -> None:
    c = clean_text(raw)
    assert c.text in normalise(raw)
    assert isinstance(c.language, str) and len(c.language) == 2


def test_numeric_headline_is_a_title_not_a_ticker() -> None:
    c = clean_text("9/11: 20 years on\n\nThe city marked the anniversary on Saturday with a minute of silence.")
    assert c.title == "9/11: 20 years on"


def test_stock_ticker_line_in_header_removed() -> None:
    raw = " date 2022-06-01 KSX 102.50 Increased By \u25b2 0.75 (0.74%)\nPolice arrest six after market blast\n\nPolice said on Wednesday they had arrested six men."
    c = clean_text(raw)
    assert c.title == "Police arrest six after market blast"
    assert c.published == "2022-06-01"
    assert c.text == "Police said on Wednesday they had arrested six men."


def test_question_headline() -> None:
    c = clean_text(
        "Who is behind the attacks on the northern border?\n\nNo group has claimed the attacks, officials said."
    )
    assert c.title == "Who is behind the attacks on the northern border?"


def test_byline_and_relative_timestamps() -> None:
    raw = (
        "Militia leader killed in air strike\n\nBy Jane Example and Omar Sample\n\n"
        "A militia leader was killed in an air strike on Friday, the army said.\n\n"
        "The militia said it would retaliate.\n\nMore stories\n\n"
        "Talks on prisoner swap resume\n2 hours ago\n\nAid convoy reaches besieged town\n5 hours ago\n"
    )
    c = clean_text(raw)
    assert c.title == "Militia leader killed in air strike"
    assert c.text.startswith("A militia leader was killed")
    assert c.text.endswith("would retaliate.")
    assert [r.title for r in c.related] == ["Talks on prisoner swap resume", "Aid convoy reaches besieged town"]


def test_teasers_with_the_date_under_the_headline() -> None:
    raw = (
        "Gunmen kill three at checkpoint, police say.\n\nThe attackers escaped on motorcycles, police said.\n\n"
        "Curfew imposed in eastern city\nApril 2, 2023\n\nTalks with rebels stall\nMarch 28, 2023\n"
    )
    c = clean_text(raw)
    assert c.text.endswith("police said.")
    assert [(r.title, r.published) for r in c.related] == [
        ("Curfew imposed in eastern city", "2023-04-02"),
        ("Talks with rebels stall", "2023-03-28"),
    ]


def test_date_inside_a_headline_is_not_the_publication_date() -> None:
    c = clean_text("Attack on March 3, 2024 kills 12\n\nTwelve people were killed in the attack, police said.")
    assert c.title == "Attack on March 3, 2024 kills 12"
    assert c.published is None


def test_find_title_off_keeps_the_first_line() -> None:
    c = clean_text(INITIALS, find_title=False)
    assert c.title is None
    assert c.text.startswith("Army says 40 fighters killed")


def test_lede_without_full_stop_is_body_not_title() -> None:
    raw = "Gunmen killed four police officers at a checkpoint, the provincial governor said on Friday\n\nThe attackers fled."
    c = clean_text(raw)
    assert c.title is None
    assert c.text == raw


def test_byline_date_under_an_unknown_outlet_line() -> None:
    raw = (
        "Ferry strike halts island traffic\n\nHarbour Wire\nPosted: Mar 09, 2011 6:05 PM\n\n"
        "Dock workers walked out on Wednesday over unpaid wages, leaving hundreds of travellers stranded, "
        "union leaders said.\n\nThe port authority said talks would resume."
    )
    c = clean_text(raw)
    assert c.published == "2011-03-09"
    assert c.text.startswith("Dock workers walked out")
    assert "Harbour Wire" in c.removed


def test_published_line_under_the_body_dates_the_article() -> None:
    raw = (
        "Dock workers walked out on Wednesday over unpaid wages, union leaders said.\n\n"
        "The port authority said talks would resume.\n\nPublished on 12 April 2019\n\nRelated\n\n"
        "Storm closes northern ports\nApril 2, 2019\n"
    )
    c = clean_text(raw)
    assert c.published == "2019-04-12"
    assert c.text.endswith("talks would resume.")


@pytest.mark.parametrize(
    "raw",
    [
        # only weekdays, a month and day without a year, and a related list carrying its own dates
        "Dock workers walked out on Sunday, union leaders said.\n\nTalks resume on March 3, officials said.",
        "Dock workers walked out yesterday, union leaders said.\n\nRelated\n\nStorm closes ports\nApril 2, 2019\n",
        "KARSK, March 6 - Dock workers walked out on Sunday, union leaders said.",
        "In 2019 dock workers walked out on March 3, 2018's anniversary, union leaders said on Monday.",
    ],
)
def test_no_date_of_its_own_gives_null(raw: str) -> None:
    assert clean_text(raw).published is None


def test_dates_of_a_latest_news_list_at_the_head_are_not_the_publication_date() -> None:
    raw = (
        "Latest News\nTalks resume in the capital\nMarch 3, 2024\nFloods hit the north\nMarch 2, 2024\n\n"
        "Police post attacked in north\n\nMilitants attacked a police post overnight, killing three officers, "
        "officials said on Sunday.\n\nThe attackers fled before reinforcements arrived."
    )
    assert clean_text(raw).published is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("March 4, 2024 - KARSK: Militants attacked a police post overnight, officials said.", "2024-03-04"),
        ("Monday, 4 March 2024 KARSK (Wire) - Militants attacked a police post, officials said.", "2024-03-04"),
        ("March 4, 2024 was the deadliest day of the year, officials said.", None),
    ],
)
def test_date_opening_the_first_paragraph(raw: str, expected: str | None) -> None:
    assert clean_text(raw).published == expected


@pytest.mark.parametrize(
    "line",
    [
        "Wire writer John Roe in the capital contributed to this report.",
        "The post Rebels attack army post appeared first on Example Daily.",
        "jane.doe@example.org",
        "@JaneDoe",
        "Support independent journalism. Donate today.",
        "This story was produced in partnership with the Example Fund for Reporting.",
        "Jane Doe is a correspondent covering the northern provinces.",
    ],
)
def test_closing_credits_and_prompts_removed(line: str) -> None:
    body = "Rebels attacked an army post overnight, killing four soldiers, a spokesman said.\n\nResidents fled."
    c = clean_text(body + "\n\n" + line)
    assert c.text.endswith("Residents fled.")


@pytest.mark.parametrize(
    "lines", ["Jane Doe", "12 comments", "Security and Defence", "Jane Doe\nStaff Reporter\n3 hours ago"]
)
def test_byline_and_label_lines_under_the_headline_are_furniture(lines: str) -> None:
    body = "Militants attacked a police post in the north overnight, killing three officers, officials said."
    c = clean_text("Police post attacked in north\n" + lines + "\n\n" + body)
    assert c.title == "Police post attacked in north"
    assert c.text == body
    assert lines.split("\n")[0] in c.removed


def test_short_first_lines_without_a_headline_stay() -> None:
    body = "Militants attacked a police post in the north overnight, killing three officers, officials said."
    c = clean_text("Police post attacked in north, officials say.\nJane Doe\n\n" + body)
    assert c.text.startswith("Police post attacked")


def test_published_line_below_the_standfirst_dates_the_article() -> None:
    raw = (
        "Police post attacked in north\n\nThree officers were killed in the second attack on the post this year.\n\n"
        "Published: 17 Dec 2023 04:54pm\n\nMilitants attacked a police post in the north overnight, killing three "
        "officers, officials said on Sunday.\n\nMarch 3, 2024\n\nThe attackers fled."
    )
    assert clean_text(raw).published == "2023-12-17"
