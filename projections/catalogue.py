"""Every projection of the tracker, by name."""

from __future__ import annotations

from collections.abc import Iterable

from projections import budget, coalitions, commitments, impact, timeline
from projections.projection import Projection

PROJECTIONS: tuple[Projection, ...] = (
    coalitions.projection,
    timeline.projection,
    commitments.projection,
    budget.projection,
    impact.projection,
)
NAMES = tuple(p.name for p in PROJECTIONS)


class UnknownProjection(ValueError):
    """No projection has this name."""

    def __init__(self, name: str) -> None:
        super().__init__(f"no projection is named {name!r}; there are: {', '.join(NAMES)}")


def chosen(names: Iterable[str] | None = None) -> tuple[Projection, ...]:
    """The projections named (all of them when None), in the catalogue's order."""
    if names is None:
        return PROJECTIONS
    wanted = set(names)
    for name in wanted - set(NAMES):
        raise UnknownProjection(name)
    return tuple(p for p in PROJECTIONS if p.name in wanted)
