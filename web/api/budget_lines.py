"""Budget lines tied to commitments, and their proposed, allocated, released, spent figures."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from web.access import guards_change, guards_create
from web.api.blueprint import Blueprint
from web.api.records import add_record_routes
from web.idempotency import idempotent
from web.schemas.budget_lines import (
    AmountIn,
    BudgetLineCorrectionIn,
    BudgetLineIn,
    BudgetLineOut,
)
from web.schemas.common import SavedOut
from web.services import use_cases
from web.writes import by_user, created, if_match

bp = Blueprint(
    "budget-lines",
    __name__,
    url_prefix="/budget-lines",
    description="Lines of public budgets, followed from proposal to spending.",
)
add_record_routes(bp, "budget_line", BudgetLineOut, BudgetLineCorrectionIn)


@bp.route("", methods=["POST"])
@guards_create("budget_line")
@idempotent
@bp.arguments(BudgetLineIn)
@bp.response(201, SavedOut)
def identify_budget_line(body: dict[str, Any]) -> Any:
    """Record a line of a public budget that commitments depend on."""
    return created(use_cases().identify_budget_line(**body, **by_user()), "budget-lines")


@bp.route("/<uuid:line_id>/amounts", methods=["POST"])
@guards_change("budget_line", "amount", "line_id")
@idempotent
@bp.arguments(AmountIn)
@bp.response(201, SavedOut)
def record_amount(body: dict[str, Any], line_id: UUID) -> Any:
    """A proposed, allocated, released or spent figure, as a decimal string.

    For each stage the figure shown is the one with the latest `occurred_on`.
    """
    saved = use_cases().record_budget_amount(
        line_id, **body, expected_version=if_match(), **by_user()
    )
    return created(saved, "budget-lines")
