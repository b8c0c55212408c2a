"""Citizen evidence: the Copenhagen Framework fields, corrections, quality and retraction."""

from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import uuid4

import pytest

from domain import Evidence
from domain.errors import InvalidRecord, RecordClosed

COALITION = uuid4()
ON = date(2025, 5, 2)
LATER = date(2025, 6, 1)
BY = "wanjiru"

METHODS = (
    "survey",
    "focus_group",
    "community_scorecard",
    "citizen_report_card",
    "social_audit",
    "participatory_mapping",
    "participatory_forum",
    "other",
)
DIMENSIONS = (
    "income",
    "sex",
    "age",
    "disability",
    "ethnicity_or_caste",
    "migratory_status",
    "location",
    "other",
)


def recorded_evidence(**overrides: Any) -> Evidence:
    """Valid evidence: the Ngiluni community action plans."""
    fields: dict[str, Any] = {
        "coalition": COALITION,
        "title": "Ngiluni community action plans",
        "summary": "Village priorities from participatory forums of women farmers",
        "method": "participatory_forum",
        "collected_from": date(2024, 10, 1),
        "collected_to": date(2025, 4, 30),
        "locations": ["Ngiluni village, Makueni County"],
        "sample_size": 17,
        "sampling": "every woman farmer trained by the CBO",
        "groups": ["women farmers"],
        "disaggregation": ["sex", "age"],
        "participation_level": 4,
        "value_chain_stages": ["design", "collection", "analysis"],
        "producers": ["Ngiluni CBO", "Kenya SDG Forum"],
        "consent": {"obtained": True, "kind": "community"},
        "sensitivity": "public",
        "sdg_targets": ["5.5", "13.1", "17.18"],
        "link": None,
        "occurred_on": ON,
        "recorded_by": BY,
    }
    fields.update(overrides)
    return Evidence.create(**fields)


def refusal(**overrides: Any) -> dict[str, list[str]]:
    """The problems found in evidence recorded with these fields."""
    with pytest.raises(InvalidRecord) as refused:
        recorded_evidence(**overrides)
    return refused.value.errors


def fresh_evidence(**overrides: Any) -> Evidence:
    """Valid evidence whose creating event is already collected."""
    evidence = recorded_evidence(**overrides)
    evidence.collect_events()
    return evidence


def event_names(evidence: Evidence) -> list[str]:
    """The names of the events recorded since they were last collected."""
    return [type(event).__name__ for event in evidence.collect_events()]


def tomorrow_utc() -> date:
    """The latest day an `occurred_on` may name."""
    return datetime.now(UTC).date() + timedelta(days=1)


def test_evidence_is_recorded_with_its_fields_and_no_quality_yet():
    evidence = recorded_evidence()
    assert evidence.title == "Ngiluni community action plans"
    assert evidence.consent == {"obtained": True, "kind": "community"}
    assert (evidence.quality, evidence.closed_as) == (None, None)
    assert event_names(evidence) == ["Recorded"]


def test_optional_fields_take_their_defaults():
    fields = recorded_evidence().fields()
    for optional in ("locations", "sampling", "value_chain_stages", "link"):
        del fields[optional]
    evidence = Evidence.create(**fields, occurred_on=ON, recorded_by=BY)
    assert (evidence.locations, evidence.sampling) == ([], "")
    assert (evidence.value_chain_stages, evidence.link) == ([], None)


def test_two_records_do_not_share_a_default_list():
    fields = recorded_evidence().fields()
    del fields["locations"]
    first = Evidence.create(**fields, occurred_on=ON, recorded_by=BY)
    second = Evidence.create(**fields, occurred_on=ON, recorded_by=BY)
    assert first.locations is not second.locations


@pytest.mark.parametrize("method", METHODS)
def test_each_method_of_the_vocabulary_is_accepted(method):
    assert recorded_evidence(method=method).method == method


@pytest.mark.parametrize("method", ["interview", "Survey", "focus group", "", None])
def test_a_method_outside_the_vocabulary_is_refused(method):
    assert set(refusal(method=method)) == {"method"}


@pytest.mark.parametrize("dimension", DIMENSIONS)
def test_each_disaggregation_dimension_is_accepted(dimension):
    assert recorded_evidence(disaggregation=[dimension]).disaggregation == [dimension]


def test_no_disaggregation_is_accepted():
    assert recorded_evidence(disaggregation=[]).disaggregation == []


@pytest.mark.parametrize(
    "disaggregation", [["gender"], ["sex", "caste"], "sex", ["sex", "sex"], [None], None]
)
def test_a_disaggregation_outside_the_vocabulary_or_repeated_is_refused(disaggregation):
    assert set(refusal(disaggregation=disaggregation)) == {"disaggregation"}


@pytest.mark.parametrize("level", [1, 2, 3, 4, 5])
def test_each_participation_level_from_1_to_5_is_accepted(level):
    assert recorded_evidence(participation_level=level).participation_level == level


@pytest.mark.parametrize("level", [0, 6, -1, True, False, 3.0, "3", None, [3]])
def test_a_participation_level_that_is_not_a_whole_number_1_to_5_is_refused(level):
    assert set(refusal(participation_level=level)) == {"participation_level"}


@pytest.mark.parametrize("obtained", [True, False])
@pytest.mark.parametrize("kind", ["verbal", "written", "digital", "community", "not_applicable"])
def test_consent_says_whether_it_was_obtained_and_how(obtained, kind):
    consent = {"obtained": obtained, "kind": kind}
    assert recorded_evidence(consent=consent).consent == consent


@pytest.mark.parametrize(
    "consent",
    [
        {"obtained": "yes", "kind": "verbal"},
        {"obtained": 1, "kind": "verbal"},
        {"obtained": True, "kind": "oral"},
        {"obtained": True},
        {"kind": "verbal"},
        {"obtained": True, "kind": "verbal", "by": "chief"},
        {"obtained": True, "kind": ["verbal"]},
        True,
        "verbal",
        None,
    ],
)
def test_consent_of_another_shape_is_refused(consent):
    assert set(refusal(consent=consent)) == {"consent"}


@pytest.mark.parametrize("sensitivity", ["public", "restricted", "confidential"])
def test_each_sensitivity_is_accepted(sensitivity):
    assert recorded_evidence(sensitivity=sensitivity).sensitivity == sensitivity


@pytest.mark.parametrize("sensitivity", ["secret", "Public", "", None])
def test_a_sensitivity_outside_the_vocabulary_is_refused(sensitivity):
    assert set(refusal(sensitivity=sensitivity)) == {"sensitivity"}


@pytest.mark.parametrize("targets", [["18.1"], ["0.1"], ["5."], "5.5", [5.5], None])
def test_sdg_targets_must_be_a_list_of_targets(targets):
    assert set(refusal(sdg_targets=targets)) == {"sdg_targets"}


@pytest.mark.parametrize("field", ["collected_from", "collected_to", "occurred_on"])
@pytest.mark.parametrize("value", ["2025-01-01", datetime(2025, 1, 1, 9, 30), 20250101, None])
def test_dates_must_be_dates_not_strings_nor_datetimes(field, value):
    assert set(refusal(**{field: value})) == {field}


def test_a_collection_period_ending_before_it_starts_is_refused_on_its_end():
    errors = refusal(collected_from=date(2025, 4, 30), collected_to=date(2024, 10, 1))
    assert set(errors) == {"collected_to"}


def test_a_collection_period_of_one_day_is_accepted():
    evidence = recorded_evidence(collected_from=date(2025, 3, 1), collected_to=date(2025, 3, 1))
    assert evidence.collected_to == date(2025, 3, 1)


def test_evidence_occurring_tomorrow_is_accepted():
    assert recorded_evidence(occurred_on=tomorrow_utc()).occurred_on == tomorrow_utc()


def test_evidence_occurring_after_tomorrow_is_refused():
    assert set(refusal(occurred_on=tomorrow_utc() + timedelta(days=1))) == {"occurred_on"}


def test_a_sample_size_of_zero_is_accepted():
    assert recorded_evidence(sample_size=0).sample_size == 0


@pytest.mark.parametrize("size", [-1, 17.5, "17", True, None])
def test_a_sample_size_that_is_not_a_whole_number_from_zero_is_refused(size):
    assert set(refusal(sample_size=size)) == {"sample_size"}


@pytest.mark.parametrize("title", ["", "   ", None])
def test_evidence_needs_a_title(title):
    assert set(refusal(title=title)) == {"title"}


def test_a_summary_may_be_empty():
    assert recorded_evidence(summary="").summary == ""


@pytest.mark.parametrize("field", ["locations", "groups", "value_chain_stages", "producers"])
@pytest.mark.parametrize("value", [[""], ["  "], "women farmers", [7], None])
def test_lists_of_texts_refuse_blanks_and_non_lists(field, value):
    assert set(refusal(**{field: value})) == {field}


def test_a_link_may_be_given():
    link = "https://example.org/ngiluni-report.pdf"
    assert recorded_evidence(link=link).link == link


@pytest.mark.parametrize("link", ["", "  ", 42])
def test_a_link_when_given_must_be_non_empty_text(link):
    assert set(refusal(link=link)) == {"link"}


@pytest.mark.parametrize("coalition", ["ke", None, str(COALITION)])
def test_evidence_names_its_coalition_by_id(coalition):
    assert set(refusal(coalition=coalition)) == {"coalition"}


@pytest.mark.parametrize("recorded_by", ["", "  ", None])
def test_evidence_says_who_recorded_it(recorded_by):
    assert set(refusal(recorded_by=recorded_by)) == {"recorded_by"}


def test_an_external_reference_is_kept():
    ref = {"system": "kobo", "id": "form-17"}
    assert recorded_evidence(external_ref=ref).external_ref == ref


@pytest.mark.parametrize(
    "ref", [{"system": "kobo"}, {"system": "", "id": "1"}, {"system": "k", "id": 1}, "kobo:1"]
)
def test_an_external_reference_of_another_shape_is_refused(ref):
    assert set(refusal(external_ref=ref)) == {"external_ref"}


@pytest.mark.parametrize(
    "field",
    [
        "coalition",
        "title",
        "summary",
        "method",
        "collected_from",
        "collected_to",
        "sample_size",
        "groups",
        "disaggregation",
        "participation_level",
        "producers",
        "consent",
        "sensitivity",
        "sdg_targets",
        "occurred_on",
        "recorded_by",
    ],
)
def test_each_required_field_must_be_given(field):
    fields = {**recorded_evidence().fields(), "occurred_on": ON, "recorded_by": BY}
    del fields[field]
    with pytest.raises(InvalidRecord) as refused:
        Evidence.create(**fields)
    assert refused.value.errors == {field: ["is required"]}


def test_names_of_respondents_are_not_a_field():
    errors = refusal(respondents=["Mary Mwikali"])
    assert errors == {"respondents": ["is not a field of this record"]}


def test_unknown_and_missing_fields_are_named_together():
    fields = {**recorded_evidence().fields(), "occurred_on": ON, "recorded_by": BY}
    del fields["title"]
    with pytest.raises(InvalidRecord) as refused:
        Evidence.create(**fields, author="someone")
    assert refused.value.errors == {
        "author": ["is not a field of this record"],
        "title": ["is required"],
    }


def test_every_bad_field_is_named_in_one_refusal():
    errors = refusal(
        title="",
        method="interview",
        sample_size=-1,
        participation_level=6,
        sensitivity="secret",
        collected_from=date(2025, 5, 1),
        collected_to=date(2025, 4, 1),
    )
    assert set(errors) == {
        "title",
        "method",
        "sample_size",
        "participation_level",
        "sensitivity",
        "collected_to",
    }


def test_a_correction_changes_the_fields_as_a_corrected_event():
    evidence = fresh_evidence()
    evidence.correct({"sample_size": 71, "title": "Ngiluni plans"}, "digits swapped", LATER, BY)
    assert (evidence.sample_size, evidence.title) == (71, "Ngiluni plans")
    (corrected,) = evidence.collect_events()
    assert isinstance(corrected, Evidence.Corrected)
    assert corrected.changes == {"sample_size": 71, "title": "Ngiluni plans"}
    assert (corrected.reason, corrected.occurred_on, corrected.recorded_by) == (
        "digits swapped",
        LATER,
        BY,
    )


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_a_correction_needs_a_reason(reason):
    evidence = fresh_evidence()
    with pytest.raises(InvalidRecord) as refused:
        evidence.correct({"title": "Ngiluni plans"}, reason, LATER, BY)
    assert set(refused.value.errors) == {"reason"}
    assert evidence.collect_events() == []


@pytest.mark.parametrize("field", ["coalition", "occurred_on", "recorded_by", "respondents"])
def test_a_field_that_is_not_correctable_is_refused(field):
    evidence = fresh_evidence()
    with pytest.raises(InvalidRecord) as refused:
        evidence.correct({field: "x"}, "wrong", LATER, BY)
    assert set(refused.value.errors) == {field}
    assert evidence.collect_events() == []


def test_a_correction_must_name_a_field():
    evidence = fresh_evidence()
    with pytest.raises(InvalidRecord) as refused:
        evidence.correct({}, "nothing", LATER, BY)
    assert set(refused.value.errors) == {"changes"}


def test_a_corrected_record_is_checked_whole():
    evidence = fresh_evidence()
    with pytest.raises(InvalidRecord) as refused:
        evidence.correct({"collected_to": date(2024, 9, 1)}, "wrong year", LATER, BY)
    assert set(refused.value.errors) == {"collected_to"}
    assert evidence.collected_to == date(2025, 4, 30)
    assert evidence.collect_events() == []


def test_a_correction_dated_after_tomorrow_is_refused():
    evidence = fresh_evidence()
    with pytest.raises(InvalidRecord) as refused:
        evidence.correct({"title": "T"}, "typo", tomorrow_utc() + timedelta(days=1), BY)
    assert set(refused.value.errors) == {"occurred_on"}


@pytest.mark.parametrize("rating", ["high", "medium", "low"])
def test_quality_is_assessed_with_a_rating(rating):
    evidence = fresh_evidence()
    evidence.assess_quality(rating, "small sample", LATER, "evaluator")
    assert evidence.quality == {"rating": rating, "note": "small sample", "occurred_on": LATER}
    assert event_names(evidence) == ["QualityAssessed"]


@pytest.mark.parametrize("rating", ["excellent", "High", "", None, 3])
def test_a_quality_rating_outside_the_vocabulary_is_refused(rating):
    evidence = fresh_evidence()
    with pytest.raises(InvalidRecord) as refused:
        evidence.assess_quality(rating, "", LATER, "evaluator")
    assert set(refused.value.errors) == {"rating"}
    assert evidence.quality is None
    assert evidence.collect_events() == []


def test_retracted_evidence_stays_on_record_with_its_history():
    evidence = fresh_evidence()
    evidence.assess_quality("low", "", LATER, "evaluator")
    evidence.retract("consent was not obtained from every village", date(2025, 6, 2), BY)
    assert evidence.closed_as == "retracted"
    assert evidence.retraction_reason == "consent was not obtained from every village"
    assert evidence.title == "Ngiluni community action plans"
    assert evidence.quality is not None
    assert event_names(evidence) == ["QualityAssessed", "Retracted"]


@pytest.mark.parametrize("reason", ["", "  ", None])
def test_a_retraction_needs_a_reason(reason):
    evidence = fresh_evidence()
    with pytest.raises(InvalidRecord) as refused:
        evidence.retract(reason, LATER, BY)
    assert set(refused.value.errors) == {"reason"}
    assert evidence.closed_as is None
    assert evidence.collect_events() == []


def test_retracted_evidence_refuses_corrections():
    evidence = fresh_evidence()
    evidence.retract("withdrawn by the CBO", LATER, BY)
    evidence.collect_events()
    with pytest.raises(RecordClosed):
        evidence.correct({"title": "T"}, "typo", LATER, BY)
    assert evidence.collect_events() == []


def test_retracted_evidence_refuses_quality_assessments():
    evidence = fresh_evidence()
    evidence.retract("withdrawn by the CBO", LATER, BY)
    with pytest.raises(RecordClosed):
        evidence.assess_quality("high", "", LATER, "evaluator")


def test_retracted_evidence_cannot_be_retracted_again():
    evidence = fresh_evidence()
    evidence.retract("withdrawn by the CBO", LATER, BY)
    with pytest.raises(RecordClosed):
        evidence.retract("again", LATER, BY)
    assert evidence.retraction_reason == "withdrawn by the CBO"


def evidence_with_history() -> Evidence:
    """Evidence that went through every kind of event."""
    evidence = recorded_evidence()
    evidence.correct({"locations": ["Ngiluni", "Kathonzweni"]}, "second village", LATER, BY)
    evidence.assess_quality("medium", "small sample", LATER, "evaluator")
    evidence.retract("superseded by the 2025 cycle", date(2025, 7, 1), BY)
    return evidence


@pytest.mark.parametrize("history", [recorded_evidence, evidence_with_history])
def test_evidence_rebuilt_from_its_events_equals_the_original(history):
    original = history()
    rebuilt = None
    for event in original.collect_events():
        rebuilt = event.mutate(rebuilt)
    assert isinstance(rebuilt, Evidence)
    assert vars(rebuilt) == vars(original)
