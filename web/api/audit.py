"""`GET /audit/<kind>/<id>?as_known_on=`: a record's whole history, and what was known when.

The evaluator's question is "what did we know on that date?": every event is listed with
who recorded it and when, and marked `known` if it had been recorded by then; `state` is
the record as it stood in the store at that moment, read from the events themselves.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from projections import queries as read_models
from projections.kinds import RECORD_KINDS
from tracker.accounts import user_names
from tracker.errors import RecordNotFound
from web import redaction
from web.api.blueprint import Blueprint
from web.auth import current_user
from web.presentation import coalition_code
from web.schemas.audit import AuditOut, AuditQuery
from web.services import services, use_cases

bp = Blueprint(
    "audit",
    __name__,
    url_prefix="/audit",
    description="The history of every record, and records as known on a date.",
)
KINDS = ", ".join(f"'{kind}'" for kind in RECORD_KINDS)


@bp.read_query(f"/<any({KINDS}):kind>/<record>", AuditQuery, AuditOut, 404)
def read_audit(query: dict[str, Any], kind: str, record: str) -> Any:
    """The record's whole history, each event marked `known` if recorded by `as_known_on`,
    and its state as known then (null if not yet recorded).

    `as_known_on` is a date (the end of that day) or a date-time; without an offset, UTC;
    omitted, now. A coalition is also named by its code. Sensitivity is judged per
    version: an event written while the evidence was more guarded than the reader may read
    (or written under a sensitivity it has since been raised above) keeps its provenance,
    not its data, and the state is redacted if it holds any such event's content.
    Each event names its position in the store and its ledger link's hash (`tracker
    verify` recomputes them).
    """
    record_kind = RECORD_KINDS[kind]
    record_id = _record_id(record_kind, record)
    answer = read_models.audit(use_cases(), record_kind, record_id, query["as_known_on"])
    now = use_cases().get(record_kind, record_id)
    owner = record_id if record_kind == "coalition" else now.coalition  # type: ignore[attr-defined]
    state = answer["state"]
    if state is not None and record_kind != "coalition":
        state["coalition"] = coalition_code(UUID(state["coalition"]))
    names = user_names(services().engine, (e["recorded_by"] for e in answer["history"]))
    links = use_cases().ledger.links_of(record_id)
    for entry in answer["history"]:
        entry["recorded_by"] = names.get(entry["recorded_by"], entry["recorded_by"])
        link = links.get(entry["version"])
        entry["position"] = link.position if link else None
        entry["link"] = link.hash.hex() if link else None
    return redaction.audit(current_user(), answer, now, coalition_code(owner))


def _record_id(kind: str, value: str) -> UUID:
    """The id in the path (a coalition's also by code); 404 for one that names nothing."""
    if kind == "coalition":
        return use_cases().coalition_id(value)
    try:
        return UUID(value)
    except ValueError:
        raise RecordNotFound(kind, value) from None
