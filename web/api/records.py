"""What every kind of record has: `GET /<kind>/<id>` and `POST /<kind>/<id>/corrections`.

Each resource's blueprint adds these two routes through `add_record_routes`, with its own
output and correction schemas, so the document describes each kind exactly.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from marshmallow import Schema

from projections.kinds import API_KINDS
from web.access import documents_read, guards_change, record_id
from web.api.blueprint import Blueprint
from web.auth import current_user
from web.idempotency import idempotent
from web.presentation import present
from web.schemas.common import SavedOut
from web.services import use_cases
from web.writes import by_user, created, if_match

# The path segment of each kind of record.
COLLECTIONS = API_KINDS

# The path parameter naming a record of each kind (a coalition also by its code).
PARAMETERS = {
    "coalition": "coalition",
    "evidence": "evidence_id",
    "advocacy_input": "input_id",
    "dialogue": "dialogue_id",
    "commitment": "commitment_id",
    "budget_line": "line_id",
    "outcome": "outcome_id",
}


def add_record_routes(
    bp: Blueprint, kind: str, output: type[Schema], correction: type[Schema]
) -> None:
    """Add the read of one record and its corrections to a resource's blueprint."""
    label = kind.replace("_", " ")
    param = PARAMETERS[kind]
    rule = f"/<{param}>" if kind == "coalition" else f"/<uuid:{param}>"

    def read(**path: UUID | str) -> tuple[dict[str, Any], int, dict[str, str]]:
        found = use_cases().get(kind, record_id(kind, path[param]))
        return present(found, current_user()), 200, {"ETag": f'"{found.version}"'}

    read.__doc__ = f"""The {label} as it stands now.

    Its `version` is also its `ETag`; send it back as `If-Match` to change it safely.
    """
    bp.route(rule, methods=["GET"], endpoint=f"read_{kind}")(
        documents_read(bp.response(200, output)(read))
    )

    def correct(body: dict[str, Any], **path: UUID | str) -> Any:
        fields = dict(body)
        reason, occurred_on = fields.pop("reason"), fields.pop("occurred_on")
        saved = use_cases().correct(
            kind,
            record_id(kind, path[param]),
            changes=fields,
            reason=reason,
            occurred_on=occurred_on,
            expected_version=if_match(),
            **by_user(),
        )
        return created(saved, COLLECTIONS[kind])

    correct.__doc__ = f"""Put right a wrong entry of the {label}, with the reason.

    A correction is not a change in the world: history and the timeline show it as one.
    """
    bp.route(f"{rule}/corrections", methods=["POST"], endpoint=f"correct_{kind}")(
        guards_change(kind, "correction", param)(
            idempotent(bp.arguments(correction)(bp.response(201, SavedOut)(correct)))
        )
    )
