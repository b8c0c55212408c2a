"""Outcomes: changes in policy or practice, harvested, moved on or back, substantiated."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from web.access import guards_change, guards_create
from web.api.blueprint import Blueprint
from web.api.records import add_record_routes
from web.idempotency import idempotent
from web.schemas.common import SavedOut
from web.schemas.outcomes import (
    OutcomeCorrectionIn,
    OutcomeIn,
    OutcomeOut,
    StageChangeIn,
    SubstantiationIn,
)
from web.services import use_cases
from web.writes import by_user, created, if_match

bp = Blueprint(
    "outcomes",
    __name__,
    url_prefix="/outcomes",
    description="Changes in policy or practice, and the records they followed from.",
)
add_record_routes(bp, "outcome", OutcomeOut, OutcomeCorrectionIn)


@bp.route("", methods=["POST"])
@guards_create("outcome")
@idempotent
@bp.arguments(OutcomeIn)
@bp.response(201, SavedOut)
def harvest_outcome(body: dict[str, Any]) -> Any:
    """Record a change, with the evidence, inputs, dialogues, commitments and budget lines
    it followed from (each link must name an existing record of its kind)."""
    return created(use_cases().harvest_outcome(**body, **by_user()), "outcomes")


@bp.route("/<uuid:outcome_id>/stage-changes", methods=["POST"])
@guards_change("outcome", "stage", "outcome_id")
@idempotent
@bp.arguments(StageChangeIn)
@bp.response(201, SavedOut)
def change_stage(body: dict[str, Any], outcome_id: UUID) -> Any:
    """The change moved on (adopted, implemented) or back (blocked, reversed)."""
    saved = use_cases().change_outcome_stage(
        outcome_id, **body, expected_version=if_match(), **by_user()
    )
    return created(saved, "outcomes")


@bp.route("/<uuid:outcome_id>/substantiations", methods=["POST"])
@guards_change("outcome", "substantiation", "outcome_id")
@idempotent
@bp.arguments(SubstantiationIn)
@bp.response(201, SavedOut)
def substantiate(body: dict[str, Any], outcome_id: UUID) -> Any:
    """An evaluator's verdict on whether the change happened as described."""
    saved = use_cases().substantiate_outcome(
        outcome_id, **body, expected_version=if_match(), **by_user()
    )
    return created(saved, "outcomes")
