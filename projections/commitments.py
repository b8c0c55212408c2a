"""Commitments: status, completion, due date, who made them, their dates and latest review.

Overdue is not stored: it depends on the day it is asked. Counts by coalition, level, year
and status (also by latest review), and of open commitments by the year and by the month
they are due, are kept beside, so that the fulfilment dashboard never scans more than a
month of due dates.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from domain.commitments import Commitment
from domain.dialogues import Dialogue
from domain.vocabularies import OPEN_STATUSES
from projections.batch import Change, Counter, Key, Op, Row
from projections.kinds import id_text
from projections.projection import Projection, View
from projections.schema import (
    commitment_counts,
    commitment_dialogues,
    commitments,
    open_due_counts,
    open_due_month_counts,
    review_counts,
)


def _by_status(row: Any) -> tuple[Any, ...]:
    return (row["coalition"], row["level"] or "", row["made_year"], row["status"])


def status_on(row: Any) -> Any:
    """The day a commitment's present status was last reported (made: the day it was made)."""
    status = row["status"]
    return row["made_on"] if status == "made" else row[f"{status}_on"]


def review_is_current(row: Any) -> bool:
    """Whether a commitment's latest review judged the status it has now and is not older
    than the day that status was reported (projections.queries.reviews says it in SQL)."""
    if row["review_verdict"] is None or (row["review_status"] or "") != row["status"]:
        return False
    since = status_on(row)
    return since is None or row["review_on"] >= since


def _by_review(row: Any) -> tuple[Any, ...]:
    return (*_by_status(row), row["review_verdict"] or "unreviewed", int(review_is_current(row)))


def _open_by_due_year(row: Any) -> tuple[Any, ...] | None:
    if row["status"] not in OPEN_STATUSES or row["due_on"] is None:
        return None
    return (
        row["coalition"],
        row["level"] or "",
        row["made_year"],
        row["status"],
        row["due_on"].year,
    )


def _open_by_due_month(row: Any) -> tuple[Any, ...] | None:
    by_year = _open_by_due_year(row)
    return None if by_year is None else (*by_year, row["due_on"].month)


projection = Projection(
    "commitments",
    tables=(
        commitment_dialogues,
        commitments,
        commitment_counts,
        open_due_counts,
        open_due_month_counts,
        review_counts,
    ),
    counters=(
        Counter(commitments, commitment_counts, key=_by_status),
        Counter(commitments, open_due_counts, key=_open_by_due_year),
        Counter(commitments, open_due_month_counts, key=_open_by_due_month),
        Counter(commitments, review_counts, key=_by_review),
    ),
    cost=19,
    version=3,  # 2: open commitments counted by the month they are due; 3: by review too
)


@projection.reads
def _needs(event: Any) -> Iterator[tuple[Any, Key]]:
    if isinstance(event, Commitment.Made):
        if event.dialogue is not None:
            yield commitment_dialogues, id_text(event.dialogue)
    elif isinstance(event, Commitment.Event):
        yield commitments, id_text(event.originator_id)
    elif isinstance(event, Dialogue.Corrected):
        yield commitment_dialogues, id_text(event.originator_id)


@projection.on(Dialogue.Held)
def _held(event: Dialogue.Held, view: View) -> Iterator[Op]:
    yield Row(commitment_dialogues, {"id": id_text(event.originator_id), "level": event.level})


@projection.on(Dialogue.Corrected)
def _dialogue_corrected(event: Dialogue.Corrected, view: View) -> Iterator[Op]:
    if "level" not in event.changes:
        return
    key, level = id_text(event.originator_id), event.changes["level"]
    yield Change(commitment_dialogues, key, {"level": level})
    for commitment in view.find(commitments, "dialogue", key):
        yield Change(commitments, commitment, {"level": level})


@projection.on(Commitment.Made)
def _made(event: Commitment.Made, view: View) -> Iterator[Op]:
    dialogue = None if event.dialogue is None else id_text(event.dialogue)
    held = None if dialogue is None else view.get(commitment_dialogues, dialogue)
    yield Row(
        commitments,
        {
            "id": id_text(event.originator_id),
            "position": view.position,
            "coalition": id_text(event.coalition),
            "dialogue": dialogue,
            "text": event.text,
            "institution": event.made_by["institution"],
            "role": event.made_by["role"],
            "level": held["level"] if held else None,
            "groups": list(event.groups),
            "sdg_targets": list(event.sdg_targets),
            "due_on": event.due_on,
            "status": "made",
            "completion": "not_started",
            "made_on": event.occurred_on,
            "made_year": event.occurred_on.year,
            "recorded_at": event.timestamp,
            "recorded_by": event.recorded_by,
        },
    )


@projection.on(Commitment.ProgressReported, Commitment.Reassessed)
def _progress(
    event: Commitment.ProgressReported | Commitment.Reassessed, view: View
) -> Iterator[Op]:
    key = id_text(event.originator_id)
    status = getattr(event, "status", "in_progress")  # a reassessment reopens it
    change: dict[str, Any] = {"status": status, "completion": event.completion}
    current = view.get(commitments, key)
    if isinstance(event, Commitment.Reassessed) or (current and current["status"] != status):
        change[f"{status}_on"] = event.occurred_on
    yield Change(commitments, key, change)


@projection.on(Commitment.DueDateChanged)
def _due_date(event: Commitment.DueDateChanged, view: View) -> Iterator[Op]:
    yield Change(commitments, id_text(event.originator_id), {"due_on": event.due_on})


@projection.on(Commitment.Reviewed)
def _reviewed(event: Commitment.Reviewed, view: View) -> Iterator[Op]:
    key = id_text(event.originator_id)
    current = view.get(commitments, key)
    yield Change(
        commitments,
        key,
        {
            "review_verdict": event.verdict,
            "review_note": event.note,
            "review_on": event.occurred_on,
            "review_by": event.recorded_by,
            "review_status": current["status"] if current else None,
        },
    )


@projection.on(Commitment.Corrected)
def _corrected(event: Commitment.Corrected, view: View) -> Iterator[Op]:
    changes = event.changes
    change: dict[str, Any] = {
        k: changes[k] for k in ("text", "due_on", "groups", "sdg_targets") if k in changes
    }
    if "made_by" in changes:
        change["institution"] = changes["made_by"]["institution"]
        change["role"] = changes["made_by"]["role"]
    if change:
        yield Change(commitments, id_text(event.originator_id), change)
