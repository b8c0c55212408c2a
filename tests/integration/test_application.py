"""The use cases on each store: references, atomic saves, uniqueness, conflicts, history."""

from datetime import UTC, date, datetime
from decimal import Decimal
from uuid import uuid4

import pytest

from domain.errors import IllegalTransition, InvalidRecord, RecordClosed
from tests.integration.story import (
    LEAD,
    Story,
    commitment_fields,
    dialogue_fields,
    evidence_fields,
)
from tracker.composition import Services, open_services
from tracker.errors import ConcurrentUpdate, DuplicateRecord, RecordNotFound, StaleVersion


def event_count(services: Services) -> int:
    return services.tracker.recorder.max_notification_id() or 0


def test_a_story_told_through_the_use_cases_reads_back_whole(services: Services, story: Story):
    tracker = services.tracker
    commitment = tracker.get("commitment", story.commitments[0])
    assert commitment.dialogue == story.dialogue
    assert commitment.coalition == story.coalition
    assert commitment.due_on == date(2025, 6, 30)
    line = tracker.get("budget_line", story.budget_line)
    assert line.amounts["allocated"]["amount"] == Decimal("2500000.00")
    assert line.dated_on == date(2024, 7, 1)
    outcome = tracker.get("outcome", story.outcome)
    assert outcome.links["evidence"] == [story.evidence]
    assert outcome.links["budget_lines"] == []


def test_a_record_is_found_by_coalition_code_or_id(services: Services, story: Story):
    assert services.tracker.coalition_id("ke") == story.coalition
    assert services.tracker.coalition_id(str(story.coalition)) == story.coalition
    with pytest.raises(RecordNotFound):
        services.tracker.coalition_id("zz")


def test_a_link_to_a_missing_record_names_the_id_and_saves_nothing(
    services: Services, story: Story
):
    missing = uuid4()
    before = event_count(services)
    with pytest.raises(InvalidRecord) as refused:
        services.tracker.submit_advocacy_input(
            coalition="ke",
            kind="petition",
            title="Petition",
            asks=[],
            targets=[],
            evidence=[story.evidence, missing],
            occurred_on=date(2024, 4, 1),
            recorded_by=LEAD,
        )
    assert str(missing) in " ".join(refused.value.errors["evidence"])
    assert event_count(services) == before


def test_a_link_to_a_record_of_another_kind_is_refused(services: Services, story: Story):
    with pytest.raises(InvalidRecord) as refused:
        services.tracker.submit_advocacy_input(
            coalition="ke",
            kind="petition",
            title="Petition",
            asks=[],
            targets=[],
            evidence=[story.commitments[0]],
            occurred_on=date(2024, 4, 1),
            recorded_by=LEAD,
        )
    assert str(story.commitments[0]) in refused.value.errors["evidence"][0]


def test_outcome_links_are_checked_kind_by_kind(services: Services, story: Story):
    with pytest.raises(InvalidRecord) as refused:
        services.tracker.harvest_outcome(
            coalition="ke",
            description="Change",
            social_actor="County",
            change_type="policy",
            stage="adoption",
            significance="",
            contribution="",
            occurred_on=date(2025, 1, 1),
            links={"dialogues": [story.evidence], "budget_lines": [story.budget_line]},
            recorded_by=LEAD,
        )
    assert set(refused.value.errors) == {"links.dialogues"}


def test_an_unknown_coalition_is_named_in_the_refusal(services: Services, story: Story):
    with pytest.raises(InvalidRecord) as refused:
        services.tracker.record_evidence(**evidence_fields(coalition="zz"))
    assert "zz" in refused.value.errors["coalition"][0]


def test_a_dialogue_with_one_invalid_commitment_saves_nothing_at_all(
    services: Services, story: Story
):
    before = event_count(services)
    with pytest.raises(InvalidRecord) as refused:
        services.tracker.log_dialogue(
            **dialogue_fields(story.advocacy_input),
            commitments=[commitment_fields(), commitment_fields(due_on="next year")],
        )
    assert set(refused.value.errors) == {"commitments.1.due_on"}
    assert event_count(services) == before


def test_a_dialogue_and_its_commitments_are_saved_together(services: Services, story: Story):
    before = event_count(services)
    saved = services.tracker.log_dialogue(
        **dialogue_fields(), commitments=[commitment_fields(), commitment_fields()]
    )
    assert event_count(services) == before + 3
    for commitment_id in saved.commitments:
        assert services.tracker.get("commitment", commitment_id).dialogue == saved.id


def test_a_coalition_code_is_registered_only_once(services: Services, story: Story):
    with pytest.raises(DuplicateRecord):
        services.tracker.register_coalition(code="ke", name="Kenya again", recorded_by=LEAD)


def test_an_external_reference_names_one_record_only(services: Services, story: Story):
    ref = {"system": "irm", "id": "KE0001"}
    saved = services.tracker.record_evidence(**evidence_fields(external_ref=ref))
    assert services.tracker.find_by_external_ref("evidence", "irm", "KE0001") == saved.id
    before = event_count(services)
    with pytest.raises(DuplicateRecord):
        services.tracker.record_evidence(**evidence_fields(external_ref=ref))
    assert event_count(services) == before


def test_two_trackers_changing_one_commitment_at_once_lose_no_event(
    services: Services, story: Story
):
    other = open_services(services.settings)
    try:
        commitment_id = story.commitments[0]
        mine = services.tracker.get("commitment", commitment_id)
        theirs = other.tracker.get("commitment", commitment_id)
        mine.report_progress("in_progress", "limited", "work began", [], date(2024, 8, 1), LEAD)
        theirs.report_progress("stalled", "not_started", "no funds", [], date(2024, 8, 2), LEAD)
        services.tracker.save(mine)
        with pytest.raises(Exception) as lost:  # the library's IntegrityError
            other.tracker.save(theirs)
        assert "Integrity" in type(lost.value).__name__
        # Through the use case the loser gets the tracker's own conflict error.
        stale = other.tracker.repository.get(commitment_id, version=1)
        stale.report_progress("stalled", "not_started", "no funds", [], date(2024, 8, 2), LEAD)
        with pytest.raises(ConcurrentUpdate):
            other.tracker._save([stale], new=False)
        history = services.tracker.history("commitment", commitment_id)
        assert [type(e).__name__ for e in history] == ["Made", "ProgressReported"]
        assert services.tracker.get("commitment", commitment_id).status == "in_progress"
    finally:
        other.close()


def _lose_the_race_at_save_time(
    services: Services, story: Story, expected_version: int | None, monkeypatch
) -> None:
    """Report progress through the use case while another tracker saves first, between this
    one's load (and version check) and its save."""
    other = open_services(services.settings)
    commitment_id = story.commitments[0]
    save = services.tracker.save

    def save_after_the_other(*records):
        other.tracker.report_progress(
            commitment_id,
            status="stalled",
            completion="not_started",
            note="no funds",
            evidence=[],
            recorded_by=LEAD,
            occurred_on=date(2024, 8, 2),
        )
        return save(*records)

    monkeypatch.setattr(services.tracker, "save", save_after_the_other)
    try:
        services.tracker.report_progress(
            commitment_id,
            status="in_progress",
            completion="limited",
            note="work began",
            evidence=[],
            recorded_by=LEAD,
            occurred_on=date(2024, 8, 1),
            expected_version=expected_version,
        )
    finally:
        monkeypatch.undo()
        other.close()


def test_a_writer_with_if_match_that_loses_the_race_at_save_time_gets_a_stale_version(
    services: Services, story: Story, monkeypatch
):
    with pytest.raises(StaleVersion) as stale:
        _lose_the_race_at_save_time(services, story, 1, monkeypatch)
    assert (stale.value.expected, stale.value.actual) == (1, 2)
    assert services.tracker.get("commitment", story.commitments[0]).status == "stalled"


def test_a_writer_without_if_match_that_loses_the_race_gets_a_conflict(
    services: Services, story: Story, monkeypatch
):
    with pytest.raises(ConcurrentUpdate):
        _lose_the_race_at_save_time(services, story, None, monkeypatch)


def test_a_change_to_a_stale_version_is_refused(services: Services, story: Story):
    tracker = services.tracker
    tracker.report_progress(
        story.commitments[0],
        status="in_progress",
        completion="limited",
        note="",
        evidence=[],
        recorded_by=LEAD,
        occurred_on=date(2024, 8, 1),
    )
    with pytest.raises(StaleVersion):
        tracker.review_commitment(
            story.commitments[0],
            verdict="confirmed",
            note="",
            recorded_by=LEAD,
            expected_version=1,
        )


def test_an_illegal_transition_is_refused_and_saves_nothing(services: Services, story: Story):
    tracker = services.tracker
    tracker.report_progress(
        story.commitments[0],
        status="fulfilled",
        completion="complete",
        note="done",
        evidence=[story.evidence],
        recorded_by=LEAD,
        occurred_on=date(2025, 5, 1),
    )
    before = event_count(services)
    with pytest.raises(IllegalTransition):
        tracker.report_progress(
            story.commitments[0],
            status="stalled",
            completion="complete",
            note="",
            evidence=[],
            recorded_by=LEAD,
            occurred_on=date(2025, 6, 1),
        )
    assert event_count(services) == before


def test_a_correction_is_kept_apart_from_real_changes(services: Services, story: Story):
    tracker = services.tracker
    tracker.correct(
        "evidence",
        story.evidence,
        changes={"sample_size": 71},
        reason="digits swapped",
        recorded_by=LEAD,
    )
    history = tracker.history("evidence", story.evidence)
    assert type(history[-1]).__name__ == "Corrected"
    assert history[-1].reason == "digits swapped"
    assert tracker.get("evidence", story.evidence).sample_size == 71


def test_retracted_evidence_keeps_its_history_and_takes_no_new_links(
    services: Services, story: Story
):
    tracker = services.tracker
    tracker.retract_evidence(story.evidence, reason="consent withdrawn", recorded_by=LEAD)
    evidence = tracker.get("evidence", story.evidence)
    assert evidence.closed_as == "retracted"
    assert evidence.title == "Community action plans, Ngiluni"
    with pytest.raises(RecordClosed):
        tracker.correct(
            "evidence", story.evidence, changes={"title": "x"}, reason="r", recorded_by=LEAD
        )
    with pytest.raises(InvalidRecord) as refused:
        tracker.report_progress(
            story.commitments[0],
            status="in_progress",
            completion="limited",
            note="",
            evidence=[story.evidence],
            recorded_by=LEAD,
        )
    assert "retracted" in refused.value.errors["evidence"][0]


def test_a_record_reads_as_it_was_known_on_an_earlier_moment(services: Services, story: Story):
    tracker = services.tracker
    before_change = datetime.now(UTC)
    tracker.report_progress(
        story.commitments[0],
        status="in_progress",
        completion="limited",
        note="",
        evidence=[],
        recorded_by=LEAD,
    )
    then = tracker.as_known_on("commitment", story.commitments[0], before_change)
    assert then is not None and then.status == "made"
    assert tracker.get("commitment", story.commitments[0]).status == "in_progress"
    long_ago = datetime(2000, 1, 1, tzinfo=UTC)
    assert tracker.as_known_on("commitment", story.commitments[0], long_ago) is None


def test_an_id_of_another_kind_is_not_found(services: Services, story: Story):
    with pytest.raises(RecordNotFound):
        services.tracker.get("commitment", story.evidence)
    with pytest.raises(RecordNotFound):
        services.tracker.get("commitment", uuid4())


def test_no_path_can_save_a_text_a_projection_cannot_store(services: Services, story: Story):
    before = event_count(services)
    with pytest.raises(InvalidRecord) as refused:
        services.tracker.record_evidence(**evidence_fields(title="Ngiluni\x00plans"))
    assert "title" in refused.value.errors
    assert event_count(services) == before
