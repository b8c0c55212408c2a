"""Commitments: made, progressed, rescheduled, and reviewed by the executive committee."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from projections import queries as read_models
from web.access import guards_change, guards_create
from web.api.blueprint import Blueprint
from web.api.records import add_record_routes
from web.idempotency import idempotent
from web.schemas.commitments import (
    CommitmentCorrectionIn,
    CommitmentIn,
    CommitmentOut,
    CommitmentPageOut,
    CommitmentsQuery,
    DueDateChangeIn,
    ProgressIn,
    ReviewIn,
)
from web.schemas.common import SavedOut
from web.services import services, use_cases
from web.writes import by_user, created, if_match

bp = Blueprint(
    "commitments",
    __name__,
    url_prefix="/commitments",
    description="Promises decision makers made, and what became of them.",
)
add_record_routes(bp, "commitment", CommitmentOut, CommitmentCorrectionIn)


@bp.read_query("", CommitmentsQuery, CommitmentPageOut)
def list_commitments(query: dict[str, Any]) -> Any:
    """A page of commitments, oldest made first, from the read model.

    Filters narrow the list: `overdue=true` means open and past its due date today (UTC),
    `year` the year it was made, `level` its dialogue's, `review` the executive committee's
    latest verdict on it (`unreviewed`: none yet). A commitment saved a moment ago
    shows once the projections have caught up (`/healthz` tells how far behind they are).
    """
    page, per_page = query.pop("page"), query.pop("per_page")
    return read_models.commitments(services().engine, query, page, per_page)


@bp.route("", methods=["POST"])
@guards_create("commitment")
@idempotent
@bp.arguments(CommitmentIn)
@bp.response(201, SavedOut)
def make_commitment(body: dict[str, Any]) -> Any:
    """Record a commitment made outside any logged dialogue."""
    return created(use_cases().make_commitment(**body, **by_user()), "commitments")


@bp.route("/<uuid:commitment_id>/progress", methods=["POST"])
@guards_change("commitment", "progress", "commitment_id")
@idempotent
@bp.arguments(ProgressIn)
@bp.response(201, SavedOut)
def report_progress(body: dict[str, Any], commitment_id: UUID) -> Any:
    """Report what a decision maker has done about a commitment.

    A status the machine does not allow is a 409; a closed commitment comes back to
    `in_progress` only as a reassessment, whose `note` gives the reason (else 422).
    """
    saved = use_cases().report_progress(
        commitment_id, **body, expected_version=if_match(), **by_user()
    )
    return created(saved, "commitments")


@bp.route("/<uuid:commitment_id>/due-date-changes", methods=["POST"])
@guards_change("commitment", "due-date", "commitment_id")
@idempotent
@bp.arguments(DueDateChangeIn)
@bp.response(201, SavedOut)
def change_due_date(body: dict[str, Any], commitment_id: UUID) -> Any:
    """The decision maker moved the deadline, for a reason."""
    saved = use_cases().change_due_date(
        commitment_id, **body, expected_version=if_match(), **by_user()
    )
    return created(saved, "commitments")


@bp.route("/<uuid:commitment_id>/reviews", methods=["POST"])
@guards_change("commitment", "review", "commitment_id")
@idempotent
@bp.arguments(ReviewIn)
@bp.response(201, SavedOut)
def review_commitment(body: dict[str, Any], commitment_id: UUID) -> Any:
    """The executive committee's verdict on a commitment's reported status."""
    saved = use_cases().review_commitment(
        commitment_id, **body, expected_version=if_match(), **by_user()
    )
    return created(saved, "commitments")
