"""A dialogue with decision makers: who took part, follow-ups and corrections."""

from datetime import date
from typing import Any
from uuid import UUID, uuid4

import pytest

from domain import Dialogue
from domain.errors import InvalidRecord

COALITION = uuid4()
INPUT = uuid4()
ON = date(2025, 6, 12)
LATER = date(2025, 7, 1)
BY = "wanjiru"

LEVELS = ("local", "subnational", "national", "regional", "global")
FORMATS = (
    "meeting",
    "hearing",
    "forum",
    "workshop",
    "roundtable",
    "consultation",
    "field_visit",
    "other",
)
MINISTER = {"name": "", "role": "County Executive for Agriculture", "institution": "Makueni County"}


def held_dialogue(**overrides: Any) -> Dialogue:
    """A valid county forum where one advocacy input was presented."""
    fields: dict[str, Any] = {
        "coalition": COALITION,
        "title": "County budget forum on climate resilience",
        "level": "subnational",
        "format": "forum",
        "decision_makers": [MINISTER],
        "participants": {"total": 40, "by_group": {"women": 17, "youth": 8}},
        "advocacy_inputs": [INPUT],
        "summary": "The county agreed to fund ward climate change committees.",
        "occurred_on": ON,
        "recorded_by": BY,
    }
    fields.update(overrides)
    return Dialogue.create(**fields)


def fresh_dialogue(**overrides: Any) -> Dialogue:
    """A valid dialogue whose creating event is already collected."""
    dialogue = held_dialogue(**overrides)
    dialogue.collect_events()
    return dialogue


def refusal(**overrides: Any) -> dict[str, list[str]]:
    """The problems found in a dialogue held with these fields."""
    with pytest.raises(InvalidRecord) as refused:
        held_dialogue(**overrides)
    return refused.value.errors


def test_a_dialogue_is_held_with_no_follow_ups_yet():
    dialogue = held_dialogue()
    assert dialogue.decision_makers == [MINISTER]
    assert dialogue.advocacy_inputs == [INPUT]
    assert dialogue.follow_ups == []
    assert [type(event).__name__ for event in dialogue.collect_events()] == ["Held"]


@pytest.mark.parametrize("level", LEVELS)
def test_each_level_of_government_is_accepted(level):
    assert held_dialogue(level=level).level == level


@pytest.mark.parametrize("level", ["county", "National", "", None])
def test_a_level_outside_the_vocabulary_is_refused(level):
    assert set(refusal(level=level)) == {"level"}


@pytest.mark.parametrize("format_", FORMATS)
def test_each_format_is_accepted(format_):
    assert held_dialogue(format=format_).format == format_


@pytest.mark.parametrize("format_", ["call", "field visit", "", None])
def test_a_format_outside_the_vocabulary_is_refused(format_):
    assert set(refusal(format=format_)) == {"format"}


def test_no_decision_maker_needs_to_be_named():
    assert held_dialogue(decision_makers=[]).decision_makers == []


@pytest.mark.parametrize(
    "maker",
    [
        {"name": "A", "role": "Governor", "institution": ""},
        {"name": "A", "role": "Governor", "institution": "  "},
        {"name": "A", "role": "Governor"},
        {"name": "A", "role": "Governor", "institution": "County", "phone": "0700"},
        {"name": None, "role": "Governor", "institution": "County"},
        "the Governor",
    ],
)
def test_a_decision_maker_is_named_by_role_and_institution_at_its_position(maker):
    errors = refusal(decision_makers=[MINISTER, maker])
    assert set(errors) == {"decision_makers.1"}


@pytest.mark.parametrize("makers", [MINISTER, "the Governor", None])
def test_decision_makers_must_be_a_list(makers):
    assert set(refusal(decision_makers=makers)) == {"decision_makers"}


@pytest.mark.parametrize(
    "participants",
    [
        {"total": 0, "by_group": {}},
        {"total": 12, "by_group": {"women": 12}},
    ],
)
def test_participants_are_counted_in_total_and_by_group(participants):
    assert held_dialogue(participants=participants).participants == participants


@pytest.mark.parametrize(
    "participants",
    [
        {"total": -1, "by_group": {}},
        {"total": 4, "by_group": {"women": -2}},
        {"total": True, "by_group": {}},
        {"total": 4.5, "by_group": {}},
        {"total": 4, "by_group": {"women": "4"}},
        {"total": 4, "by_group": ["women"]},
        {"total": 4},
        {"total": 4, "by_group": {}, "men": 2},
        {"total": 4, "by_group": {"": 2}},
        {"total": 4, "by_group": {7: 2}},
        40,
        None,
    ],
)
def test_participants_of_another_shape_are_refused(participants):
    assert set(refusal(participants=participants)) == {"participants"}


@pytest.mark.parametrize("inputs", [[str(INPUT)], [INPUT, INPUT], None])
def test_inputs_presented_are_distinct_record_ids(inputs):
    assert set(refusal(advocacy_inputs=inputs)) == {"advocacy_inputs"}


@pytest.mark.parametrize(
    "field",
    [
        "coalition",
        "title",
        "level",
        "format",
        "decision_makers",
        "participants",
        "advocacy_inputs",
        "summary",
        "occurred_on",
    ],
)
def test_each_required_field_must_be_given(field):
    fields = {**held_dialogue().fields(), "occurred_on": ON, "recorded_by": BY}
    del fields[field]
    with pytest.raises(InvalidRecord) as refused:
        Dialogue.create(**fields)
    assert refused.value.errors == {field: ["is required"]}


def test_an_unknown_field_is_refused():
    assert refusal(commitments=[]) == {"commitments": ["is not a field of this record"]}


def test_every_bad_field_is_named_in_one_refusal():
    errors = refusal(
        coalition=None, title="", level="county", decision_makers=[{}], participants={}
    )
    assert set(errors) == {"coalition", "title", "level", "decision_makers.0", "participants"}


def test_a_follow_up_is_recorded():
    dialogue = fresh_dialogue()
    dialogue.record_follow_up("Letter to the Governor", LATER, BY)
    assert dialogue.follow_ups == [{"note": "Letter to the Governor", "occurred_on": LATER}]
    assert [type(event).__name__ for event in dialogue.collect_events()] == ["FollowUpRecorded"]


@pytest.mark.parametrize("note", ["", "  ", None])
def test_a_follow_up_needs_a_note(note):
    dialogue = fresh_dialogue()
    with pytest.raises(InvalidRecord) as refused:
        dialogue.record_follow_up(note, LATER, BY)
    assert set(refused.value.errors) == {"note"}
    assert dialogue.collect_events() == []


def test_a_follow_up_dated_after_tomorrow_is_refused():
    dialogue = fresh_dialogue()
    with pytest.raises(InvalidRecord) as refused:
        dialogue.record_follow_up("Letter", date(2999, 1, 1), BY)
    assert set(refused.value.errors) == {"occurred_on"}


def test_a_correction_is_a_corrected_event():
    dialogue = fresh_dialogue()
    dialogue.correct({"format": "hearing"}, "it was a public hearing", LATER, BY)
    assert dialogue.format == "hearing"
    (corrected,) = dialogue.collect_events()
    assert isinstance(corrected, Dialogue.Corrected)
    assert corrected.reason == "it was a public hearing"


@pytest.mark.parametrize(
    ("field", "value"), [("coalition", uuid4()), ("advocacy_inputs", [UUID(int=3)])]
)
def test_a_field_that_is_not_correctable_is_refused(field, value):
    dialogue = fresh_dialogue()
    with pytest.raises(InvalidRecord) as refused:
        dialogue.correct({field: value}, "wrong", LATER, BY)
    assert set(refused.value.errors) == {field}
    assert dialogue.collect_events() == []


def test_a_correction_needs_a_reason():
    dialogue = fresh_dialogue()
    with pytest.raises(InvalidRecord) as refused:
        dialogue.correct({"title": "T"}, "  ", LATER, BY)
    assert set(refused.value.errors) == {"reason"}


def test_a_corrected_record_is_checked_whole():
    dialogue = fresh_dialogue()
    with pytest.raises(InvalidRecord) as refused:
        dialogue.correct({"level": "county"}, "wrong", LATER, BY)
    assert set(refused.value.errors) == {"level"}
    assert dialogue.level == "subnational"
    assert dialogue.collect_events() == []


def dialogue_with_history() -> Dialogue:
    """A dialogue that went through every kind of event."""
    dialogue = held_dialogue()
    dialogue.record_follow_up("Letter to the Governor", LATER, BY)
    dialogue.correct({"participants": {"total": 41, "by_group": {}}}, "recount", LATER, BY)
    dialogue.record_follow_up("Second meeting", date(2025, 8, 1), BY)
    return dialogue


@pytest.mark.parametrize("history", [held_dialogue, dialogue_with_history])
def test_a_dialogue_rebuilt_from_its_events_equals_the_original(history):
    original = history()
    rebuilt = None
    for event in original.collect_events():
        rebuilt = event.mutate(rebuilt)
    assert isinstance(rebuilt, Dialogue)
    assert vars(rebuilt) == vars(original)
