"""Hand-made documents for the ledger tests (our own short texts, not the shared articles).

The corpus mirrors the seed story in miniature: an official's figure for Islamic State
fighters in Afghanistan, the Taliban rejecting it, another official's figures a year earlier,
a syndicated near-copy of that report, and a much lower figure from a third source soon after
the first (a conflict).
"""

from __future__ import annotations

from typing import Any

from claimwatch.models import Claim, Document, Entity, Event, Quote, Related


def span(text: str, phrase: str, nth: int = 0) -> tuple[int, int]:
    """Offsets of the ``nth`` occurrence of ``phrase`` in ``text``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    return start, start + len(phrase)


def mentions(text: str, *phrases: str) -> list[tuple[int, int]]:
    out = []
    for p in phrases:
        pos = text.find(p)
        while pos >= 0:
            out.append((pos, pos + len(p)))
            pos = text.find(p, pos + 1)
    return sorted(set(out))


def _claim(text: str, phrase: str, **kw: Any) -> Claim:
    s, e = span(text, phrase)
    return Claim(text=phrase, start=s, end=e, **kw)


WARNING_TEXT = (
    "Moscow warns of a growing militant threat in Afghanistan\n\n"
    "Sergei Ivanov, head of Russia's border service, warned on Tuesday that ISIS fighters are regrouping "
    "in Afghanistan.\n\n"
    "Ivanov said more than 15,000 fighters from over 20 groups are active in Afghanistan.\n\n"
    "In response, the Taliban rejected the claims, saying no armed groups operate in the country.\n\n"
    "Separately, spokesman Zabihullah Mujahid said Taliban forces killed two ISIS members in a raid in Kabul."
)


def warning_doc(**overrides: Any) -> Document:
    """The official's warning with the Taliban's rejection (published 2024-05-10)."""
    text = overrides.pop("text", WARNING_TEXT)
    ents = [
        Entity(
            id="sergei-ivanov",
            name="Sergei Ivanov",
            type="person",
            aliases=["Ivanov"],
            role="head of Russia's border service",
            country="RU",
            mentions=mentions(text, "Sergei Ivanov", "Ivanov said"),
        ),
        Entity(
            id="islamic-state",
            name="Islamic State",
            type="armed_group",
            aliases=["ISIS"],
            mentions=mentions(text, "ISIS"),
        ),
        Entity(
            id="taliban",
            name="Taliban",
            type="armed_group",
            aliases=["the Taliban"],
            mentions=mentions(text, "Taliban"),
        ),
        Entity(
            id="zabihullah-mujahid",
            name="Zabihullah Mujahid",
            type="person",
            role="spokesman",
            mentions=mentions(text, "Zabihullah Mujahid"),
        ),
        Entity(
            id="afghanistan",
            name="Afghanistan",
            type="location",
            country="AF",
            lat=33.0,
            lon=65.0,
            mentions=mentions(text, "Afghanistan"),
        ),
        Entity(
            id="kabul",
            name="Kabul",
            type="location",
            country="AF",
            lat=34.53,
            lon=69.17,
            mentions=mentions(text, "Kabul"),
        ),
        Entity(id="russia", name="Russia", type="location", country="RU", mentions=mentions(text, "Russia")),
    ]
    q0s, q0e = span(text, "ISIS fighters are regrouping in Afghanistan")
    q1s, q1e = span(text, "more than 15,000 fighters from over 20 groups are active in Afghanistan")
    q2s, q2e = span(text, "no armed groups operate in the country")
    q3s, q3e = span(text, "Taliban forces killed two ISIS members in a raid in Kabul")
    quotes = [
        Quote(
            speaker="Sergei Ivanov",
            speaker_id="sergei-ivanov",
            text=text[q0s:q0e],
            kind="indirect",
            cue="warned",
            start=q0s,
            end=q0e,
        ),
        Quote(
            speaker="Sergei Ivanov",
            speaker_id="sergei-ivanov",
            text=text[q1s:q1e],
            kind="indirect",
            cue="said",
            start=q1s,
            end=q1e,
        ),
        Quote(
            speaker="Taliban",
            speaker_id="taliban",
            text=text[q2s:q2e],
            kind="indirect",
            cue="saying",
            start=q2s,
            end=q2e,
        ),
        Quote(
            speaker="Zabihullah Mujahid",
            speaker_id="zabihullah-mujahid",
            text=text[q3s:q3e],
            kind="indirect",
            cue="said",
            start=q3s,
            end=q3e,
        ),
    ]
    claims = [
        _claim(
            text,
            "more than 15,000 fighters",
            low=15000,
            qualifier="more_than",
            counted="fighters",
            predicate="active",
            location="Afghanistan",
            speaker="Sergei Ivanov",
            speaker_id="sergei-ivanov",
            quote_index=1,
        ),
        _claim(
            text,
            "over 20 groups",
            low=20,
            qualifier="more_than",
            counted="groups",
            predicate="active",
            location="Afghanistan",
            speaker="Sergei Ivanov",
            speaker_id="sergei-ivanov",
            quote_index=1,
        ),
        _claim(
            text,
            "two ISIS members",
            low=2,
            high=2,
            qualifier="exact",
            counted="members",
            predicate="killed",
            subject="Islamic State",
            subject_id="islamic-state",
            location="Kabul",
            speaker="Zabihullah Mujahid",
            speaker_id="zabihullah-mujahid",
            quote_index=3,
        ),
    ]
    ds, de = span(text, "the Taliban rejected the claims")
    rs, re_ = span(text, "Taliban forces killed two ISIS members in a raid in Kabul")
    events = [
        Event(type="denial", plover="REJECT", text=text[ds:de], actors=["Taliban"], start=ds, end=de),
        Event(
            type="security_operation",
            plover="ASSAULT",
            text=text[rs:re_],
            actors=["Taliban"],
            targets=["Islamic State"],
            location="Kabul",
            killed=2,
            start=rs,
            end=re_,
        ),
    ]
    fields: dict[str, Any] = {
        "id": "warning",
        "source": "https://news.example.org/2024/05/moscow-warns",
        "title": "Moscow warns of a growing militant threat in Afghanistan",
        "published": "2024-05-10",
        "text": text,
        "entities": ents,
        "quotes": quotes,
        "claims": claims,
        "events": events,
        "related": [Related(title="Earlier: talks in Tehran", published="2019-12-24")],
        "content_hash": None,
    }
    fields.update(overrides)
    return Document(**fields)


DIALOGUE_TEXT = (
    "Nikolai Petrov, secretary of a Russian security council, said on Wednesday that the IS group has more than "
    "2,000 militants concentrated in northern Afghanistan.\n\n"
    "According to Petrov, the number of Islamic State members in Afghanistan is between 2,500 and 4,000.\n\n"
    "Petrov spoke in Tehran at a regional security dialogue attended by officials from China and India."
)


def dialogue_doc(**overrides: Any) -> Document:
    """Another official's figures, a year earlier (published 2023-05-20)."""
    text = overrides.pop("text", DIALOGUE_TEXT)
    ents = [
        Entity(
            id="nikolai-petrov",
            name="Nikolai Petrov",
            type="person",
            aliases=["Petrov"],
            role="secretary of a Russian security council",
            mentions=mentions(text, "Petrov"),
        ),
        Entity(
            id="islamic-state",
            name="Islamic State",
            type="armed_group",
            aliases=["IS group", "IS"],
            mentions=mentions(text, "IS group", "Islamic State"),
        ),
        Entity(
            id="afghanistan",
            name="Afghanistan",
            type="location",
            country="AF",
            lat=33.0,
            lon=65.0,
            mentions=mentions(text, "Afghanistan"),
        ),
        Entity(id="tehran", name="Tehran", type="location", country="IR", mentions=mentions(text, "Tehran")),
    ]
    q0s, q0e = span(text, "the IS group has more than 2,000 militants concentrated in northern Afghanistan")
    quotes = [
        Quote(
            speaker="Nikolai Petrov",
            speaker_id="nikolai-petrov",
            text=text[q0s:q0e],
            kind="indirect",
            cue="said",
            start=q0s,
            end=q0e,
        )
    ]
    claims = [
        _claim(
            text,
            "more than 2,000 militants",
            low=2000,
            qualifier="more_than",
            counted="militants",
            predicate="concentrated",
            subject="Islamic State",
            subject_id="islamic-state",
            location="northern Afghanistan",
            speaker="Nikolai Petrov",
            speaker_id="nikolai-petrov",
            quote_index=0,
        ),
        _claim(
            text,
            "between 2,500 and 4,000",
            low=2500,
            high=4000,
            qualifier="range",
            counted="members",
            subject="Islamic State",
            subject_id="islamic-state",
            location="Afghanistan",
            speaker="Nikolai Petrov",
            speaker_id="nikolai-petrov",
        ),
    ]
    ms, me = span(text, "Petrov spoke in Tehran at a regional security dialogue")
    events = [
        Event(
            type="meeting",
            plover="CONSULT",
            text=text[ms:me],
            actors=["China", "India"],
            location="Tehran",
            start=ms,
            end=me,
        )
    ]
    fields: dict[str, Any] = {
        "id": "dialogue",
        "source": "https://wire.example.com/dialogue",
        "title": "Russia says IS is consolidating in northern Afghanistan",
        "published": "2023-05-20",
        "text": text,
        "entities": ents,
        "quotes": quotes,
        "claims": claims,
        "events": events,
    }
    fields.update(overrides)
    return Document(**fields)


def syndicated_doc() -> Document:
    """A near-copy of the dialogue report on another site (one sentence added)."""
    text = DIALOGUE_TEXT + "\n\nThis report was syndicated."
    return dialogue_doc(id="dialogue-copy", source="https://mirror.example.net/ru-is", text=text)


UN_TEXT = (
    "A United Nations monitoring report estimates that about 500 Islamic State fighters remain in Afghanistan, "
    "far fewer than Russian officials say. Andrei Ivanov was not available for comment."
)


def un_doc() -> Document:
    """A much lower figure three weeks after the warning: conflicts with it."""
    text = UN_TEXT
    ents = [
        Entity(
            id="united-nations",
            name="United Nations",
            type="organization",
            aliases=["UN"],
            mentions=mentions(text, "United Nations"),
        ),
        Entity(id="islamic-state", name="Islamic State", type="armed_group", mentions=mentions(text, "Islamic State")),
        Entity(
            id="afghanistan", name="Afghanistan", type="location", country="AF", mentions=mentions(text, "Afghanistan")
        ),
        Entity(id="andrei-ivanov", name="Andrei Ivanov", type="person", mentions=mentions(text, "Andrei Ivanov")),
    ]
    claims = [
        _claim(
            text,
            "about 500 Islamic State fighters",
            low=500,
            high=500,
            qualifier="approx",
            counted="fighters",
            predicate="remain",
            subject="Islamic State",
            subject_id="islamic-state",
            location="Afghanistan",
            speaker="United Nations",
            speaker_id="united-nations",
        ),
    ]
    return Document(
        id="un-report",
        source="https://un.example.int/report",
        title="UN report on Afghanistan",
        published="2024-06-01",
        text=text,
        entities=ents,
        claims=claims,
    )


def corpus() -> list[Document]:
    """The four documents in ingestion order."""
    return [dialogue_doc(), warning_doc(), syndicated_doc(), un_doc()]
