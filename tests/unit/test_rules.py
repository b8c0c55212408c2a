"""The field rules every record is checked with, and the errors they raise."""

from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID

import pytest

from domain.errors import IllegalTransition, InvalidRecord, RecordClosed
from domain.rules import Check, check_correction, latest_allowed_occurrence


def problems(method: str, value: Any, *args: Any, **options: Any) -> dict[str, list[str]]:
    """The problems one Check rule finds in a field `f` holding `value`."""
    check = Check({"f": value})
    getattr(check, method)("f", *args, **options)
    return check.errors


def tomorrow_utc() -> date:
    """The latest day an `occurred_on` may name."""
    return datetime.now(UTC).date() + timedelta(days=1)


def test_a_check_with_no_problem_raises_nothing():
    Check({}).done()


def test_a_check_raises_every_problem_at_once():
    check = Check({})
    check.problem("title", "must not be empty")
    check.problem("method", "must be one of: survey")
    check.problem("title", "is too short")
    with pytest.raises(InvalidRecord) as refused:
        check.done()
    assert refused.value.errors == {
        "title": ["must not be empty", "is too short"],
        "method": ["must be one of: survey"],
    }


def test_an_invalid_record_says_each_problem_in_its_message():
    error = InvalidRecord({"title": ["must not be empty"], "sample_size": ["must be a count"]})
    assert str(error) == "title: must not be empty; sample_size: must be a count"


def test_an_invalid_record_can_be_placed_under_a_prefix():
    error = InvalidRecord({"text": ["must not be empty"]}).prefixed("commitments.1.")
    assert error.errors == {"commitments.1.text": ["must not be empty"]}


def test_an_illegal_transition_names_both_statuses_and_why():
    error = IllegalTransition("fulfilled", "stalled", "only a reassessment reopens it")
    assert (error.current, error.requested) == ("fulfilled", "stalled")
    assert str(error) == (
        "a commitment that is fulfilled cannot become stalled: only a reassessment reopens it"
    )


def test_a_closed_record_names_its_kind_and_state():
    error = RecordClosed("evidence", "retracted")
    assert (error.kind, error.state) == ("evidence", "retracted")
    assert str(error) == "this evidence was retracted and takes no further changes"


@pytest.mark.parametrize(
    ("value", "options"), [("x", {}), ("", {"empty_ok": True}), (None, {"optional": True})]
)
def test_text_accepts_what_the_record_allows(value, options):
    assert problems("text", value, **options) == {}


@pytest.mark.parametrize(
    ("value", "options"),
    [("", {}), ("  ", {}), (None, {}), (3, {"empty_ok": True}), ("", {"optional": True})],
)
def test_text_refuses_blanks_and_non_texts(value, options):
    assert set(problems("text", value, **options)) == {"f"}


@pytest.mark.parametrize("value", [["a", "b"], []])
def test_texts_accepts_a_list_of_non_empty_texts(value):
    assert problems("texts", value) == {}


@pytest.mark.parametrize("value", [["a", ""], [" "], ("a",), "a", [1], None])
def test_texts_refuses_anything_else(value):
    assert set(problems("texts", value)) == {"f"}


def test_choice_names_the_choices_in_its_message():
    assert problems("choice", "d", ("a", "b")) == {"f": ["must be one of: a, b"]}


def test_choice_names_a_long_vocabulary_by_its_hint():
    assert problems("choice", "d", ("a",), hint="a letter") == {"f": ["must be a letter"]}


def test_an_optional_choice_may_be_none():
    assert problems("choice", None, ("a",), optional=True) == {}


@pytest.mark.parametrize(("value", "choices"), [(True, {1: "one"}), (1.0, (1, 2)), (0, (False,))])
def test_choice_refuses_a_value_only_equal_to_a_choice_of_another_type(value, choices):
    assert set(problems("choice", value, choices)) == {"f"}


@pytest.mark.parametrize("choices", [frozenset({"KE"}), {"KE": "Kenya"}])
def test_choice_refuses_an_unhashable_value_without_raising(choices):
    assert set(problems("choice", ["KE"], choices)) == {"f"}


def test_choices_refuses_a_repeated_word():
    assert problems("choices", ["a", "a"], ("a", "b")) == {"f": ["must not repeat a value"]}


@pytest.mark.parametrize("value", [["c"], "a", None])
def test_choices_refuses_words_outside_the_vocabulary(value):
    assert problems("choices", value, ("a", "b")) == {"f": ["must be a list of: a, b"]}


def test_day_accepts_a_date():
    assert problems("day", date(2025, 1, 1)) == {}


@pytest.mark.parametrize("value", [datetime(2025, 1, 1), "2025-01-01", 20250101, None])
def test_day_refuses_datetimes_texts_and_numbers(value):
    assert problems("day", value) == {"f": ["must be a date"]}


def test_an_optional_day_may_be_none():
    assert problems("day", None, optional=True) == {}


def test_the_latest_day_allowed_to_have_happened_is_tomorrow_in_utc():
    assert latest_allowed_occurrence() == tomorrow_utc()


def test_a_past_day_may_be_tomorrow():
    assert problems("day", tomorrow_utc(), past=True) == {}


def test_a_past_day_may_not_be_later_than_tomorrow():
    later = tomorrow_utc() + timedelta(days=1)
    assert problems("day", later, past=True) == {"f": ["must not be later than tomorrow"]}


def test_a_day_without_past_may_be_in_the_future():
    assert problems("day", date(2999, 1, 1)) == {}


@pytest.mark.parametrize("value", [0, 4400])
def test_count_accepts_whole_numbers_from_zero(value):
    assert problems("count", value) == {}


@pytest.mark.parametrize("value", [-1, 1.0, "1", True, None])
def test_count_refuses_anything_else(value):
    assert set(problems("count", value)) == {"f"}


@pytest.mark.parametrize("value", [[], [UUID(int=1), UUID(int=2)]])
def test_ids_accepts_a_list_of_distinct_record_ids(value):
    assert problems("ids", value) == {}


@pytest.mark.parametrize("value", [[UUID(int=1), UUID(int=1)], [str(UUID(int=1))], UUID(int=1)])
def test_ids_refuses_anything_else(value):
    assert set(problems("ids", value)) == {"f"}


@pytest.mark.parametrize("value", [[], ["5.5", "17.18", "5.a"]])
def test_sdg_targets_accepts_a_list_of_targets(value):
    assert problems("sdg_targets", value) == {}


@pytest.mark.parametrize("value", [["5.5", "18.1"], "5.5", [5.5], None])
def test_sdg_targets_refuses_anything_else(value):
    assert set(problems("sdg_targets", value)) == {"f"}


@pytest.mark.parametrize("value", [None, {"system": "kobo", "id": "17"}])
def test_an_external_ref_is_none_or_a_system_and_an_id(value):
    assert problems("external_ref", value) == {}


@pytest.mark.parametrize(
    "value",
    [{}, {"system": "kobo"}, {"system": "kobo", "id": ""}, {"system": "k", "id": "1", "x": "y"}],
)
def test_an_external_ref_of_another_shape_is_refused(value):
    assert set(problems("external_ref", value)) == {"f"}


def test_a_correction_gives_the_record_as_it_would_be():
    current = {"title": "Old", "sample_size": 17}
    corrected = check_correction(current, {"title": "New"}, ("title",), "typo")
    assert corrected == {"title": "New", "sample_size": 17}
    assert current == {"title": "Old", "sample_size": 17}


def test_a_correction_reports_a_missing_reason_and_every_field_not_correctable():
    with pytest.raises(InvalidRecord) as refused:
        check_correction({}, {"code": "x", "coalition": "y"}, ("title",), "")
    assert set(refused.value.errors) == {"reason", "code", "coalition"}


def test_a_correction_must_change_something():
    with pytest.raises(InvalidRecord) as refused:
        check_correction({}, {}, ("title",), "typo")
    assert set(refused.value.errors) == {"changes"}
