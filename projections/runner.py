"""Running projections: the one name the rest of the tracker imports them by.

- `projections.catch_up`: apply what the projections have not yet applied, each event once.
- `projections.rebuild`: build them again from the whole store, aside, and swap them in.
- `projections.status`: how far each has got, and which must be rebuilt.
"""

from __future__ import annotations

from projections.catch_up import CATCH_UP_BATCH, Progress, apply, catch_up, event_type_of, head
from projections.rebuild import REBUILD_BATCH, Opener, fill_elsewhere, rebuild, share
from projections.status import lag, outdated, status

__all__ = [
    "CATCH_UP_BATCH",
    "REBUILD_BATCH",
    "Opener",
    "Progress",
    "apply",
    "catch_up",
    "event_type_of",
    "fill_elsewhere",
    "head",
    "lag",
    "outdated",
    "rebuild",
    "share",
    "status",
]
