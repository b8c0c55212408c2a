"""A record's whole history from the event store, and the record as it was known on a date."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time
from typing import Any, Protocol
from uuid import UUID

from projections.kinds import API_KINDS, event_data, event_type, plain, record_kind

# Fields every event has, shown beside `data` rather than in it.


class History(Protocol):
    """What the audit reads: the application's history of a record (the Tracker)."""

    def history(self, kind: str, record_id: UUID) -> Sequence[Any]:
        """Every event of a record, oldest first."""

    def as_known_on(self, kind: str, record_id: UUID, moment: datetime) -> Any:
        """The record as recorded by `moment`, or None."""

    def coalition_id(self, coalition: str | UUID) -> UUID:
        """The id of a coalition named by code or id."""


def moment_of(value: date | datetime | str | None) -> datetime:
    """`as_known_on` as a moment: a date means the end of that day, a moment without an
    offset is UTC, nothing means now. ValueError for text that is neither."""
    if value is None:
        return datetime.now(UTC)
    if isinstance(value, str):
        text = value.strip()
        value = date.fromisoformat(text) if len(text) == 10 else datetime.fromisoformat(text)
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    return datetime.combine(value, time.max, tzinfo=UTC)


def record_state(record: Any) -> dict[str, Any]:
    """A record's fields as JSON has them, with its id and version."""
    fields = {k: v for k, v in vars(record).items() if not k.startswith("_")}
    return {"id": str(record.id), "version": record.version, **plain(fields)}


def audit(
    tracker: History,
    kind: str,
    record_id: str | UUID,
    as_known_on: date | datetime | str | None = None,
) -> dict[str, Any]:
    """`{kind, id, as_known_on, state, version, history}`: every event of the record, each
    marked `known` if it had been recorded by `as_known_on`, and the record as known then
    (`state` None when it had not been recorded yet). Dates and moments are objects, but
    in `state` and each event's `data`, which are as JSON has them. The tracker's errors
    (an unknown record) pass through."""
    moment = moment_of(as_known_on)
    kind = record_kind(kind)
    if kind == "coalition":
        record = tracker.coalition_id(record_id)
    else:
        record = record_id if isinstance(record_id, UUID) else UUID(str(record_id))
    events = tracker.history(kind, record)
    known = tracker.as_known_on(kind, record, moment)
    return {
        "kind": API_KINDS[kind],
        "id": str(record),
        "as_known_on": moment,
        "state": None if known is None else record_state(known),
        "version": None if known is None else known.version,
        "history": [
            {
                "version": e.originator_version,
                "type": event_type(e),
                "recorded_at": e.timestamp,
                "recorded_by": getattr(e, "recorded_by", None),
                "occurred_on": getattr(e, "occurred_on", None),
                "data": event_data(e),
                "known": e.timestamp <= moment,
            }
            for e in events
        ],
    }
