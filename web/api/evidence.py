"""Citizen evidence: recorded, retracted, assessed for quality."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from web.access import guards_change, guards_create
from web.api.blueprint import Blueprint
from web.api.records import add_record_routes
from web.idempotency import idempotent
from web.schemas.common import SavedOut
from web.schemas.evidence import (
    EvidenceCorrectionIn,
    EvidenceIn,
    EvidenceOut,
    QualityAssessmentIn,
    RetractionIn,
)
from web.services import use_cases
from web.writes import by_user, created, if_match

bp = Blueprint(
    "evidence",
    __name__,
    url_prefix="/evidence",
    description="Citizen data sets and reports; confidential content is shown only to those"
    " allowed to see it.",
)
add_record_routes(bp, "evidence", EvidenceOut, EvidenceCorrectionIn)


@bp.route("", methods=["POST"])
@guards_create("evidence")
@idempotent
@bp.arguments(EvidenceIn)
@bp.response(201, SavedOut)
def record_evidence(body: dict[str, Any]) -> Any:
    """Record citizen evidence: a data set or report a coalition's communities produced."""
    return created(use_cases().record_evidence(**body, **by_user()), "evidence")


@bp.route("/<uuid:evidence_id>/retractions", methods=["POST"])
@guards_change("evidence", "retraction", "evidence_id")
@idempotent
@bp.arguments(RetractionIn)
@bp.response(201, SavedOut)
def retract_evidence(body: dict[str, Any], evidence_id: UUID) -> Any:
    """Withdraw evidence from use; it stays on record with its history."""
    saved = use_cases().retract_evidence(
        evidence_id, **body, expected_version=if_match(), **by_user()
    )
    return created(saved, "evidence")


@bp.route("/<uuid:evidence_id>/quality-assessments", methods=["POST"])
@guards_change("evidence", "quality", "evidence_id")
@idempotent
@bp.arguments(QualityAssessmentIn)
@bp.response(201, SavedOut)
def assess_quality(body: dict[str, Any], evidence_id: UUID) -> Any:
    """Judge how far evidence can be relied on."""
    saved = use_cases().assess_evidence_quality(
        evidence_id, **body, expected_version=if_match(), **by_user()
    )
    return created(saved, "evidence")
