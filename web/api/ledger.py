"""`GET /ledger/head`: the hash chain's head, for evaluators to note and verify later."""

from __future__ import annotations

from typing import Any

from marshmallow import RAISE

from tracker.permissions import AUDITORS
from web.access import reserved_for
from web.api.blueprint import Blueprint
from web.schemas.ledger import LedgerHeadOut
from web.schemas.queries import Query
from web.services import use_cases

bp = Blueprint(
    "ledger",
    __name__,
    url_prefix="/ledger",
    description="The tamper-evident ledger every stored event is linked in.",
)


@bp.route("/head", methods=["GET"])
@reserved_for(*AUDITORS)
@bp.arguments(Query, location="query", unknown=RAISE)
@bp.response(200, LedgerHeadOut)
def read_head(_query: dict[str, Any]) -> Any:
    """The last link of the chain: its position in the store, its hash, and when its event
    was recorded. Note it; later, `tracker verify --head POSITION:HASH` fails (`truncated`)
    if it is no longer in the chain, and otherwise checks every event up to now."""
    head = use_cases().ledger_head()
    return {
        "position": head.position,
        "hash": head.hash.hex(),
        "recorded_at": head.recorded_at,
    }
