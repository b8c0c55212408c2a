"""Dialogues with decision makers, logged with the commitments made in them."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from web.access import guards_change, guards_create
from web.api.blueprint import Blueprint
from web.api.records import add_record_routes
from web.idempotency import idempotent
from web.schemas.common import DialogueSavedOut, SavedOut
from web.schemas.dialogues import DialogueCorrectionIn, DialogueIn, DialogueOut, FollowUpIn
from web.services import use_cases
from web.writes import by_user, created, if_match

bp = Blueprint(
    "dialogues",
    __name__,
    url_prefix="/dialogues",
    description="Meetings, hearings and forums with decision makers.",
)
add_record_routes(bp, "dialogue", DialogueOut, DialogueCorrectionIn)


@bp.route("", methods=["POST"])
@guards_create("dialogue")
@idempotent
@bp.arguments(DialogueIn)
@bp.response(201, DialogueSavedOut)
def log_dialogue(body: dict[str, Any]) -> Any:
    """Log a dialogue and the commitments made in it: all saved together, or nothing.

    The answer lists the new commitments' ids in the order given; every problem of the
    dialogue and of each commitment (`commitments.<index>.<field>`) is named at once.
    """
    saved = use_cases().log_dialogue(**body, **by_user())
    return created(saved, "dialogues", commitments=True)


@bp.route("/<uuid:dialogue_id>/follow-ups", methods=["POST"])
@guards_change("dialogue", "follow-up", "dialogue_id")
@idempotent
@bp.arguments(FollowUpIn)
@bp.response(201, SavedOut)
def record_follow_up(body: dict[str, Any], dialogue_id: UUID) -> Any:
    """Something that happened after a dialogue: a letter, a call, a second meeting."""
    saved = use_cases().record_follow_up(
        dialogue_id, **body, expected_version=if_match(), **by_user()
    )
    return created(saved, "dialogues")
