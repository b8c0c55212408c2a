"""A comment thread: comments and replies in order, corrected but never lost, its text kept
to the rules every text keeps; and which users a comment mentions."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import uuid4

import pytest

from domain.comments import CommentNotFound, CommentThread, thread_id
from domain.errors import InvalidRecord
from tracker.accounts import User
from tracker.comments import mentioned
from tracker.permissions import sensitivity_at


def new_thread() -> CommentThread:
    return CommentThread(kind="commitment", record=uuid4(), coalition=uuid4(), recorded_by="u1")


def replayed(thread: CommentThread) -> CommentThread:
    found = None
    for event in thread.collect_events():
        found = event.mutate(found)
    assert isinstance(found, CommentThread)
    return found


def test_a_threads_id_derives_from_its_records() -> None:
    thread = new_thread()
    assert thread.id == thread_id(thread.record)
    assert thread_id(uuid4()) != thread.id


def test_comments_and_replies_are_kept_in_the_order_written_and_replayed_alike() -> None:
    thread = new_thread()
    first = thread.add("Was the letter sent?", None, 3, "u1")
    reply = thread.add("Yes", first.id, 4, "u2")
    again = replayed(thread)
    assert [(c.body, c.reply_to, c.author, c.record_versions) for c in again.oldest_first()] == [
        ("Was the letter sent?", None, "u1", (3,)),
        ("Yes", first.id, "u2", (4,)),
    ]
    assert reply.version == 1 and not reply.corrected


def test_a_reply_must_answer_a_comment_of_the_same_thread() -> None:
    elsewhere = new_thread().add("Elsewhere", None, 1, "u1")
    with pytest.raises(InvalidRecord) as refused:
        new_thread().add("Agreed", elsewhere.id, 1, "u1")
    assert "reply_to" in refused.value.errors


def test_a_correction_keeps_the_comment_and_says_why() -> None:
    thread = new_thread()
    made = thread.add("Due in Juen", None, 1, "u1")
    fixed = thread.correct(made.id, "Due in June", "typo", 2, "u1")
    assert (fixed.body, fixed.reason, fixed.version, fixed.record_versions) == (
        "Due in June", "typo", 2, (1, 2),
    )  # fmt: skip
    assert fixed.corrected and isinstance(fixed.corrected_at, datetime)
    assert replayed(thread).oldest_first() == [fixed]


def test_only_a_comment_of_the_thread_can_be_corrected() -> None:
    with pytest.raises(CommentNotFound):
        new_thread().correct(uuid4(), "x", "y", 1, "u1")


@pytest.mark.parametrize(
    "body,reason",
    [("", "r"), (" \n", "r"), ("nul\x00", "r"), ("\ud800", "r"), ("x" * 20_001, "r"), ("ok", "")],
)
def test_a_text_no_store_can_keep_is_refused(body: str, reason: str) -> None:
    thread = new_thread()
    if body != "ok":
        with pytest.raises(InvalidRecord):
            thread.add(body, None, 1, "u1")
    made = thread.add("fine", None, 1, "u1")
    with pytest.raises(InvalidRecord):
        thread.correct(made.id, body, reason, 1, "u1")
    assert thread.oldest_first() == [made]


def test_the_longest_text_allowed_is_kept() -> None:
    assert len(new_thread().add("x" * 20_000, None, 1, "u1").body) == 20_000


def user(name: str) -> User:
    return User(name, name, "executive", (), False, datetime(2026, 1, 1, tzinfo=UTC))


def test_a_mention_is_an_at_sign_and_a_whole_user_name() -> None:
    people = [user("ana"), user("ana.m"), user("Wanjiru K"), user("bo")]
    found = mentioned(people, "@ana.m and @Wanjiru K, not me@bo nor @bob; @ana again @ana.")
    assert [u.name for u in found] == ["ana.m", "Wanjiru K", "ana"]


def test_a_comment_is_judged_by_the_sensitivity_of_the_version_it_was_written_against() -> None:
    events: list[dict[str, Any]] = [
        {"sensitivity": "confidential", "title": "t"},
        {"changes": {"sensitivity": "public"}, "reason": "r"},
        {"rating": "high"},
    ]
    assert [sensitivity_at(events, v) for v in (1, 2, 3)] == ["confidential", "public", "public"]
    assert sensitivity_at([{"title": "not evidence"}], 1) is None
