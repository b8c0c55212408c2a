"""Coalitions of the partnership and their member organisations."""

from __future__ import annotations

from typing import Any

from web.access import guards_change, guards_create
from web.api.blueprint import Blueprint
from web.api.records import add_record_routes
from web.idempotency import idempotent
from web.schemas.coalitions import (
    CoalitionCorrectionIn,
    CoalitionIn,
    CoalitionOut,
    MemberIn,
    MemberLeftIn,
)
from web.schemas.common import SavedOut
from web.services import use_cases
from web.writes import by_user, created, if_match

bp = Blueprint(
    "coalitions",
    __name__,
    url_prefix="/coalitions",
    description="Country coalitions and global members; a coalition is named by code or id.",
)
add_record_routes(bp, "coalition", CoalitionOut, CoalitionCorrectionIn)


@bp.route("", methods=["POST"])
@guards_create("coalition")
@idempotent
@bp.arguments(CoalitionIn)
@bp.response(201, SavedOut)
def register_coalition(body: dict[str, Any]) -> Any:
    """Register a coalition (admins only); its code is unique for good."""
    return created(use_cases().register_coalition(**body, **by_user()), "coalitions")


@bp.route("/<coalition>/members", methods=["POST"])
@guards_change("coalition", "members", "coalition")
@idempotent
@bp.arguments(MemberIn)
@bp.response(201, SavedOut)
def admit_member(body: dict[str, Any], coalition: str) -> Any:
    """A member organisation joined the coalition."""
    saved = use_cases().admit_member(coalition, **body, expected_version=if_match(), **by_user())
    return created(saved, "coalitions")


@bp.route("/<coalition>/members/<path:name>", methods=["DELETE"])
@guards_change("coalition", "members", "coalition")
@bp.arguments(MemberLeftIn, required=False)
@bp.response(201, SavedOut)
def release_member(body: dict[str, Any], coalition: str, name: str) -> Any:
    """A member organisation left the coalition (the body, with `occurred_on`, is optional)."""
    saved = use_cases().release_member(
        coalition, name=name, **body, expected_version=if_match(), **by_user()
    )
    return created(saved, "coalitions")
