"""Events as detection + grouping: verbless reports, status, one event per incident, casualties."""

from __future__ import annotations

import pytest

from claimwatch import extract
from claimwatch.errors import ConfigError
from claimwatch.nlp.events.model import from_json, trigger_model

pytestmark = pytest.mark.usefixtures("nlp")


def test_a_verbless_casualty_report_is_an_event() -> None:
    (event,) = extract("The blast left 12 dead and 30 wounded in Kandahar on Monday, police said.").events
    assert event.type == "attack" and event.killed == 12 and event.injured == 30
    assert event.location == "Kandahar" and "left" in event.text


def test_a_planned_attack_carries_its_status() -> None:
    events = extract("Al-Shabaab plans to attack the army base in Lamu next week.").events
    assert [(e.type, e.status) for e in events] == [("attack", "planned")], events


def test_a_denied_attack_carries_its_status() -> None:
    events = extract("The Taliban denied carrying out the attack on the checkpoint in Herat.").events
    assert any(e.type == "denial" for e in events), events
    attack = [e for e in events if e.type == "attack"]
    assert attack and all(e.status == "denied" for e in attack), events


def test_two_mentions_of_one_incident_are_one_event_with_both_figures() -> None:
    doc = extract("A suicide bomber killed nine people at a market in Mogadishu. The attack also wounded 20 others.")
    (event,) = [e for e in doc.events if e.type == "attack"]
    assert (event.killed, event.injured, event.location) == (9, 20, "Mogadishu")


def test_an_aggregate_figure_is_not_an_event() -> None:
    assert extract("More than 290 people have been killed in attacks in the region since January.").events == []


def test_casualties_by_type_with_who_reports_them() -> None:
    doc = extract(
        "Gunmen kidnapped 14 students from a school in Kaduna on Friday. "
        "Police spokesman Musa Bello said three guards were killed in the raid."
    )
    attacks = [e for e in doc.events if e.type == "attack"]
    assert attacks and attacks[0].kidnapped == 14, doc.events
    assert attacks[0].killed == 3, doc.events
    assert attacks[0].casualty_sources.get("killed") == "Musa Bello", attacks[0]


def test_the_shipped_model_loads_and_an_invalid_one_is_refused() -> None:
    model = trigger_model()
    assert "none" in model.classes and 0 < model.threshold < 1 and model.weights
    with pytest.raises(ConfigError):
        from_json({"classes": ["event"], "intercept": [0.0], "weights": {}, "threshold": 0.5})
