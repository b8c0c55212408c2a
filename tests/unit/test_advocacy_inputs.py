"""An advocacy input: its kind, the evidence it rests on, corrections and withdrawal."""

from datetime import date
from typing import Any
from uuid import UUID, uuid4

import pytest

from domain import AdvocacyInput
from domain.errors import InvalidRecord, RecordClosed

COALITION = uuid4()
EVIDENCE = uuid4()
ON = date(2025, 5, 20)
LATER = date(2025, 6, 1)
BY = "wanjiru"

KINDS = ("position_paper", "petition", "submission", "presentation", "report_launch", "other")


def submitted_input(**overrides: Any) -> AdvocacyInput:
    """A valid position paper resting on one piece of evidence."""
    fields: dict[str, Any] = {
        "coalition": COALITION,
        "kind": "position_paper",
        "title": "Women farmers' priorities for the county climate budget",
        "asks": ["Fund the ward climate change committees", "Seat women on every committee"],
        "evidence": [EVIDENCE],
        "targets": ["Makueni County Assembly"],
        "occurred_on": ON,
        "recorded_by": BY,
    }
    fields.update(overrides)
    return AdvocacyInput.create(**fields)


def fresh_input(**overrides: Any) -> AdvocacyInput:
    """A valid input whose creating event is already collected."""
    advocacy_input = submitted_input(**overrides)
    advocacy_input.collect_events()
    return advocacy_input


def refusal(**overrides: Any) -> dict[str, list[str]]:
    """The problems found in an input submitted with these fields."""
    with pytest.raises(InvalidRecord) as refused:
        submitted_input(**overrides)
    return refused.value.errors


def event_names(advocacy_input: AdvocacyInput) -> list[str]:
    """The names of the events recorded since they were last collected."""
    return [type(event).__name__ for event in advocacy_input.collect_events()]


def test_an_input_is_submitted_with_the_evidence_it_rests_on():
    advocacy_input = submitted_input()
    assert advocacy_input.evidence == [EVIDENCE]
    assert advocacy_input.kind == "position_paper"
    assert advocacy_input.closed_as is None
    assert event_names(advocacy_input) == ["Submitted"]


def test_an_input_may_rest_on_no_evidence_yet():
    assert submitted_input(evidence=[]).evidence == []


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_of_input_is_accepted(kind):
    assert submitted_input(kind=kind).kind == kind


@pytest.mark.parametrize("kind", ["letter", "Petition", "position paper", "", None])
def test_a_kind_outside_the_vocabulary_is_refused(kind):
    assert set(refusal(kind=kind)) == {"kind"}


@pytest.mark.parametrize(
    "evidence", [[str(EVIDENCE)], str(EVIDENCE), [EVIDENCE, EVIDENCE], None, [None]]
)
def test_evidence_must_be_distinct_record_ids(evidence):
    assert set(refusal(evidence=evidence)) == {"evidence"}


@pytest.mark.parametrize("field", ["asks", "targets"])
@pytest.mark.parametrize("value", [[""], "Fund the committees", None])
def test_asks_and_targets_are_lists_of_texts(field, value):
    assert set(refusal(**{field: value})) == {field}


def test_an_input_names_its_coalition_by_id():
    assert set(refusal(coalition="ke")) == {"coalition"}


@pytest.mark.parametrize(
    "field", ["coalition", "kind", "title", "asks", "evidence", "targets", "occurred_on"]
)
def test_each_required_field_must_be_given(field):
    fields = {**submitted_input().fields(), "occurred_on": ON, "recorded_by": BY}
    del fields[field]
    with pytest.raises(InvalidRecord) as refused:
        AdvocacyInput.create(**fields)
    assert refused.value.errors == {field: ["is required"]}


def test_an_unknown_field_is_refused():
    assert refusal(signatures=1200) == {"signatures": ["is not a field of this record"]}


def test_every_bad_field_is_named_in_one_refusal():
    errors = refusal(kind="letter", title="", evidence=["x"], occurred_on="2025-05-20")
    assert set(errors) == {"kind", "title", "evidence", "occurred_on"}


def test_evidence_is_linked():
    advocacy_input = fresh_input()
    more = uuid4()
    advocacy_input.link_evidence(more, LATER, BY)
    assert advocacy_input.evidence == [EVIDENCE, more]
    (linked,) = advocacy_input.collect_events()
    assert isinstance(linked, AdvocacyInput.EvidenceLinked)
    assert linked.evidence_id == more


def test_linking_evidence_leaves_the_submitted_event_as_it_was():
    advocacy_input = submitted_input()
    advocacy_input.link_evidence(uuid4(), LATER, BY)
    submitted = advocacy_input.collect_events()[0]
    assert isinstance(submitted, AdvocacyInput.Submitted)
    assert submitted.evidence == [EVIDENCE]


def test_evidence_already_linked_cannot_be_linked_again():
    advocacy_input = fresh_input()
    with pytest.raises(InvalidRecord) as refused:
        advocacy_input.link_evidence(EVIDENCE, LATER, BY)
    assert set(refused.value.errors) == {"evidence_id"}
    assert advocacy_input.evidence == [EVIDENCE]
    assert advocacy_input.collect_events() == []


def test_evidence_is_unlinked():
    advocacy_input = fresh_input()
    advocacy_input.unlink_evidence(EVIDENCE, LATER, BY)
    assert advocacy_input.evidence == []
    assert event_names(advocacy_input) == ["EvidenceUnlinked"]


def test_evidence_that_is_not_linked_cannot_be_unlinked():
    advocacy_input = fresh_input()
    with pytest.raises(InvalidRecord) as refused:
        advocacy_input.unlink_evidence(uuid4(), LATER, BY)
    assert set(refused.value.errors) == {"evidence_id"}
    assert advocacy_input.collect_events() == []


def test_unlinked_evidence_may_be_linked_again():
    advocacy_input = fresh_input()
    advocacy_input.unlink_evidence(EVIDENCE, LATER, BY)
    advocacy_input.link_evidence(EVIDENCE, date(2025, 6, 2), BY)
    assert advocacy_input.evidence == [EVIDENCE]


@pytest.mark.parametrize("evidence_id", [str(EVIDENCE), None, 7])
def test_only_a_record_id_can_be_linked(evidence_id):
    advocacy_input = fresh_input()
    with pytest.raises(InvalidRecord) as refused:
        advocacy_input.link_evidence(evidence_id, LATER, BY)
    assert set(refused.value.errors) == {"evidence_id"}


def test_a_link_dated_after_tomorrow_is_refused():
    advocacy_input = fresh_input()
    with pytest.raises(InvalidRecord) as refused:
        advocacy_input.link_evidence(uuid4(), date(2999, 1, 1), BY)
    assert set(refused.value.errors) == {"occurred_on"}


def test_a_correction_is_a_corrected_event():
    advocacy_input = fresh_input()
    advocacy_input.correct({"kind": "submission"}, "it was a formal submission", LATER, BY)
    assert advocacy_input.kind == "submission"
    (corrected,) = advocacy_input.collect_events()
    assert isinstance(corrected, AdvocacyInput.Corrected)
    assert corrected.changes == {"kind": "submission"}


@pytest.mark.parametrize(
    ("field", "value"), [("coalition", uuid4()), ("evidence", []), ("occurred_on", ON)]
)
def test_a_field_that_is_not_correctable_is_refused(field, value):
    advocacy_input = fresh_input()
    with pytest.raises(InvalidRecord) as refused:
        advocacy_input.correct({field: value}, "wrong", LATER, BY)
    assert set(refused.value.errors) == {field}
    assert advocacy_input.collect_events() == []


def test_a_correction_needs_a_reason():
    advocacy_input = fresh_input()
    with pytest.raises(InvalidRecord) as refused:
        advocacy_input.correct({"title": "T"}, "", LATER, BY)
    assert set(refused.value.errors) == {"reason"}


def test_a_corrected_record_is_checked_whole():
    advocacy_input = fresh_input()
    with pytest.raises(InvalidRecord) as refused:
        advocacy_input.correct({"kind": "letter", "asks": [""]}, "wrong", LATER, BY)
    assert set(refused.value.errors) == {"kind", "asks"}
    assert advocacy_input.kind == "position_paper"
    assert advocacy_input.collect_events() == []


def test_a_withdrawn_input_stays_on_record_with_its_history():
    advocacy_input = fresh_input()
    advocacy_input.withdraw("the county adopted the asks in another form", LATER, BY)
    assert advocacy_input.closed_as == "withdrawn"
    assert advocacy_input.withdrawal_reason == "the county adopted the asks in another form"
    assert advocacy_input.evidence == [EVIDENCE]
    assert event_names(advocacy_input) == ["Withdrawn"]


@pytest.mark.parametrize("reason", ["", "  ", None])
def test_a_withdrawal_needs_a_reason(reason):
    advocacy_input = fresh_input()
    with pytest.raises(InvalidRecord) as refused:
        advocacy_input.withdraw(reason, LATER, BY)
    assert set(refused.value.errors) == {"reason"}
    assert advocacy_input.closed_as is None
    assert advocacy_input.collect_events() == []


def withdrawn_input() -> AdvocacyInput:
    """An input withdrawn, its events collected."""
    advocacy_input = fresh_input()
    advocacy_input.withdraw("superseded", LATER, BY)
    advocacy_input.collect_events()
    return advocacy_input


def test_a_withdrawn_input_refuses_corrections():
    advocacy_input = withdrawn_input()
    with pytest.raises(RecordClosed):
        advocacy_input.correct({"title": "T"}, "typo", LATER, BY)
    assert advocacy_input.collect_events() == []


def test_a_withdrawn_input_refuses_new_links():
    advocacy_input = withdrawn_input()
    with pytest.raises(RecordClosed):
        advocacy_input.link_evidence(uuid4(), LATER, BY)
    assert advocacy_input.collect_events() == []


def test_a_withdrawn_input_refuses_unlinking():
    advocacy_input = withdrawn_input()
    with pytest.raises(RecordClosed):
        advocacy_input.unlink_evidence(EVIDENCE, LATER, BY)
    assert advocacy_input.evidence == [EVIDENCE]


def test_a_withdrawn_input_cannot_be_withdrawn_again():
    with pytest.raises(RecordClosed):
        withdrawn_input().withdraw("again", LATER, BY)


def input_with_history() -> AdvocacyInput:
    """An input that went through every kind of event."""
    advocacy_input = submitted_input()
    advocacy_input.link_evidence(UUID(int=2), LATER, BY)
    advocacy_input.unlink_evidence(EVIDENCE, LATER, BY)
    advocacy_input.correct({"targets": ["County Executive"]}, "wrong target", LATER, BY)
    advocacy_input.withdraw("superseded", date(2025, 7, 1), BY)
    return advocacy_input


@pytest.mark.parametrize("history", [submitted_input, input_with_history])
def test_an_input_rebuilt_from_its_events_equals_the_original(history):
    original = history()
    rebuilt = None
    for event in original.collect_events():
        rebuilt = event.mutate(rebuilt)
    assert isinstance(rebuilt, AdvocacyInput)
    assert vars(rebuilt) == vars(original)
