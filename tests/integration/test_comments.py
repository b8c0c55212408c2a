"""Comment threads in the store, on each store: a thread of its own beside each record, which
the projections pass over (catch-up and rebuild alike), the ledger links and verifies, and
audit packs carry (a coalition's pack its own records' threads)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from uuid import uuid4

import pytest

from domain.comments import CommentThread, thread_id
from domain.errors import InvalidRecord
from projections import runner
from projections.snapshot import snapshot
from tests.integration.story import EVALUATOR, LEAD, Story
from tracker.composition import Services
from tracker.errors import ConcurrentUpdate, RecordNotFound, StaleVersion
from tracker.ledger.packs import verify_pack, write_pack
from tracker.ledger.verify import verify


def test_a_thread_keeps_comments_and_corrections_apart_from_the_record(
    services: Services, story: Story
) -> None:
    tracker = services.tracker
    commitment = story.commitments[0]
    before = tracker.get("commitment", commitment).version
    first = tracker.add_comment(
        "commitment", commitment, body="Letter sent?", reply_to=None, recorded_by=LEAD
    )
    reply = tracker.add_comment(
        "commitment", commitment, body="Yes, Monday", reply_to=first.id, recorded_by=EVALUATOR
    )
    tracker.correct_comment(
        "commitment", commitment, first.id, body="Letter sent? To whom?", reason="unclear",
        recorded_by=LEAD,
    )  # fmt: skip
    assert tracker.get("commitment", commitment).version == before
    thread = tracker.comment_thread("commitment", commitment)
    assert thread is not None and thread.id == thread_id(commitment)
    assert [(c.body, c.version, c.reply_to) for c in thread.oldest_first()] == [
        ("Letter sent? To whom?", 2, None),
        ("Yes, Monday", 1, first.id),
    ]
    assert reply.record_versions == (before,)
    assert tracker.comment_thread("commitment", story.commitments[1]) is None
    assert tracker.comment_thread("evidence", commitment) is None  # not that kind's thread


def test_a_comment_on_nothing_or_a_coalition_is_not_found(services: Services, story: Story) -> None:
    with pytest.raises(RecordNotFound):
        services.tracker.add_comment(
            "commitment", uuid4(), body="Hello", reply_to=None, recorded_by=LEAD
        )
    with pytest.raises(RecordNotFound):
        services.tracker.add_comment(
            "coalition", story.coalition, body="Hello", reply_to=None, recorded_by=LEAD
        )


def test_a_bad_comment_saves_nothing(services: Services, story: Story) -> None:
    for body in ("nul \x00", "x" * 20_001, " "):
        with pytest.raises(InvalidRecord):
            services.tracker.add_comment(
                "evidence", story.evidence, body=body, reply_to=None, recorded_by=LEAD
            )
    assert services.tracker.comment_thread("evidence", story.evidence) is None


def test_two_people_commenting_at_once_both_land(services: Services, story: Story) -> None:
    tracker = services.tracker
    tracker.add_comment("outcome", story.outcome, body="One", reply_to=None, recorded_by=LEAD)
    stale: CommentThread = tracker.repository.get(thread_id(story.outcome))
    tracker.add_comment("outcome", story.outcome, body="Two", reply_to=None, recorded_by=LEAD)
    loads = iter([stale])
    original = tracker.comment_thread

    def once_stale(kind: str, record_id: object) -> CommentThread | None:
        return next(loads, None) or original(kind, record_id)  # type: ignore[arg-type]

    tracker.comment_thread = once_stale  # type: ignore[method-assign]
    try:
        tracker.add_comment(
            "outcome", story.outcome, body="Three", reply_to=None, recorded_by=EVALUATOR
        )
    finally:
        del tracker.comment_thread
    thread = tracker.comment_thread("outcome", story.outcome)
    assert thread is not None
    assert [c.body for c in thread.oldest_first()] == ["One", "Two", "Three"]


def test_a_correction_that_lost_a_race_to_another_correction_is_refused(
    services: Services, story: Story
) -> None:
    tracker = services.tracker
    made = tracker.add_comment(
        "dialogue", story.dialogue, body="Draft", reply_to=None, recorded_by=LEAD
    )
    stale: CommentThread = tracker.repository.get(thread_id(story.dialogue))
    tracker.correct_comment(
        "dialogue", story.dialogue, made.id, body="Final", reason="done", recorded_by=LEAD
    )
    with pytest.raises(StaleVersion):
        tracker.correct_comment(
            "dialogue", story.dialogue, made.id, body="Other", reason="x", recorded_by=LEAD,
            expected_version=1,
        )  # fmt: skip
    loads = iter([stale])
    original = tracker.comment_thread

    def once_stale(kind: str, record_id: object) -> CommentThread | None:
        return next(loads, None) or original(kind, record_id)  # type: ignore[arg-type]

    tracker.comment_thread = once_stale  # type: ignore[method-assign]
    try:
        with pytest.raises(ConcurrentUpdate):
            tracker.correct_comment(
                "dialogue", story.dialogue, made.id, body="Other", reason="x", recorded_by=LEAD
            )
    finally:
        del tracker.comment_thread


def commented(services: Services, story: Story) -> None:
    for kind, record in (
        ("evidence", story.evidence),
        ("commitment", story.commitments[0]),
        ("budget_line", story.budget_line),
    ):
        made = services.tracker.add_comment(
            kind, record, body=f"On the {kind}", reply_to=None, recorded_by=LEAD
        )
        services.tracker.correct_comment(
            kind, record, made.id, body=f"On the {kind}!", reason="emphasis", recorded_by=LEAD
        )


def test_projections_pass_over_comments_and_a_rebuild_equals_catch_up(
    services: Services, story: Story
) -> None:
    commented(services, story)
    services.tracker.record_follow_up(
        story.dialogue, note="Letter from the county", recorded_by=LEAD
    )
    runner.catch_up(services.tracker, services.engine)
    status = runner.status(services.tracker, services.engine)
    caught_up = snapshot(services.engine)
    runner.rebuild(services.tracker, services.engine)
    assert snapshot(services.engine) == caught_up
    assert {(p["lag"], p["error"]) for p in status["projections"].values()} == {(0, None)}


def test_the_ledger_links_comments_and_audit_packs_carry_them(
    services: Services, story: Story, tmp_path: Path
) -> None:
    commented(services, story)
    assert verify(services.tracker.ledger).ok
    whole, ours = tmp_path / "whole.zip", tmp_path / "ke.zip"
    with whole.open("wb") as out:
        write_pack(services, out)
    with ours.open("wb") as out:
        write_pack(services, out, coalition=story.coalition, coalition_code="ke")
    for pack in (whole, ours):
        assert verify_pack(str(pack)).ok
        with zipfile.ZipFile(pack) as opened:
            lines = [json.loads(line) for line in opened.read("events.jsonl").splitlines()]
        types = {line["type"] for line in lines}
        assert {"comment_thread.comment_added", "comment_thread.comment_corrected"} <= types
    other = tmp_path / "vn.zip"
    vn = services.tracker.register_coalition(code="vn", name="Vietnam", recorded_by=LEAD).id
    with other.open("wb") as out:
        write_pack(services, out, coalition=vn, coalition_code="vn")
    with zipfile.ZipFile(other) as opened:
        assert b"comment_thread" not in opened.read("events.jsonl")
