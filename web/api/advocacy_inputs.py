"""Advocacy inputs: submitted to decision makers, withdrawn."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from web.access import guards_change, guards_create
from web.api.blueprint import Blueprint
from web.api.records import add_record_routes
from web.idempotency import idempotent
from web.schemas.advocacy_inputs import (
    AdvocacyInputCorrectionIn,
    AdvocacyInputIn,
    AdvocacyInputOut,
    WithdrawalIn,
)
from web.schemas.common import SavedOut
from web.services import use_cases
from web.writes import by_user, created, if_match

bp = Blueprint(
    "advocacy-inputs",
    __name__,
    url_prefix="/advocacy-inputs",
    description="Position papers, petitions, submissions, presentations and report launches.",
)
add_record_routes(bp, "advocacy_input", AdvocacyInputOut, AdvocacyInputCorrectionIn)


@bp.route("", methods=["POST"])
@guards_create("advocacy_input")
@idempotent
@bp.arguments(AdvocacyInputIn)
@bp.response(201, SavedOut)
def submit_advocacy_input(body: dict[str, Any]) -> Any:
    """Record what a coalition put before decision makers, and the evidence it rests on."""
    return created(use_cases().submit_advocacy_input(**body, **by_user()), "advocacy-inputs")


@bp.route("/<uuid:input_id>/withdrawals", methods=["POST"])
@guards_change("advocacy_input", "withdrawal", "input_id")
@idempotent
@bp.arguments(WithdrawalIn)
@bp.response(201, SavedOut)
def withdraw_advocacy_input(body: dict[str, Any], input_id: UUID) -> Any:
    """The coalition no longer stands behind the input; it stays on record."""
    saved = use_cases().withdraw_advocacy_input(
        input_id, **body, expected_version=if_match(), **by_user()
    )
    return created(saved, "advocacy-inputs")
