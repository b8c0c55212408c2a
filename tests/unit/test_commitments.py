"""A commitment: its status machine, completion, due date, review and corrections."""

from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import pytest

from domain import Commitment
from domain.errors import IllegalTransition, InvalidRecord

COALITION = uuid4()
DIALOGUE = uuid4()
MADE_ON = date(2025, 1, 15)
LATER = date(2025, 3, 1)
BY = "wanjiru"

OPEN = ("made", "in_progress", "stalled")
CLOSED = ("fulfilled", "partially_fulfilled", "not_fulfilled", "withdrawn")

# The status machine of DESIGN.md, written out by hand.
ALLOWED_MOVES = [
    ("made", "in_progress"),
    ("made", "stalled"),
    ("made", "fulfilled"),
    ("made", "partially_fulfilled"),
    ("made", "not_fulfilled"),
    ("made", "withdrawn"),
    ("in_progress", "stalled"),
    ("in_progress", "fulfilled"),
    ("in_progress", "partially_fulfilled"),
    ("in_progress", "not_fulfilled"),
    ("in_progress", "withdrawn"),
    ("stalled", "in_progress"),
    ("stalled", "fulfilled"),
    ("stalled", "partially_fulfilled"),
    ("stalled", "not_fulfilled"),
    ("stalled", "withdrawn"),
]
# Nothing goes back to `made`; a closed commitment moves only by reassessment to in_progress.
REFUSED_MOVES = [
    ("in_progress", "made"),
    ("stalled", "made"),
    *[
        (closed, status)
        for closed in CLOSED
        for status in ("made", "stalled", *CLOSED)
        if status != closed
    ],
]


def made_commitment(**overrides: Any) -> Commitment:
    """A valid commitment made in a dialogue, due at the end of 2025."""
    fields: dict[str, Any] = {
        "coalition": COALITION,
        "dialogue": DIALOGUE,
        "text": "Fund the Ngiluni women's climate change committee",
        "made_by": {"institution": "Makueni County Government", "role": "Governor"},
        "due_on": date(2025, 12, 31),
        "groups": ["women farmers", "youth"],
        "sdg_targets": ["5.5", "13.1"],
        "occurred_on": MADE_ON,
        "recorded_by": BY,
    }
    fields.update(overrides)
    return Commitment.create(**fields)


def commitment_that_is(status: str, **overrides: Any) -> Commitment:
    """A commitment brought to `status` by an allowed move, its events already collected."""
    commitment = made_commitment(**overrides)
    if status != "made":
        report(commitment, status)
    commitment.collect_events()
    return commitment


def report(
    commitment: Commitment,
    status: str,
    completion: str = "limited",
    note: str = "",
    occurred_on: date = LATER,
    evidence: list[UUID] | None = None,
) -> None:
    """Report progress with plain defaults for what the test does not care about."""
    commitment.report_progress(status, completion, note, evidence or [], occurred_on, BY)


def refusal(**overrides: Any) -> dict[str, list[str]]:
    """The problems found in a commitment made with these fields."""
    with pytest.raises(InvalidRecord) as refused:
        made_commitment(**overrides)
    return refused.value.errors


def event_names(commitment: Commitment) -> list[str]:
    """The names of the events recorded since they were last collected."""
    return [type(event).__name__ for event in commitment.collect_events()]


def test_a_commitment_is_made_open_and_not_started():
    commitment = made_commitment()
    assert (commitment.status, commitment.completion) == ("made", "not_started")
    assert commitment.status_dates == {"made": MADE_ON}
    assert commitment.is_open
    assert commitment.review is None
    assert event_names(commitment) == ["Made"]


def test_a_commitment_keeps_what_was_made():
    commitment = made_commitment()
    assert commitment.fields()["made_by"] == {
        "institution": "Makueni County Government",
        "role": "Governor",
    }
    assert (commitment.dialogue, commitment.due_on) == (DIALOGUE, date(2025, 12, 31))


def test_a_commitment_made_outside_a_dialogue_has_none():
    fields = {
        "coalition": COALITION,
        "text": "Publish the county budget",
        "made_by": {"institution": "County Treasury", "role": ""},
        "due_on": None,
        "groups": [],
        "sdg_targets": [],
        "occurred_on": MADE_ON,
        "recorded_by": BY,
    }
    assert Commitment.create(**fields).dialogue is None


@pytest.mark.parametrize(("current", "new"), ALLOWED_MOVES)
def test_an_allowed_move_changes_the_status_and_records_its_date(current, new):
    commitment = commitment_that_is(current)
    report(commitment, new, occurred_on=date(2025, 6, 1))
    assert commitment.status == new
    assert commitment.status_dates[new] == date(2025, 6, 1)
    assert event_names(commitment) == ["ProgressReported"]


@pytest.mark.parametrize(("current", "new"), REFUSED_MOVES)
def test_a_refused_move_raises_and_records_nothing(current, new):
    commitment = commitment_that_is(current)
    version = commitment.version
    with pytest.raises(IllegalTransition) as refused:
        report(commitment, new, note="a reason")
    assert (refused.value.current, refused.value.requested) == (current, new)
    assert commitment.status == current
    assert commitment.version == version
    assert commitment.collect_events() == []


def test_a_fulfilled_commitment_cannot_be_stalled():
    commitment = made_commitment()
    commitment.report_progress("fulfilled", "complete", "budget spent", [], date(2025, 4, 1), BY)
    with pytest.raises(IllegalTransition):
        commitment.report_progress("stalled", "complete", "", [], date(2025, 5, 1), BY)


@pytest.mark.parametrize("status", OPEN + CLOSED)
def test_the_same_status_may_be_reported_with_a_new_completion(status):
    commitment = commitment_that_is(status)
    dates = dict(commitment.status_dates)
    report(commitment, status, completion="substantial", occurred_on=date(2025, 7, 1))
    assert (commitment.status, commitment.completion) == (status, "substantial")
    assert commitment.status_dates == dates
    assert event_names(commitment) == ["ProgressReported"]


@pytest.mark.parametrize("closed", CLOSED)
def test_a_closed_commitment_is_reassessed_back_to_in_progress_with_a_reason(closed):
    commitment = commitment_that_is(closed)
    report(
        commitment, "in_progress", "limited", "the county reversed its decision", date(2025, 8, 1)
    )
    assert (commitment.status, commitment.completion) == ("in_progress", "limited")
    assert commitment.status_dates["in_progress"] == date(2025, 8, 1)
    assert commitment.is_open
    assert event_names(commitment) == ["Reassessed"]


def test_a_reassessment_event_carries_its_note_and_evidence():
    commitment = commitment_that_is("not_fulfilled")
    evidence = uuid4()
    report(commitment, "in_progress", "limited", "new audit", date(2025, 8, 1), [evidence])
    (reassessed,) = commitment.collect_events()
    assert isinstance(reassessed, Commitment.Reassessed)
    assert (reassessed.note, reassessed.evidence) == ("new audit", [evidence])


@pytest.mark.parametrize("closed", CLOSED)
@pytest.mark.parametrize("note", ["", "   "])
def test_a_reassessment_without_a_reason_is_refused_and_records_nothing(closed, note):
    commitment = commitment_that_is(closed)
    with pytest.raises(InvalidRecord) as refused:
        report(commitment, "in_progress", note=note)
    assert set(refused.value.errors) == {"note"}
    assert commitment.status == closed
    assert commitment.collect_events() == []


@pytest.mark.parametrize("completion", ["not_started", "limited", "substantial", "complete"])
def test_each_completion_level_of_the_ogp_scale_is_accepted(completion):
    commitment = made_commitment()
    report(commitment, "in_progress", completion=completion)
    assert commitment.completion == completion


@pytest.mark.parametrize("completion", ["done", "Complete", "", None, 3])
def test_a_completion_outside_the_ogp_scale_is_refused(completion):
    commitment = commitment_that_is("made")
    with pytest.raises(InvalidRecord) as refused:
        report(commitment, "in_progress", completion=completion)
    assert set(refused.value.errors) == {"completion"}
    assert commitment.collect_events() == []


@pytest.mark.parametrize("status", ["broken", "closed", "Fulfilled", "", None])
def test_a_status_outside_the_vocabulary_is_an_invalid_record_not_a_transition(status):
    commitment = commitment_that_is("made")
    with pytest.raises(InvalidRecord) as refused:
        report(commitment, status)
    assert set(refused.value.errors) == {"status"}


@pytest.mark.parametrize("evidence", [["not-an-id"], "ids", [UUID(int=1), UUID(int=1)]])
def test_progress_must_cite_evidence_as_distinct_record_ids(evidence):
    commitment = commitment_that_is("made")
    with pytest.raises(InvalidRecord) as refused:
        commitment.report_progress("in_progress", "limited", "", evidence, LATER, BY)
    assert set(refused.value.errors) == {"evidence"}


def test_progress_dated_after_tomorrow_is_refused():
    commitment = commitment_that_is("made")
    with pytest.raises(InvalidRecord) as refused:
        report(commitment, "in_progress", occurred_on=date.today() + timedelta(days=3))
    assert set(refused.value.errors) == {"occurred_on"}


@pytest.mark.parametrize("status", OPEN)
def test_an_open_commitment_past_its_due_date_is_overdue(status):
    commitment = commitment_that_is(status, due_on=date(2025, 6, 30))
    assert commitment.is_overdue(date(2025, 7, 1))


@pytest.mark.parametrize("status", CLOSED)
def test_a_closed_commitment_is_never_overdue(status):
    commitment = commitment_that_is(status, due_on=date(2025, 6, 30))
    assert not commitment.is_overdue(date(2025, 7, 1))


def test_a_commitment_without_a_due_date_is_never_overdue():
    assert not made_commitment(due_on=None).is_overdue(date(2099, 1, 1))


def test_a_commitment_due_today_is_not_yet_overdue():
    assert not made_commitment(due_on=date(2025, 6, 30)).is_overdue(date(2025, 6, 30))


def test_a_reassessed_commitment_past_its_due_date_is_overdue_again():
    commitment = commitment_that_is("withdrawn", due_on=date(2025, 6, 30))
    report(commitment, "in_progress", note="the decision was reversed")
    assert commitment.is_overdue(date(2025, 7, 1))


@pytest.mark.parametrize("status", OPEN)
def test_the_due_date_of_an_open_commitment_can_be_moved_with_a_reason(status):
    commitment = commitment_that_is(status)
    commitment.change_due_date(date(2026, 6, 30), "budget cycle moved", LATER, BY)
    assert commitment.due_on == date(2026, 6, 30)
    assert event_names(commitment) == ["DueDateChanged"]


def test_the_due_date_can_be_removed():
    commitment = commitment_that_is("made")
    commitment.change_due_date(None, "no deadline any more", LATER, BY)
    assert commitment.due_on is None


@pytest.mark.parametrize("reason", ["", "  "])
def test_moving_the_due_date_needs_a_reason(reason):
    commitment = commitment_that_is("made")
    with pytest.raises(InvalidRecord) as refused:
        commitment.change_due_date(date(2026, 6, 30), reason, LATER, BY)
    assert set(refused.value.errors) == {"reason"}
    assert commitment.collect_events() == []


@pytest.mark.parametrize("status", CLOSED)
def test_the_due_date_of_a_closed_commitment_cannot_be_moved(status):
    commitment = commitment_that_is(status)
    with pytest.raises(InvalidRecord) as refused:
        commitment.change_due_date(date(2026, 6, 30), "late", LATER, BY)
    assert set(refused.value.errors) == {"due_on"}
    assert commitment.due_on == date(2025, 12, 31)
    assert commitment.collect_events() == []


@pytest.mark.parametrize("due_on", ["2026-06-30", datetime(2026, 6, 30, 12, 0)])
def test_a_moved_due_date_must_be_a_date(due_on):
    commitment = commitment_that_is("made")
    with pytest.raises(InvalidRecord) as refused:
        commitment.change_due_date(due_on, "late", LATER, BY)
    assert set(refused.value.errors) == {"due_on"}


@pytest.mark.parametrize("verdict", ["confirmed", "disputed", "needs_evidence"])
def test_the_committee_reviews_the_status_as_reported(verdict):
    commitment = commitment_that_is("fulfilled")
    commitment.review_fulfilment(verdict, "seen the budget", LATER, "committee")
    assert commitment.review == {
        "verdict": verdict,
        "note": "seen the budget",
        "occurred_on": LATER,
        "recorded_by": "committee",
        "status": "fulfilled",
    }
    assert event_names(commitment) == ["Reviewed"]


@pytest.mark.parametrize("verdict", ["approved", "Confirmed", "", None])
def test_a_review_verdict_outside_the_vocabulary_is_refused(verdict):
    commitment = commitment_that_is("fulfilled")
    with pytest.raises(InvalidRecord) as refused:
        commitment.review_fulfilment(verdict, "", LATER, "committee")
    assert set(refused.value.errors) == {"verdict"}
    assert commitment.review is None


def test_a_review_does_not_change_the_status():
    commitment = commitment_that_is("fulfilled")
    commitment.review_fulfilment("disputed", "no budget line found", LATER, "committee")
    assert commitment.status == "fulfilled"


@pytest.mark.parametrize(
    "made_by",
    [
        {"institution": "", "role": "Governor"},
        {"institution": "  ", "role": "Governor"},
        {"institution": "County", "role": None},
        {"institution": "County"},
        {"institution": "County", "role": "Governor", "name": "J. Doe"},
        "Governor of Makueni",
        None,
    ],
)
def test_who_made_it_must_be_named_by_institution_and_role(made_by):
    assert set(refusal(made_by=made_by)) == {"made_by"}


@pytest.mark.parametrize("due_on", ["2025-12-31", datetime(2025, 12, 31, 0, 0)])
def test_a_due_date_must_be_a_date(due_on):
    assert set(refusal(due_on=due_on)) == {"due_on"}


def test_a_due_date_may_be_open():
    assert made_commitment(due_on=None).due_on is None


@pytest.mark.parametrize("dialogue", ["dialogue-1", 7])
def test_a_dialogue_must_be_named_by_its_id(dialogue):
    assert set(refusal(dialogue=dialogue)) == {"dialogue"}


def test_a_coalition_must_be_named_by_its_id():
    assert set(refusal(coalition="ke")) == {"coalition"}


@pytest.mark.parametrize("sdg_targets", [["18.1"], ["5"], "5.5", [5.5]])
def test_sdg_targets_must_be_a_list_of_targets(sdg_targets):
    assert set(refusal(sdg_targets=sdg_targets)) == {"sdg_targets"}


@pytest.mark.parametrize(
    "field", ["coalition", "text", "made_by", "due_on", "groups", "sdg_targets", "occurred_on"]
)
def test_each_required_field_must_be_given(field):
    fields: dict[str, Any] = {
        "coalition": COALITION,
        "text": "Fund the committee",
        "made_by": {"institution": "County", "role": ""},
        "due_on": None,
        "groups": [],
        "sdg_targets": [],
        "occurred_on": MADE_ON,
        "recorded_by": BY,
    }
    del fields[field]
    with pytest.raises(InvalidRecord) as refused:
        Commitment.create(**fields)
    assert refused.value.errors == {field: ["is required"]}


def test_status_is_not_a_field_that_can_be_given():
    assert refusal(status="fulfilled") == {"status": ["is not a field of this record"]}


def test_every_bad_field_is_named_in_one_refusal():
    errors = refusal(text="", made_by={}, due_on="soon", sdg_targets=["0.1"], recorded_by="")
    assert set(errors) == {"text", "made_by", "due_on", "sdg_targets", "recorded_by"}


def test_a_correction_is_a_corrected_event_not_a_real_change():
    commitment = commitment_that_is("in_progress")
    commitment.correct({"due_on": date(2025, 11, 30)}, "typed the wrong month", LATER, BY)
    assert commitment.due_on == date(2025, 11, 30)
    (corrected,) = commitment.collect_events()
    assert isinstance(corrected, Commitment.Corrected)
    assert not isinstance(corrected, Commitment.DueDateChanged)
    assert (corrected.changes, corrected.reason) == (
        {"due_on": date(2025, 11, 30)},
        "typed the wrong month",
    )


@pytest.mark.parametrize("field", ["coalition", "dialogue", "status", "completion"])
def test_a_field_that_is_not_correctable_is_refused(field):
    commitment = commitment_that_is("made")
    with pytest.raises(InvalidRecord) as refused:
        commitment.correct({field: "anything"}, "wrong", LATER, BY)
    assert set(refused.value.errors) == {field}
    assert commitment.collect_events() == []


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_correction_needs_a_reason(reason):
    commitment = commitment_that_is("made")
    with pytest.raises(InvalidRecord) as refused:
        commitment.correct({"text": "Fund two committees"}, reason, LATER, BY)
    assert set(refused.value.errors) == {"reason"}


def test_a_correction_is_checked_against_the_whole_record():
    commitment = commitment_that_is("made")
    with pytest.raises(InvalidRecord) as refused:
        commitment.correct({"made_by": {"institution": "", "role": "x"}}, "wrong", LATER, BY)
    assert set(refused.value.errors) == {"made_by"}
    assert commitment.made_by["institution"] == "Makueni County Government"
    assert commitment.collect_events() == []


def commitment_with_history() -> Commitment:
    """A commitment that went through every kind of event."""
    commitment = made_commitment()
    report(commitment, "in_progress", "limited", "", date(2025, 2, 1))
    report(commitment, "stalled", "limited", "elections", date(2025, 3, 1))
    commitment.change_due_date(date(2026, 6, 30), "budget cycle", date(2025, 3, 2), BY)
    report(commitment, "fulfilled", "complete", "", date(2025, 5, 1))
    commitment.review_fulfilment("needs_evidence", "", date(2025, 5, 2), "committee")
    report(commitment, "in_progress", "substantial", "funds recalled", date(2025, 6, 1))
    commitment.correct({"groups": ["women farmers"]}, "youth were not named", LATER, BY)
    return commitment


@pytest.mark.parametrize("history", [made_commitment, commitment_with_history])
def test_a_commitment_rebuilt_from_its_events_equals_the_original(history):
    original = history()
    rebuilt = None
    for event in original.collect_events():
        rebuilt = event.mutate(rebuilt)
    assert isinstance(rebuilt, Commitment)
    assert vars(rebuilt) == vars(original)


@pytest.mark.parametrize("recorded_by", ["", "   ", None])
def test_a_progress_report_needs_who_recorded_it(recorded_by):
    commitment = made_commitment()
    commitment.collect_events()
    with pytest.raises(InvalidRecord) as refused:
        commitment.report_progress("in_progress", "limited", "", [], date(2025, 1, 1), recorded_by)
    assert set(refused.value.errors) == {"recorded_by"}
    assert commitment.collect_events() == []
