"""Where the record endpoints and /healthz meet the read models of projections/.

The record endpoints read their aggregate from the event store, which is always up to date;
what an aggregate does not hold (a commitment's budget lines, how far the projections lag)
comes from the read models through this module, so there is one place to look for it.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from projections import queries, runner
from tracker.composition import Services


def budget_lines_of(services: Services, commitment_id: UUID) -> list[str]:
    """The ids of the budget lines tied to a commitment, in the order they were identified
    (from the budget read model: a line saved a moment ago shows once it has caught up)."""
    return queries.budget_lines_of(services.engine, commitment_id)


def projection_health(services: Services) -> dict[str, dict[str, Any]]:
    """Each projection's `lag` (events it has still to apply) and `error`: None, or which
    event it failed on. Said without the error's own words, which may quote a record: the
    health check answers anyone, and `tracker projections status` tells the operator more."""
    status = runner.status(services.tracker, services.engine)
    return {
        name: {
            "lag": state["lag"],
            "error": state["error"]
            and f"failed on the event at position {state['error']['position']}",
        }
        for name, state in status["projections"].items()
    }
