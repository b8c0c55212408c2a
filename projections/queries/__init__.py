"""Questions the read models answer in milliseconds, in the shapes of DESIGN.md's read API.

Each answers from the read-model tables, never by replaying the store, except `audit`,
whose point is to read the store itself. Rows about evidence carry its `sensitivity` and
`coalition`, so that the API can redact what a reader may not see. Dates are `date`s and
moments timezone-aware `datetime`s (stored ones in UTC): each edge writes them its own way.
"""

from projections.queries.audit import audit, moment_of, record_state
from projections.queries.chains import impact_chain
from projections.queries.commitments import budget_lines_of, commitments
from projections.queries.fulfilment import fulfilment
from projections.queries.records import all_coalitions, records_of_kind
from projections.queries.reviews import review_queue
from projections.queries.summary import records_by_coalition
from projections.queries.timeline import timeline

__all__ = [
    "all_coalitions",
    "audit",
    "budget_lines_of",
    "commitments",
    "fulfilment",
    "impact_chain",
    "moment_of",
    "record_state",
    "records_by_coalition",
    "records_of_kind",
    "review_queue",
    "timeline",
]
