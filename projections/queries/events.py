"""The event store itself as a feed: every fact about a record, in store order, by position.

For tools that follow the tracker (an evaluator's own copy, a data warehouse): they ask for
what came after the last position they saw. Events name their type by its stable public
name (`commitment.made`), never by a Python path, so that the feed survives refactoring.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.application import Application

from domain import RECORD_CLASSES
from projections.kinds import API_KINDS, event_data, event_type

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
# Only the records of the story are in the feed; bookkeeping aggregates (the claims that keep
# external references unique) are skipped, their content being in the creating events.
RECORD_TOPICS = tuple(f"{kind}." for kind in RECORD_CLASSES)


def events(app: Application[UUID], after: int = 0, limit: int = DEFAULT_LIMIT) -> dict[str, Any]:
    """`{items, next_after}`: up to `limit` events after position `after` (exclusive).

    `next_after` is the position to ask after next time: the last position read, which
    may be past the last item when bookkeeping events were skipped. Fewer items than
    `limit` means the feed has been read to its end.
    """
    if after < 0:
        raise ValueError("after is a position, 0 or more")
    if not 1 <= limit <= MAX_LIMIT:
        raise ValueError(f"limit must be 1 to {MAX_LIMIT}")
    items: list[dict[str, Any]] = []
    position = after
    while len(items) < limit:
        notifications = app.recorder.select_notifications(position + 1, limit - len(items))
        if not notifications:
            break
        for notification in notifications:
            position = notification.id
            if notification.topic.startswith(RECORD_TOPICS):
                items.append(_item(notification.id, app.mapper.to_domain_event(notification)))
    return {"items": items, "next_after": position}


def _item(position: int, event: Any) -> dict[str, Any]:
    kind = event_type(event).partition(".")[0]
    fields = vars(event)
    return {
        "position": position,
        "type": event_type(event),
        "record": {"type": API_KINDS[kind], "id": str(event.originator_id)},
        "version": event.originator_version,
        "recorded_at": event.timestamp,
        "recorded_by": fields.get("recorded_by"),
        "occurred_on": fields.get("occurred_on"),
        "data": event_data(event),
    }
