"""Quotes and speakers: every construction of issue 3, on sentences written for these tests."""

from __future__ import annotations

import pytest

from claimwatch import extract
from claimwatch.models import Document, Quote

pytestmark = pytest.mark.usefixtures("nlp")


def quotes(text: str) -> list[Quote]:
    return extract(text).quotes


def one(doc: Document, fragment: str) -> Quote:
    found = [q for q in doc.quotes if fragment in q.text]
    assert found, f"no quote containing {fragment!r} in {[q.text for q in doc.quotes]}"
    return found[0]


@pytest.mark.parametrize(
    "text",
    [
        'Colonel Omar Haddad said: "The convoy was hit twice near the bridge."',
        "Colonel Omar Haddad said: “The convoy was hit twice near the bridge.”",
        "Colonel Omar Haddad said: «The convoy was hit twice near the bridge.»",
        "Colonel Omar Haddad said: ‘The convoy was hit twice near the bridge.’",
    ],
)
def test_quotation_mark_styles(text: str) -> None:
    doc = extract(text)
    q = one(doc, "convoy was hit twice")
    assert q.kind == "direct"
    assert q.speaker == "Omar Haddad"
    assert q.text.startswith("The convoy")


def test_cue_after_and_inverted() -> None:
    doc = extract(
        "Provincial governor Karim Saleh visited the market on Friday.\n\n"
        "“We have restored order in the old town,” Saleh said.\n\n"
        "“Shops will reopen next week,” said Karim Saleh."
    )
    assert one(doc, "restored order").speaker == "Karim Saleh"
    assert one(doc, "Shops will reopen").speaker == "Karim Saleh"


def test_quote_split_by_attribution_is_one_quote() -> None:
    doc = extract("“The militia,” the commander Musa Idris said, “is losing men every week.”")
    q = one(doc, "militia")
    assert "losing men every week" in q.text
    assert q.speaker == "Musa Idris"
    assert len([x for x in doc.quotes if x.kind == "direct"]) == 1


def test_multi_paragraph_quote_continues() -> None:
    doc = extract(
        "Nadia Karimi, a provincial council member, described the night of the attack.\n\n"
        "“We heard the first blast at two in the morning. Then the shooting started.\n\n"
        "“By dawn the road was closed and nobody could reach the clinic,” Karimi said."
    )
    first = one(doc, "first blast")
    second = one(doc, "road was closed")
    assert first.speaker == second.speaker == "Nadia Karimi"


def test_unbalanced_quote_keeps_other_quotes() -> None:
    doc = extract(
        "“The checkpoint was abandoned, the officer Tariq Nour said on Monday.\n\n"
        "Later, Mayor Lina Farouk said: “We need more ambulances in the eastern districts.”"
    )
    assert one(doc, "more ambulances").speaker == "Lina Farouk"


def test_according_to() -> None:
    doc = extract("According to Hamid Zaman, the group lost most of its commanders last year.")
    q = one(doc, "lost most of its commanders")
    assert q.kind == "indirect" and q.cue == "according to" and q.speaker == "Hamid Zaman"


def test_told_and_said_in_a_statement() -> None:
    doc = extract(
        "Police chief Samir Aziz told Reuters that the suspects had crossed the border in a truck.\n\n"
        "The Interior Ministry said in a statement that 14 people were detained."
    )
    assert one(doc, "crossed the border").speaker == "Samir Aziz"
    assert one(doc, "people were detained").speaker == "Interior Ministry"


def test_relayed_quote_keeps_via() -> None:
    doc = extract(
        "Security official Pavel Orlov spoke in Minsk on Tuesday.\n\n"
        "“The threat from the south is growing every month,” TASS quoted Orlov as saying."
    )
    q = one(doc, "threat from the south")
    assert q.speaker == "Pavel Orlov"
    assert q.via == "TASS"


def test_indirect_with_and_without_that_and_participles() -> None:
    doc = extract(
        "Defence minister Ali Rezaei warned that the militants were regrouping in the hills. "
        "He said the army would respond, adding that reinforcements had arrived."
    )
    assert one(doc, "militants were regrouping").speaker == "Ali Rezaei"
    assert one(doc, "army would respond").speaker == "Ali Rezaei"
    assert one(doc, "reinforcements had arrived").speaker == "Ali Rezaei"


def test_pronoun_and_role_noun_resolution() -> None:
    doc = extract(
        "Taliban spokesman Zabihullah Mujahid said the fighters had left the district. "
        "He said no civilians were hurt.\n\n"
        "The spokesman added that talks would continue."
    )
    assert one(doc, "no civilians were hurt").speaker == "Zabihullah Mujahid"
    assert one(doc, "talks would continue").speaker == "Zabihullah Mujahid"


def test_organisation_speaks_and_denies() -> None:
    doc = extract("The Taliban rejected the report, stating that no foreign fighters remain in the country.")
    q = one(doc, "no foreign fighters remain")
    assert q.speaker == "Taliban" and q.kind == "indirect"


def test_unattributed_quote_continues_previous_speaker() -> None:
    doc = extract(
        "“The supply lines are cut,” army spokesman Yusuf Bello said.\n\n"
        "“Nothing has reached the garrison for three weeks.”"
    )
    assert one(doc, "Nothing has reached").speaker == "Yusuf Bello"


def test_speaker_is_a_canonical_entity_with_role() -> None:
    doc = extract("Alexei Morozov, head of the regional border service, said the crossing would close.")
    q = one(doc, "crossing would close")
    ent = next(e for e in doc.entities if e.id == q.speaker_id)
    assert ent.name == "Alexei Morozov"
    assert ent.role and "head of the regional border service" in ent.role


def test_unnamed_speaker_is_null_not_guessed() -> None:
    doc = extract("Residents said the market was hit by two shells. Officials said the toll would rise.")
    assert all(q.speaker is None for q in doc.quotes)


def test_was_quoted_as_saying() -> None:
    doc = extract(
        "General Rashid Omar toured the front on Sunday.\n\n"
        "Omar was quoted as saying that the offensive would end before the rains."
    )
    q = one(doc, "offensive would end")
    assert q.speaker == "Rashid Omar" and q.kind == "indirect"


def test_statement_first_then_organisation() -> None:
    doc = extract("In a statement, the Interior Ministry said that nine officers were wounded in the ambush.")
    assert one(doc, "nine officers were wounded").speaker == "Interior Ministry"


def test_quote_over_several_sentences_is_one_quote() -> None:
    doc = extract(
        "“The road is closed. The bridge is gone. Nobody can leave the valley,” said district chief Jamal Nuri."
    )
    q = one(doc, "The bridge is gone")
    assert "Nobody can leave" in q.text and q.speaker == "Jamal Nuri"


@pytest.mark.parametrize("verb", ["warned", "stressed", "insisted", "claimed"])
def test_reporting_verbs(verb: str) -> None:
    doc = extract(f"Commander Idris Bello {verb} that the rebels had lost the town.")
    assert one(doc, "rebels had lost the town").speaker == "Idris Bello"
