"""Coalitions by id, with their code and name: what other read models answer with."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from domain.coalitions import Coalition
from projections.batch import Change, Key, Op, Row
from projections.kinds import id_text
from projections.projection import Projection, View
from projections.schema import coalitions

projection = Projection("coalitions", tables=(coalitions,))


@projection.reads
def _needs(event: Any) -> Iterator[tuple[Any, Key]]:
    if isinstance(event, Coalition.Event) and not isinstance(event, Coalition.Registered):
        yield coalitions, id_text(event.originator_id)


@projection.on(Coalition.Registered)
def _registered(event: Coalition.Registered, view: View) -> Iterator[Op]:
    yield Row(
        coalitions,
        {
            "id": id_text(event.originator_id),
            "code": event.code,
            "name": event.name,
            "country": event.country,
            "members": [],
            "occurred_on": event.occurred_on,
            "recorded_at": event.timestamp,
            "recorded_by": event.recorded_by,
        },
    )


@projection.on(Coalition.Renamed)
def _renamed(event: Coalition.Renamed, view: View) -> Iterator[Op]:
    yield Change(coalitions, id_text(event.originator_id), {"name": event.name})


@projection.on(Coalition.MemberJoined, Coalition.MemberLeft)
def _members(event: Coalition.MemberJoined | Coalition.MemberLeft, view: View) -> Iterator[Op]:
    key = id_text(event.originator_id)
    row = view.get(coalitions, key)
    members = list(row["members"]) if row else []
    if isinstance(event, Coalition.MemberJoined):
        members.append(event.name)
    elif event.name in members:
        members.remove(event.name)
    yield Change(coalitions, key, {"members": members})


@projection.on(Coalition.Corrected)
def _corrected(event: Coalition.Corrected, view: View) -> Iterator[Op]:
    changes: dict[str, Any] = {
        k: event.changes[k] for k in ("name", "country") if k in event.changes
    }
    if changes:
        yield Change(coalitions, id_text(event.originator_id), changes)
